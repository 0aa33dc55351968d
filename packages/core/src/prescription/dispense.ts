import { and, eq, gte, inArray, type SQL } from "drizzle-orm";
import { z } from "../util/zod";
import { fn } from "../util/fn";
import { createId } from "../util/id";
import { Cursor } from "../util/cursor";
import { Keyset } from "../util/keyset";
import { VisibleError } from "../util/error";
import { createTransaction, useTransaction } from "../drizzle";
import { assertRole, actorLabel } from "../actor";
import { Audit } from "../audit";
import { idempotent } from "../invoice/idempotency";
import { dispenseTable, prescriptionTable } from "./prescription.sql";
import { announce, serializeForPharmacy, totalUnits, views, PharmacyItem } from "./info";
import { lockPrescription } from "./prescribe";
import { loadView } from "./read";
import { dispensable, effectiveStatus, statusAfter, todayUtc } from "./status";

const Id = z.string().min(1).max(64);
const P = prescriptionTable;

export const QueueInput = z.object({ cursor: Cursor.optional(), limit: z.coerce.number().int().min(1).max(200).default(50) });
export const DispenseInput = z
  .object({ units: z.number().int().min(1).max(10_000).openapi({ description: "Units handed over; at most what is left of the current fill" }) })
  .strict();
export const DispenseResult = z
  .object({ dispense: z.object({ id: z.string(), units: z.number().int(), createdAt: z.string() }), prescription: PharmacyItem })
  .openapi("DispenseResult");
type DispenseResult = z.infer<typeof DispenseResult>;

/**
 * The pharmacy queue: every prescription that can still be dispensed (open and in date), newest
 * first. A pharmacist (or admin) sees the patient's name and birth date only; the audit row
 * names every patient on the page.
 */
export const queue = fn(QueueInput, async (input) => {
  assertRole("pharmacist", "admin");
  const where: SQL[] = [inArray(P.status, [...dispensable]), gte(P.validUntil, todayUtc())];
  if (input.cursor) where.push(Keyset.after(input.cursor, P.createdAt, P.id, "desc"));
  const rows = await views(and(...where), input.limit + 1);
  const { page, nextCursor } = Keyset.page(rows, input.limit, (r) => ({ at: r.p.createdAt, id: r.p.id }));
  await Audit.record({ action: "prescription.queue", resourceType: "prescription", patientIds: page.map((r) => r.p.patientId), detail: { count: page.length } });
  return { items: page.map((r) => serializeForPharmacy(r)), nextCursor };
});

/** One prescription as the pharmacy sees it (for the counter after a scan of the printed id). */
export const readForPharmacy = fn(Id, async (id) => {
  assertRole("pharmacist", "admin");
  const view = await loadView(id);
  await Audit.record({ action: "prescription.read", resourceType: "prescription", resourceId: id, patientId: view.p.patientId, detail: { view: "pharmacy" } });
  return serializeForPharmacy(view);
});

/**
 * Hand over `units` at the counter, at most once per Idempotency-Key (a retried click replays
 * the first answer). The prescription row is locked for the whole check-and-count, so two
 * counters dispensing the last units queue on the lock and the second finds nothing left (409);
 * the table's CHECK (dispensed ≤ quantity × (1 + repeats)) holds even if this code did not.
 * A dispense never crosses a fill: each repeat is its own hand-over.
 */
export const dispense = fn(z.object({ id: Id, idempotencyKey: z.string().min(1).max(255), input: DispenseInput }), async ({ id, idempotencyKey, input }) => {
  assertRole("pharmacist");
  const out = await idempotent<DispenseResult>(`prescription.dispense:${actorLabel()}`, idempotencyKey, { prescriptionId: id, ...input }, () =>
    createTransaction(async (tx) => {
      const row = await lockPrescription(tx, id);
      const status = effectiveStatus(row.status, row.validUntil);
      if (status === "expired" || !dispensable.includes(row.status))
        throw new VisibleError("conflict", "prescription.not_dispensable", `A ${status} prescription cannot be dispensed.`);
      const fillLeft = Math.min(totalUnits(row) - row.dispensedUnits, row.quantity - (row.dispensedUnits % row.quantity));
      if (input.units > fillLeft)
        throw new VisibleError("conflict", "prescription.over_dispense", `Only ${fillLeft} unit(s) are left to dispense on this fill.`, [
          { field: "units", message: `At most ${fillLeft}` },
        ]);
      const dispensedUnits = row.dispensedUnits + input.units;
      const [updated] = await tx
        .update(P)
        .set({ dispensedUnits, status: statusAfter(dispensedUnits, row.quantity, row.repeats), updatedAt: new Date() })
        .where(eq(P.id, id))
        .returning();
      const [d] = await tx
        .insert(dispenseTable)
        .values({ id: createId("dispense"), prescriptionId: id, units: input.units, dispensedBy: actorLabel() })
        .returning();
      await announce("prescription.dispensed", updated!, { units: input.units });
      await Audit.record({
        action: "prescription.dispense",
        resourceType: "prescription",
        resourceId: id,
        patientId: row.patientId,
        detail: { units: input.units, dispensedUnits },
      });
      const view = await loadView(id);
      return { status: 200, body: { dispense: { id: d!.id, units: d!.units, createdAt: d!.createdAt.toISOString() }, prescription: serializeForPharmacy(view) } };
    }),
  );
  // A replay discloses the stored answer (the patient's name) again: audited like the first.
  if (out.replayed) {
    const [row] = await useTransaction((tx) => tx.select({ patientId: P.patientId }).from(P).where(eq(P.id, id)));
    await Audit.record({ action: "prescription.dispense", resourceType: "prescription", resourceId: id, patientId: row?.patientId ?? null, detail: { replayed: true } });
  }
  return out;
});
