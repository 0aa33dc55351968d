import { useSql } from "../drizzle";
import type { Doctor } from "../doctor";
import { invoiceStatuses } from "../invoice/invoice.sql";
import { onCancel } from "../invoice/status";
import { appointmentStatuses, type AppointmentStatus } from "./appointment.sql";
import { canReschedule, canTransition } from "./lifecycle";
import { scopeParams, type AccessScope } from "./access";
import { rowOf, doctorOf } from "./book.statement";

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
 * caller can answer exactly as the rules say (404 / 409 / 422) or try again.
 */

/** `toISOString()` of a timestamptz, in SQL (the events' time format). */
const iso = (col: string) => `to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const eventData = (r: string) =>
  `jsonb_build_object('appointmentId', ${r}.id, 'doctorId', ${r}.doctor_id, 'patientId', ${r}.patient_id, 'startsAt', ${iso(`${r}.starts_at`)}, 'endsAt', ${iso(`${r}.ends_at`)}, 'status', ${r}.status, 'feeCents', ${r}.fee_cents, 'currency', ${r}.currency)`;
/** The access rule of access.ts on the locked row ($scope, $id). */
const access = (scope: string, id: string) => `(${scope} = 'all' or (${scope} = 'patient' and cur.patient_id = ${id}) or (${scope} = 'doctor' and cur.doctor_id = ${id}))`;

const RESCHEDULE = `
with cur as (
  select * from appointments where id = $1 for update
), d as (
  select id, name, specialty, visit_fee_cents, currency, timezone, slot_minutes, working_hours, active, created_at, updated_at
  from doctors where id = (select doctor_id from cur) for no key update
), ok as (
  select cur.id from cur, d
  where cur.status = any(string_to_array($4::text, ',')) and ${access("$5::text", "$6::text")}
    and d.id = $7 and d.active and d.timezone = $8 and d.working_hours = $9::text::jsonb
), up as (
  update appointments a set starts_at = $2::timestamptz, ends_at = $3::timestamptz, updated_at = now()
  from ok where a.id = ok.id
  returning a.*
), ob as (
  insert into outbox (id, type, key, payload)
  select $10, 'appointment.rescheduled', up.doctor_id, $11::text::jsonb || jsonb_build_object('key', up.doctor_id, 'data',
    ${eventData("up")} || jsonb_build_object('previous', jsonb_build_object('startsAt', ${iso("cur.starts_at")}, 'endsAt', ${iso("cur.ends_at")})))
  from up, cur
), au as (
  insert into audit_log (id, actor_id, actor_role, action, resource_type, resource_id, patient_id, request_id, outcome)
  select $12, $13, $14, 'appointment.reschedule', 'appointment', up.id, up.patient_id, $15, 'success' from up
)
select (select to_jsonb(up) - 'during' from up) as a, (select to_jsonb(cur) - 'during' from cur) as cur, (select to_jsonb(d) from d) as d`;

const TRANSITION = `
with cur as (
  select * from appointments where id = $1 for update
), up as (
  update appointments a set status = $2, cancel_reason = $3, updated_at = now()
  from cur
  where a.id = cur.id and cur.status = any(string_to_array($4::text, ',')) and ${access("$5::text", "$6::text")}
    and ($7::timestamptz is null or cur.starts_at <= $7::timestamptz)
  returning a.*
), ob as (
  insert into outbox (id, type, key, payload)
  select $8, $9, up.doctor_id, $10::text::jsonb || jsonb_build_object('key', up.doctor_id, 'data', ${eventData("up")}) from up
  returning seq
), au as (
  insert into audit_log (id, actor_id, actor_role, action, resource_type, resource_id, patient_id, request_id, outcome)
  select $11, $12, $13, $14, 'appointment', up.id, up.patient_id, $15, 'success' from up
), inv as (
  select i.id, i.status, i.paid_cents from invoices i where $16::text::jsonb is not null and i.appointment_id = (select id from up) for update
), iu as (
  update invoices i set status = $16::text::jsonb -> inv.status ->> (case when inv.paid_cents > 0 then 'paid' else 'unpaid' end), updated_at = now()
  from inv where i.id = inv.id and $16::text::jsonb -> inv.status ->> (case when inv.paid_cents > 0 then 'paid' else 'unpaid' end) is not null
  returning i.*
), iob as (
  insert into outbox (id, type, key, payload)
  select $17, $18::text::jsonb ->> iu.status, iu.id, $19::text::jsonb || jsonb_build_object('type', $18::text::jsonb ->> iu.status, 'key', iu.id, 'data', jsonb_build_object(
    'invoiceId', iu.id, 'appointmentId', iu.appointment_id, 'patientId', iu.patient_id, 'doctorId', iu.doctor_id, 'number', iu.number,
    'status', iu.status, 'totalCents', iu.total_cents, 'paidCents', iu.paid_cents, 'currency', iu.currency))
  from iu, (select max(seq) from ob) after_appointment_event -- read ob first: the log keeps "appointment cancelled, then its invoice voided"
)
select (select to_jsonb(up) - 'during' from up) as a, (select to_jsonb(cur) - 'during' from cur) as cur, (select status from iu) as invoice`;

type Row = ReturnType<typeof rowOf>;
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

export type ChangeResult<Extra = {}> = { row: Row; current: Row } | ({ row: null; current: Row | null } & Extra);

export async function rescheduleStatement(r: {
  id: string;
  to: { startsAt: Date; endsAt: Date };
  access: AccessScope;
  /** The doctor copy the slot was checked against; none: change nothing, just report the row and its doctor. */
  doctor: Doctor.Info | undefined;
  head: Head;
  audit: Audit;
}): Promise<ChangeResult<{ doctor: Doctor.Info | null }>> {
  const doc = r.doctor;
  const [res] = await useSql().unsafe(
    RESCHEDULE,
    [
      r.id,
      r.to.startsAt.toISOString(),
      r.to.endsAt.toISOString(),
      rescheduleFrom.join(","),
      ...scopeParams(r.access),
      doc?.id ?? null,
      doc?.timezone ?? null,
      doc ? JSON.stringify(doc.workingHours) : null,
      r.head.id,
      JSON.stringify(r.head),
      r.audit.id,
      r.audit.actorId,
      r.audit.actorRole,
      r.audit.requestId,
    ],
    { prepare: true },
  );
  const { a, cur, d } = res as unknown as { a: Record<string, any> | null; cur: Record<string, any> | null; d: Record<string, any> | null };
  if (a) return { row: rowOf(a), current: rowOf(cur!) };
  return { row: null, current: cur ? rowOf(cur) : null, doctor: d ? doctorOf(d) : null };
}

export async function transitionStatement(t: {
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
  const cancel = t.to === "cancelled";
  const [res] = await useSql().unsafe(
    TRANSITION,
    [
      t.id,
      t.to,
      t.cancelReason,
      transitionFrom.get(t.to)!.join(","),
      ...scopeParams(t.access),
      t.startedBy?.toISOString() ?? null,
      t.head.id,
      t.head.type,
      JSON.stringify(t.head),
      t.audit.id,
      t.audit.actorId,
      t.audit.actorRole,
      t.action,
      t.audit.requestId,
      cancel ? CANCEL_INVOICE : null,
      t.invoiceHead?.id ?? null,
      INVOICE_EVENT,
      t.invoiceHead ? JSON.stringify(t.invoiceHead) : null,
    ],
    { prepare: true },
  );
  const { a, cur, invoice } = res as unknown as { a: Record<string, any> | null; cur: Record<string, any> | null; invoice: string | null };
  if (a) return { row: rowOf(a), current: rowOf(cur!), invoice };
  return { row: null, current: cur ? rowOf(cur) : null };
}
