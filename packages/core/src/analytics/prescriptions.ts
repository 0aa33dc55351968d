import { asc, desc, eq, gte, sql } from "drizzle-orm";
import { z } from "../util/zod";
import { fn } from "../util/fn";
import { VisibleError } from "../util/error";
import { createTransaction, useTransaction } from "../drizzle";
import { useUser } from "../actor";
import type { PrescriptionEvent } from "../prescription/event";
import { analyticsAppliedTable } from "./analytics.sql";
import { analyticsPrescriptionDailyTable as D } from "./prescriptions.sql";

const counts = z.object({ prescribed: z.number().int(), dispenses: z.number().int(), dispensedUnits: z.number().int(), cancelled: z.number().int() });
export const PrescriptionSummary = z
  .object({
    totals: counts,
    doctors: z.array(counts.extend({ doctorId: z.string() })),
    daily: z.array(counts.extend({ day: z.string() })).describe("The last 14 event-time UTC days with any prescription event, newest first"),
  })
  .openapi("PrescriptionAnalytics");
export type PrescriptionSummary = z.infer<typeof PrescriptionSummary>;
type Counts = z.infer<typeof counts>;

/** Which counter an event adds to (the repeat events count nothing here: a repeat approval is a `prescribed`). */
function delta(e: PrescriptionEvent): Partial<Counts> | null {
  if (e.type === "prescription.prescribed") return { prescribed: 1 };
  if (e.type === "prescription.dispensed") return { dispenses: 1, dispensedUnits: e.data.units };
  if (e.type === "prescription.cancelled") return { cancelled: 1 };
  return null;
}

/**
 * Count a batch once per event id, in one transaction: the ids go into the shared ledger (`ON
 * CONFLICT DO NOTHING RETURNING` says which are new), only the new ones are added to their day.
 * Batches are small (a clinic writes a few hundred prescriptions a day), so one upsert per
 * (day, doctor) is enough; they are taken in key order so concurrent batches never deadlock.
 */
export async function applyPrescriptionEvents(events: PrescriptionEvent[]): Promise<{ applied: number; duplicates: number }> {
  const unique = [...new Map(events.map((e) => [e.id, e])).values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  if (!unique.length) return { applied: 0, duplicates: events.length };
  return createTransaction(async (tx) => {
    const fresh = await tx
      .insert(analyticsAppliedTable)
      .values(unique.map((e) => ({ eventId: e.id, occurredAt: new Date(e.occurredAt) })))
      .onConflictDoNothing()
      .returning({ id: analyticsAppliedTable.eventId });
    const isFresh = new Set(fresh.map((f) => f.id));
    const byKey = new Map<string, Counts & { day: string; doctorId: string }>();
    for (const e of unique) {
      const d = isFresh.has(e.id) ? delta(e) : null;
      if (!d) continue;
      const day = new Date(e.occurredAt).toISOString().slice(0, 10);
      const key = `${day}|${e.data.doctorId}`;
      const c = byKey.get(key) ?? { day, doctorId: e.data.doctorId, prescribed: 0, dispenses: 0, dispensedUnits: 0, cancelled: 0 };
      c.prescribed += d.prescribed ?? 0;
      c.dispenses += d.dispenses ?? 0;
      c.dispensedUnits += d.dispensedUnits ?? 0;
      c.cancelled += d.cancelled ?? 0;
      byKey.set(key, c);
    }
    for (const key of [...byKey.keys()].sort()) {
      const c = byKey.get(key)!;
      await tx
        .insert(D)
        .values(c)
        .onConflictDoUpdate({
          target: [D.day, D.doctorId],
          set: {
            prescribed: sql`${D.prescribed} + excluded.prescribed`,
            dispenses: sql`${D.dispenses} + excluded.dispenses`,
            dispensedUnits: sql`${D.dispensedUnits} + excluded.dispensed_units`,
            cancelled: sql`${D.cancelled} + excluded.cancelled`,
          },
        });
    }
    return { applied: fresh.length, duplicates: events.length - fresh.length };
  });
}

const sums = {
  prescribed: sql<number>`coalesce(sum(${D.prescribed}), 0)::int`,
  dispenses: sql<number>`coalesce(sum(${D.dispenses}), 0)::int`,
  dispensedUnits: sql<number>`coalesce(sum(${D.dispensedUnits}), 0)::int`,
  cancelled: sql<number>`coalesce(sum(${D.cancelled}), 0)::int`,
};
const pick = (r: Record<keyof Counts, unknown> | undefined): Counts => ({
  prescribed: Number(r?.prescribed ?? 0),
  dispenses: Number(r?.dispenses ?? 0),
  dispensedUnits: Number(r?.dispensedUnits ?? 0),
  cancelled: Number(r?.cancelled ?? 0),
});

export const PrescriptionSummaryInput = z.object({ doctorId: z.string().min(1).max(64).optional() });

/** Prescriptions and dispenses per prescriber and per day; a doctor sees their own only. */
export const prescriptionSummary = fn(PrescriptionSummaryInput, async (input): Promise<PrescriptionSummary> => {
  const user = useUser();
  let doctorId = input.doctorId ?? null;
  if (user.role === "doctor") {
    if (doctorId && doctorId !== user.doctorId)
      throw new VisibleError("forbidden", "analytics.other_doctor", "A doctor sees only their own analytics.", [{ field: "doctorId", message: "Must be your own doctor id" }]);
    doctorId = user.doctorId ?? "__none__";
  }
  const where = doctorId ? eq(D.doctorId, doctorId) : undefined;
  return useTransaction(async (tx) => {
    const [totals] = await tx.select(sums).from(D).where(where);
    const doctors = await tx
      .select({ doctorId: D.doctorId, ...sums })
      .from(D)
      .where(where)
      .groupBy(D.doctorId)
      .orderBy(asc(D.doctorId));
    const since = new Date(Date.now() - 13 * 86_400_000).toISOString().slice(0, 10);
    const daily = await tx
      .select({ day: D.day, ...sums })
      .from(D)
      .where(where ? sql`${where} and ${gte(D.day, since)}` : gte(D.day, since))
      .groupBy(D.day)
      .orderBy(desc(D.day));
    return { totals: pick(totals), doctors: doctors.map((d) => ({ doctorId: d.doctorId, ...pick(d) })), daily: daily.map((d) => ({ day: d.day, ...pick(d) })) };
  });
});
