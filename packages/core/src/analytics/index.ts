import { and, asc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import { z } from "../util/zod";
import { fn } from "../util/fn";
import { VisibleError } from "../util/error";
import { instant } from "../util/date";
import { createTransaction, useTransaction } from "../drizzle";
import { useUser } from "../actor";
import { AppointmentEvent } from "../appointment/event";
import { analyticsAppliedTable, analyticsHourlyTable } from "./analytics.sql";
import { averagePerHour, fold, HOUR, total, zero, type Counts } from "./fold";

export { fold, windowOf, averagePerHour, HOUR, type Counts } from "./fold";

const CountsSchema = z.object({ booked: z.number().int(), rescheduled: z.number().int(), cancelled: z.number().int(), completed: z.number().int(), noShow: z.number().int() });

export namespace Analytics {
  export const Counts = CountsSchema.openapi("AnalyticsCounts");
  export const Snapshot = z
    .object({
      metricType: z.literal("AppointmentAnalytics"),
      totalEventsCreated: z.number().int().describe("All appointment events counted so far (every type)"),
      avgAppointmentsPerHour: z.number().describe("Bookings ÷ event-time hours from windowStartTime to windowEndTime"),
      windowStartTime: z.number().int().nullable().describe("Start (ms) of the first hour with an event"),
      windowEndTime: z.number().int().nullable().describe("End (ms, exclusive) of the latest hour with an event"),
      timestamp: z.number().int().describe("When this snapshot was read (ms)"),
      doctorId: z.string().nullable().describe("Set when the snapshot is one doctor's"),
      totals: CountsSchema,
      doctors: z.array(CountsSchema.extend({ doctorId: z.string(), total: z.number().int() })),
      hourly: z.array(CountsSchema.extend({ hour: z.string(), total: z.number().int() })).describe("The last 24 event-time hours of the window"),
    })
    .openapi("AnalyticsSnapshot");
  export type Snapshot = z.infer<typeof Snapshot>;

  /**
   * Count a batch exactly once, in one transaction: record the ids (ON CONFLICT DO NOTHING
   * RETURNING says which are new), fold only the new events, add them to their windows. A
   * crash before commit leaves nothing; a redelivery after commit finds every id taken.
   */
  export async function apply(events: AppointmentEvent[]): Promise<{ applied: number; duplicates: number }> {
    const unique = new Map<string, AppointmentEvent>();
    for (const e of events) unique.set(e.id, e);
    if (unique.size === 0) return { applied: 0, duplicates: events.length };
    return createTransaction(async (tx) => {
      const fresh: AppointmentEvent[] = [];
      const all = [...unique.values()];
      for (let i = 0; i < all.length; i += 2000) {
        const chunk = all.slice(i, i + 2000);
        const inserted = await tx
          .insert(analyticsAppliedTable)
          .values(chunk.map((e) => ({ eventId: e.id, occurredAt: new Date(e.occurredAt) })))
          .onConflictDoNothing()
          .returning({ id: analyticsAppliedTable.eventId });
        const ids = new Set(inserted.map((r) => r.id));
        for (const e of chunk) if (ids.has(e.id)) fresh.push(e);
      }
      // Sorted so concurrent batches lock window rows in one order (no deadlocks).
      const windows = [...fold(fresh)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      for (let i = 0; i < windows.length; i += 1000) {
        const rows = windows.slice(i, i + 1000).map(([k, c]) => {
          const [hour, doctorId] = k.split("|");
          return { hour: new Date(Number(hour)), doctorId: doctorId!, ...c };
        });
        const add = (col: keyof Counts) => sql`${analyticsHourlyTable[col]} + excluded.${sql.identifier(analyticsHourlyTable[col].name)}`;
        await tx
          .insert(analyticsHourlyTable)
          .values(rows)
          .onConflictDoUpdate({
            target: [analyticsHourlyTable.hour, analyticsHourlyTable.doctorId],
            set: { booked: add("booked"), rescheduled: add("rescheduled"), cancelled: add("cancelled"), completed: add("completed"), noShow: add("noShow") },
          });
      }
      return { applied: fresh.length, duplicates: events.length - fresh.length };
    });
  }

  const sums = {
    booked: sql<number>`coalesce(sum(${analyticsHourlyTable.booked}), 0)::int`,
    rescheduled: sql<number>`coalesce(sum(${analyticsHourlyTable.rescheduled}), 0)::int`,
    cancelled: sql<number>`coalesce(sum(${analyticsHourlyTable.cancelled}), 0)::int`,
    completed: sql<number>`coalesce(sum(${analyticsHourlyTable.completed}), 0)::int`,
    noShow: sql<number>`coalesce(sum(${analyticsHourlyTable.noShow}), 0)::int`,
  };
  // A row selected with `sums` (typed by drizzle; Number() because a driver may hand back int text).
  const pick = (r: { [K in keyof Counts]: unknown } | undefined): Counts => ({
    booked: Number(r?.booked ?? 0),
    rescheduled: Number(r?.rescheduled ?? 0),
    cancelled: Number(r?.cancelled ?? 0),
    completed: Number(r?.completed ?? 0),
    noShow: Number(r?.noShow ?? 0),
  });

  /** The seed's message plus the breakdowns; `doctorId` narrows everything to one doctor. */
  export async function snapshot(scope: { doctorId?: string | null } = {}): Promise<Snapshot> {
    const doctorId = scope.doctorId ?? null;
    const where = doctorId ? eq(analyticsHourlyTable.doctorId, doctorId) : undefined;
    return useTransaction(async (tx) => {
      const [head] = await tx
        .select({ ...sums, first: sql<string | null>`min(${analyticsHourlyTable.hour})`, last: sql<string | null>`max(${analyticsHourlyTable.hour})` })
        .from(analyticsHourlyTable)
        .where(where);
      const totals = pick(head);
      const first = head?.first ? new Date(head.first).getTime() : null;
      const last = head?.last ? new Date(head.last).getTime() : null;
      const doctors = await tx
        .select({ doctorId: analyticsHourlyTable.doctorId, ...sums })
        .from(analyticsHourlyTable)
        .where(where)
        .groupBy(analyticsHourlyTable.doctorId)
        .orderBy(asc(analyticsHourlyTable.doctorId));
      const hourly = last === null ? [] : await hourlyRows({ from: last - 23 * HOUR, to: last + HOUR, doctorId });
      return {
        metricType: "AppointmentAnalytics" as const,
        totalEventsCreated: total(totals),
        avgAppointmentsPerHour: averagePerHour(totals.booked, first, last),
        windowStartTime: first,
        windowEndTime: last === null ? null : last + HOUR,
        timestamp: Date.now(),
        doctorId,
        totals,
        doctors: doctors.map((d) => ({ doctorId: d.doctorId, ...pick(d), total: total(pick(d)) })),
        hourly,
      };
    });
  }

  /** Dense hourly series in [from, to): every hour present, zeros included. */
  async function hourlyRows(q: { from: number; to: number; doctorId: string | null }) {
    const where: SQL[] = [gte(analyticsHourlyTable.hour, new Date(q.from)), lt(analyticsHourlyTable.hour, new Date(q.to))];
    if (q.doctorId) where.push(eq(analyticsHourlyTable.doctorId, q.doctorId));
    const rows = await useTransaction((tx) =>
      tx
        .select({ hour: analyticsHourlyTable.hour, ...sums })
        .from(analyticsHourlyTable)
        .where(and(...where))
        .groupBy(analyticsHourlyTable.hour),
    );
    const byHour = new Map(rows.map((r) => [new Date(r.hour).getTime(), pick(r)]));
    const out = [];
    for (let h = q.from; h < q.to; h += HOUR) {
      const c = byHour.get(h) ?? zero();
      out.push({ hour: new Date(h).toISOString(), ...c, total: total(c) });
    }
    return out;
  }

  /** Doctors see their own numbers only; staff and admin anyone's or the clinic's. */
  function scopeFor(doctorId: string | undefined) {
    const user = useUser();
    if (user.role === "doctor") {
      if (doctorId && doctorId !== user.doctorId)
        throw new VisibleError("forbidden", "analytics.other_doctor", "A doctor sees only their own analytics.", [{ field: "doctorId", message: "Must be your own doctor id" }]);
      return user.doctorId ?? "__none__";
    }
    return doctorId ?? null;
  }

  export const SummaryInput = z.object({ doctorId: z.string().min(1).max(64).optional() });
  export const summary = fn(SummaryInput, (input) => snapshot({ doctorId: scopeFor(input.doctorId) }));

  const MAX_HOURS = 24 * 31;
  export const HourlyInput = z
    .object({
      from: instant().optional().describe("Start (inclusive), rounded down to the hour; default `to` − 24 h"),
      to: instant().optional().describe("End (exclusive), rounded up to the hour; default the end of the current hour"),
      doctorId: z.string().min(1).max(64).optional(),
    })
    .superRefine((v, ctx) => {
      if (v.from && v.to && Date.parse(v.from) >= Date.parse(v.to)) ctx.addIssue({ code: "custom", path: ["to"], message: "Must be after from" });
      if (v.from && v.to && Date.parse(v.to) - Date.parse(v.from) > MAX_HOURS * HOUR)
        ctx.addIssue({ code: "custom", path: ["to"], message: `At most ${MAX_HOURS} hours after from` });
    });
  export const HourlyPoint = CountsSchema.extend({ hour: z.string(), total: z.number().int() }).openapi("AnalyticsHour");

  export const hourly = fn(HourlyInput, async (input) => {
    const doctorId = scopeFor(input.doctorId);
    const to = input.to ? Math.ceil(Date.parse(input.to) / HOUR) * HOUR : Math.floor(Date.now() / HOUR) * HOUR + HOUR;
    const from = input.from ? Math.floor(Date.parse(input.from) / HOUR) * HOUR : to - 24 * HOUR;
    if (to <= from || to - from > MAX_HOURS * HOUR)
      throw new VisibleError("input", "validation", "The request is invalid.", [
        { field: input.to ? "query.to" : "query.from", message: `The range must be 1 to ${MAX_HOURS} hours` },
      ]);
    return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), doctorId, items: await hourlyRows({ from, to, doctorId }) };
  });

  /** Every counter the tests compare with a recount: `hourMs|doctorId` → counts. */
  export async function dump(): Promise<Map<string, Counts>> {
    const rows = await useTransaction((tx) => tx.select().from(analyticsHourlyTable));
    return new Map(rows.map((r) => [`${new Date(r.hour).getTime()}|${r.doctorId}`, pick(r)]));
  }
}
