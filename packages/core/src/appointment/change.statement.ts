import { sql, type SQL } from "drizzle-orm";
import { z } from "../util/zod";
import type { Doctor } from "../doctor";
import { doctorTable } from "../doctor/doctor.sql";
import { outboxTable } from "../events/outbox.sql";
import { auditTable } from "../audit/audit.sql";
import { invoiceStatuses, invoiceTable } from "../invoice/invoice.sql";
import { onCancel } from "../invoice/status";
import { appointmentStatuses, appointmentTable, type AppointmentStatus } from "./appointment.sql";
import { canReschedule, canTransition } from "./lifecycle";
import type { AccessScope } from "./access";
import { AppointmentRowJson, DoctorRowJson } from "./book.statement";
import { col, cols, of, columnsOf, rowJson, placeholders, prepared } from "../drizzle/statement";

/**
 * Reschedule and the status changes (cancel, complete, no-show), each ONE statement sent as a
 * named prepared statement — no read before it in the common case. Like the booking
 * (book.statement.ts) it is a chain of data-modifying CTEs:
 *
 *   cur  the appointment, locked FOR UPDATE (concurrent changes of one appointment queue here);
 *   d    (reschedule) then its doctor, FOR NO KEY UPDATE — the lock order of docs/appointments.md;
 *   up   the change, only if every rule holds on the locked row: a status the life cycle allows
 *        (lifecycle.ts, sent as the list of allowed "from" states), the caller's access (access.ts,
 *        sent as a scope), for a move the doctor still as the caller checked the slot against, for
 *        complete/no-show the start already past. The exclusion constraint still decides overlaps
 *        (23P01 fails the whole statement);
 *   ob   the outbox row and au the audit row, only if up changed the row;
 *   inv/iu/iob  (cancel) the invoice, locked after the appointment (billing's lock order), voided
 *        or marked refund_due as `onCancel` (invoice/status.ts) says, and its outbox row.
 *
 * The event's data (times, fee, ids) is built here from the row as changed, so it is exact even
 * when the row moved since the caller last saw it; the caller sends the envelope's validated
 * head (Outbox.head). Nothing changed → no row back, plus the row (and doctor) as locked, so the
 * caller can answer exactly as the rules say (404 / 409 / 422) or try again. Tables, columns and
 * parameters are typed as in book.statement.ts (drizzle/statement.ts).
 */

const a = appointmentTable;
const d = doctorTable;
const ob = outboxTable;
const au = auditTable;
const i = invoiceTable;
const rowColumns = columnsOf(a, ["during"]);
const doctorColumns = columnsOf(d);

/** `toISOString()` of a timestamptz, in SQL (the events' time format). */
const iso = (c: SQL) => sql`to_char(${c} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const eventData = (r: string) =>
  sql`jsonb_build_object('appointmentId', ${of(r, a.id)}, 'doctorId', ${of(r, a.doctorId)}, 'patientId', ${of(r, a.patientId)}, 'startsAt', ${iso(of(r, a.startsAt))}, 'endsAt', ${iso(of(r, a.endsAt))}, 'status', ${of(r, a.status)}, 'feeCents', ${of(r, a.feeCents)}, 'currency', ${of(r, a.currency)})`;
/** The access rule of access.ts on the locked row. */
const access = (scope: SQL, id: SQL) =>
  sql`(${scope} = 'all' or (${scope} = 'patient' and ${of("cur", a.patientId)} = ${id}) or (${scope} = 'doctor' and ${of("cur", a.doctorId)} = ${id}))`;
/** The audit row of a change that happened (`up` has a row). */
const auditRow = (action: SQL, values: { auditId: SQL; actorId: SQL; actorRole: SQL; requestId: SQL }) => sql`
  insert into ${au} (${cols(au.id, au.actorId, au.actorRole, au.action, au.resourceType, au.resourceId, au.patientId, au.requestId, au.outcome)})
  select ${values.auditId}, ${values.actorId}, ${values.actorRole}, ${action}, 'appointment', ${of("up", a.id)}, ${of("up", a.patientId)}, ${values.requestId}, 'success' from up`;

interface Common extends Record<string, unknown> {
  id: string;
  from: string;
  scope: string;
  scopeId: string | null;
  eventId: string;
  head: string;
  auditId: string;
  actorId: string;
  actorRole: string | null;
  requestId: string | null;
}
interface RescheduleValues extends Common {
  startsAt: string;
  endsAt: string;
  doctorId: string | null;
  timezone: string | null;
  workingHours: string | null;
}
interface TransitionValues extends Common {
  to: string;
  cancelReason: string | null;
  startedBy: string | null;
  eventType: string;
  action: string;
  cancelInvoice: string | null;
  invoiceEventId: string | null;
  invoiceEvents: string;
  invoiceHead: string | null;
}

const r = placeholders<RescheduleValues>();
const RESCHEDULE = prepared<RescheduleValues>(sql`
with cur as (
  select * from ${a} where ${col(a.id)} = ${r("id")} for update
), d as (
  select ${cols(...Object.values(doctorColumns))}
  from ${d} where ${col(d.id)} = (select ${col(a.doctorId)} from cur) for no key update
), ok as (
  select ${of("cur", a.id)} from cur, d
  where ${of("cur", a.status)} = any(string_to_array(${r("from")}::text, ',')) and ${access(sql`${r("scope")}::text`, sql`${r("scopeId")}::text`)}
    and ${of("d", d.id)} = ${r("doctorId")} and ${of("d", d.active)} and ${of("d", d.timezone)} = ${r("timezone")} and ${of("d", d.workingHours)} = ${r("workingHours")}::text::jsonb
), up as (
  update ${a} set ${col(a.startsAt)} = ${r("startsAt")}::timestamptz, ${col(a.endsAt)} = ${r("endsAt")}::timestamptz, ${col(a.reschedules)} = ${col(a.reschedules)} + 1, ${col(a.updatedAt)} = now()
  from ok where ${a.id} = ${of("ok", a.id)}
  returning ${a}.*
), ob as (
  insert into ${ob} (${cols(ob.id, ob.type, ob.key, ob.payload)})
  select ${r("eventId")}, 'appointment.rescheduled', ${of("up", a.doctorId)}, ${r("head")}::text::jsonb || jsonb_build_object('key', ${of("up", a.doctorId)}, 'data',
    ${eventData("up")} || jsonb_build_object('previous', jsonb_build_object('startsAt', ${iso(of("cur", a.startsAt))}, 'endsAt', ${iso(of("cur", a.endsAt))})))
  from up, cur
), au as (${auditRow(sql`'appointment.reschedule'`, { auditId: r("auditId"), actorId: r("actorId"), actorRole: r("actorRole"), requestId: r("requestId") })}
)
select (select ${rowJson("up", rowColumns)} from up) as a, (select ${rowJson("cur", rowColumns)} from cur) as cur, (select ${rowJson("d", doctorColumns)} from d) as d`);

const t = placeholders<TransitionValues>();
/** The invoice's next status on cancel: the onCancel table looked up by its status and whether anything was paid. */
const nextInvoiceStatus = sql`${t("cancelInvoice")}::text::jsonb -> ${of("inv", i.status)} ->> (case when ${of("inv", i.paidCents)} > 0 then 'paid' else 'unpaid' end)`;
const TRANSITION = prepared<TransitionValues>(sql`
with cur as (
  select * from ${a} where ${col(a.id)} = ${t("id")} for update
), up as (
  update ${a} set ${col(a.status)} = ${t("to")}, ${col(a.cancelReason)} = ${t("cancelReason")}, ${col(a.updatedAt)} = now()
  from cur
  where ${a.id} = ${of("cur", a.id)} and ${of("cur", a.status)} = any(string_to_array(${t("from")}::text, ',')) and ${access(sql`${t("scope")}::text`, sql`${t("scopeId")}::text`)}
    and (${t("startedBy")}::timestamptz is null or ${of("cur", a.startsAt)} <= ${t("startedBy")}::timestamptz)
  returning ${a}.*
), ob as (
  insert into ${ob} (${cols(ob.id, ob.type, ob.key, ob.payload)})
  select ${t("eventId")}, ${t("eventType")}, ${of("up", a.doctorId)}, ${t("head")}::text::jsonb || jsonb_build_object('key', ${of("up", a.doctorId)}, 'data', ${eventData("up")}) from up
  returning ${col(ob.seq)}
), au as (${auditRow(t("action"), { auditId: t("auditId"), actorId: t("actorId"), actorRole: t("actorRole"), requestId: t("requestId") })}
), inv as (
  select ${cols(i.id, i.status, i.paidCents)} from ${i} where ${t("cancelInvoice")}::text::jsonb is not null and ${col(i.appointmentId)} = (select ${col(a.id)} from up) for update
), iu as (
  update ${i} set ${col(i.status)} = ${nextInvoiceStatus}, ${col(i.updatedAt)} = now()
  from inv where ${i.id} = ${of("inv", i.id)} and ${nextInvoiceStatus} is not null
  returning ${i}.*
), iob as (
  insert into ${ob} (${cols(ob.id, ob.type, ob.key, ob.payload)})
  select ${t("invoiceEventId")}, ${t("invoiceEvents")}::text::jsonb ->> ${of("iu", i.status)}, ${of("iu", i.id)}, ${t("invoiceHead")}::text::jsonb || jsonb_build_object('type', ${t("invoiceEvents")}::text::jsonb ->> ${of("iu", i.status)}, 'key', ${of("iu", i.id)}, 'data', jsonb_build_object(
    'invoiceId', ${of("iu", i.id)}, 'appointmentId', ${of("iu", i.appointmentId)}, 'patientId', ${of("iu", i.patientId)}, 'doctorId', ${of("iu", i.doctorId)}, 'number', ${of("iu", i.number)},
    'status', ${of("iu", i.status)}, 'totalCents', ${of("iu", i.totalCents)}, 'paidCents', ${of("iu", i.paidCents)}, 'currency', ${of("iu", i.currency)}))
  from iu, (select max(${col(ob.seq)}) from ob) after_appointment_event -- read ob first: the log keeps "appointment cancelled, then its invoice voided"
)
select (select ${rowJson("up", rowColumns)} from up) as a, (select ${rowJson("cur", rowColumns)} from cur) as cur, (select ${col(i.status)} from iu) as invoice`);

type Row = z.infer<typeof AppointmentRowJson>;
type Head = { id: string };
type Audit = { id: string; actorId: string; actorRole: string | null; requestId: string | null };

/** The "from" states each change is allowed from, as lifecycle.ts says (computed once). */
const fromStates = (ok: (s: AppointmentStatus) => boolean) => appointmentStatuses.filter(ok);
const rescheduleFrom = fromStates(canReschedule);
const transitionFrom = new Map(appointmentStatuses.map((to) => [to, fromStates((from) => canTransition(from, to))]));

/**
 * `onCancel` (invoice/status.ts) as a table the statement looks up: for each invoice status, the
 * next status when nothing / something was paid (null: leave it). onCancel depends on the
 * amount paid only through "is it more than zero", so 0 and 1 cent stand for the two cases.
 */
const CANCEL_INVOICE = JSON.stringify(Object.fromEntries(invoiceStatuses.map((s) => [s, { unpaid: onCancel(s, 0), paid: onCancel(s, 1) }])));
const INVOICE_EVENT = JSON.stringify({ void: "invoice.voided", refund_due: "invoice.refund_due" });

const RescheduleAnswer = z.object({ a: AppointmentRowJson.nullable(), cur: AppointmentRowJson.nullable(), d: DoctorRowJson.nullable() });
const TransitionAnswer = z.object({ a: AppointmentRowJson.nullable(), cur: AppointmentRowJson.nullable(), invoice: z.enum(invoiceStatuses).nullable() });
const scopeValues = (s: AccessScope) => ({ scope: s.scope, scopeId: "id" in s ? s.id : null });
const auditValues = (x: Audit) => ({ auditId: x.id, actorId: x.actorId, actorRole: x.actorRole, requestId: x.requestId });

export type ChangeResult<Extra = object> = { row: Row; current: Row } | ({ row: null; current: Row | null } & Extra);

export async function rescheduleStatement(m: {
  id: string;
  to: { startsAt: Date; endsAt: Date };
  access: AccessScope;
  /** The doctor copy the slot was checked against; none: change nothing, just report the row and its doctor. */
  doctor: Doctor.Info | undefined;
  head: Head;
  audit: Audit;
}): Promise<ChangeResult<{ doctor: Doctor.Info | null }>> {
  const doc = m.doctor;
  const [res] = await RESCHEDULE({
    id: m.id,
    startsAt: m.to.startsAt.toISOString(),
    endsAt: m.to.endsAt.toISOString(),
    from: rescheduleFrom.join(","),
    ...scopeValues(m.access),
    doctorId: doc?.id ?? null,
    timezone: doc?.timezone ?? null,
    workingHours: doc ? JSON.stringify(doc.workingHours) : null,
    eventId: m.head.id,
    head: JSON.stringify(m.head),
    ...auditValues(m.audit),
  });
  const { a: changed, cur, d: doctor } = RescheduleAnswer.parse(res);
  if (changed && cur) return { row: changed, current: cur };
  return { row: null, current: cur, doctor };
}

export async function transitionStatement(m: {
  id: string;
  to: Exclude<AppointmentStatus, "booked">;
  cancelReason: string | null;
  access: AccessScope;
  /** complete / no-show: only once started, i.e. starts_at ≤ this instant. */
  startedBy: Date | null;
  head: Head & { type: string };
  action: string;
  audit: Audit;
  /** cancel: the invoice event's head (its type is decided by the statement). */
  invoiceHead: Head | null;
}): Promise<ChangeResult & { invoice?: string | null }> {
  const [res] = await TRANSITION({
    id: m.id,
    to: m.to,
    cancelReason: m.cancelReason,
    from: (transitionFrom.get(m.to) ?? []).join(","),
    ...scopeValues(m.access),
    startedBy: m.startedBy?.toISOString() ?? null,
    eventId: m.head.id,
    eventType: m.head.type,
    head: JSON.stringify(m.head),
    ...auditValues(m.audit),
    action: m.action,
    cancelInvoice: m.to === "cancelled" ? CANCEL_INVOICE : null,
    invoiceEventId: m.invoiceHead?.id ?? null,
    invoiceEvents: INVOICE_EVENT,
    invoiceHead: m.invoiceHead ? JSON.stringify(m.invoiceHead) : null,
  });
  const { a: changed, cur, invoice } = TransitionAnswer.parse(res);
  if (changed && cur) return { row: changed, current: cur, invoice };
  return { row: null, current: cur };
}
