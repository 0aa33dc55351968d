import { and, asc, eq, getTableName, gte, lt, sql, type SQL } from "drizzle-orm";
import { z } from "../util/zod";
import { fn } from "../util/fn";
import { VisibleError } from "../util/error";
import { instant } from "../util/date";
import { useTransaction } from "../drizzle";
import { col, cols, intArray, placeholders, prepared, textArray } from "../drizzle/statement";
import { useUser } from "../actor";
import { AppointmentEvent } from "../appointment/event";
import { analyticsAppliedTable, analyticsHourlyTable } from "./analytics.sql";
import { averagePerHour, counterOf, counters, HOUR, total, zero, type Counts } from "./fold";

export { fold, windowOf, averagePerHour, HOUR, type Counts } from "./fold";
import * as rx from "./prescriptions";
import { readAppointmentEvent } from "./record";

const CountsSchema = z.object({ booked: z.number().int(), rescheduled: z.number().int(), cancelled: z.number().int(), completed: z.number().int(), noShow: z.number().int() });

/**
 * `occurredAt` at millisecond precision in UTC, as `windowOf` (and so the recount) reads it. The
 * outbox writes `toISOString()` already (24 characters, `Z`), which is passed as it is.
 */
const canonical = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const millisecondsUtc = (t: string) => (canonical.test(t) ? t : new Date(Date.parse(t)).toISOString());

/** An event's type → its counter's position in `counters`: the `kind` the statement below folds by. */
const kindOf = Object.fromEntries(Object.entries(counterOf).map(([type, c]) => [type, counters.indexOf(c)])) as Record<AppointmentEvent["type"], number>;

const A = analyticsAppliedTable;
const H = analyticsHourlyTable;
/** The batch as columns: one array literal per field (textArray, intArray), the same length, in the order of the unique events. */
type ApplyValues = { ids: string; occurred: string; doctors: string; kinds: string };
const p = placeholders<ApplyValues>();
const hourlyName = sql.identifier(getTableName(H));
const counterCols = sql.join(
  counters.map((c) => col(H[c])),
  sql`, `,
);
/** One count per counter over the batch's new events of a window, in `counters` order. */
const folded = sql.join(
  counters.map((_, i) => sql`count(*) filter (where e.kind = ${sql.raw(String(i))})::int`),
  sql`, `,
);
const added = sql.join(
  counters.map((c) => sql`${col(H[c])} = ${hourlyName}.${col(H[c])} + excluded.${col(H[c])}`),
  sql`, `,
);
/**
 * The whole batch in one statement: `e` the events (unnest of the arrays), `fresh` the ids never
 * counted before (inserted in id order), then their windows folded and upserted in
 * `(hour, doctor)` order. The hour is `date_bin` of the millisecond `occurred_at` on the epoch:
 * the UTC hour, whatever the session's time zone, as `windowOf` computes it. The times go as
 * `text[]` and are cast here: drizzle's postgres-js driver sends `timestamptz[]` parameters
 * unserialized (it makes the timestamp types pass-through), so a JS array of them fails.
 */
const APPLY = prepared<ApplyValues>(sql`
  with e as (
    select u.event_id, u.occurred_at::timestamptz as occurred_at, u.doctor_id, u.kind
    from unnest(${p("ids")}::text[], ${p("occurred")}::text[], ${p("doctors")}::text[], ${p("kinds")}::int2[]) as u(event_id, occurred_at, doctor_id, kind)
  ),
  fresh as (
    insert into ${sql.identifier(getTableName(A))} (${cols(A.eventId, A.occurredAt)})
    select e.event_id, e.occurred_at from e order by e.event_id
    on conflict (${col(A.eventId)}) do nothing
    returning ${col(A.eventId)} as event_id
  ),
  windows as (
    insert into ${hourlyName} (${cols(H.hour, H.doctorId)}, ${counterCols})
    select date_bin('1 hour', e.occurred_at, timestamptz '1970-01-01 00:00:00+00') as hour, e.doctor_id, ${folded}
    from e join fresh on fresh.event_id = e.event_id
    group by 1, 2
    order by 1, 2
    on conflict (${cols(H.hour, H.doctorId)}) do update set ${added}
  )
  select count(*)::int as applied from fresh
`);

export namespace Analytics {
  /** A record's value as a valid v1 appointment event, or undefined (skip it): ./record.ts. */
  export const readEvent = readAppointmentEvent;
  /** Prescriptions and dispenses per prescriber and day (./prescriptions.ts). */
  export const applyPrescriptions = rx.applyPrescriptionEvents;
  export const PrescriptionSummary = rx.PrescriptionSummary;
  export const PrescriptionSummaryInput = rx.PrescriptionSummaryInput;
  export const prescriptionSummary = rx.prescriptionSummary;
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
   * Count a batch exactly once, in ONE statement (one round trip, five array parameters whatever
   * the batch size): record the ids (`ON CONFLICT DO NOTHING RETURNING` says which are new), fold
   * only the new events into their windows in SQL, add them with `+=`. A single statement is
   * atomic on its own (and joins the caller's transaction if there is one), so a crash before
   * commit leaves nothing and a redelivery after commit finds every id taken. Ids are inserted in
   * id order and windows upserted in `(hour, doctor)` order, so concurrent batches take their row
   * locks in one order (no deadlocks).
   */
  export async function apply(events: AppointmentEvent[]): Promise<{ applied: number; duplicates: number }> {
    // Duplicates inside the batch: the last copy wins (the insert would skip the second copy,
    // but the join to `fresh` would count both).
    const unique = new Map<string, AppointmentEvent>();
    for (const e of events) unique.set(e.id, e);
    if (unique.size === 0) return { applied: 0, duplicates: events.length };
    const ids: string[] = [];
    const occurred: string[] = [];
    const doctors: string[] = [];
    const kinds: number[] = [];
    for (const e of unique.values()) {
      ids.push(e.id);
      occurred.push(millisecondsUtc(e.occurredAt));
      doctors.push(e.data.doctorId);
      kinds.push(kindOf[e.type]);
    }
    const [row] = await APPLY({ ids: textArray(ids), occurred: textArray(occurred), doctors: textArray(doctors), kinds: intArray(kinds) });
    const applied = Number(row?.applied ?? 0);
    return { applied, duplicates: events.length - applied };
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
