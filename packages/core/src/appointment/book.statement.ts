import { useSql } from "../drizzle";
import type { Doctor } from "../doctor";

/**
 * The booking as ONE statement (one round trip, a named prepared statement parsed and planned
 * once per connection). Data-modifying CTEs, in the order PostgreSQL needs them:
 *
 *   d    the doctor row, locked FOR NO KEY UPDATE (bookings of one doctor queue here, so
 *        conflicting inserts meet as clean 23P01s, not deadlocks — see Doctor.lockForBooking);
 *   p    the patient directory entry (docs/patients.md);
 *   ins  the appointment, only if the doctor is active and still has exactly the fee, currency,
 *        timezone and hours the caller checked the slot against (its cached copy), and the
 *        patient is active. The exclusion constraint decides overlaps (23P01 → 409);
 *   ob   the outbox row, au the audit row: only if ins inserted, in the same statement, so they
 *        commit or roll back with it.
 *
 * Outside a transaction the statement is its own transaction; inside one it joins it. It
 * answers the inserted row, or nothing plus the doctor's current row and the directory status
 * so the caller can tell why (stale doctor copy → re-check and retry; unknown patient → 422).
 * Table and column names are spelled out: this is the one hot-path statement written by hand.
 */
const BOOK = `
with d as (
  select id, name, specialty, visit_fee_cents, currency, timezone, slot_minutes, working_hours, active, created_at, updated_at
  from doctors where id = $1 for no key update
), p as (
  select status from patient_directory where id = $2
), ins as (
  insert into appointments (id, doctor_id, patient_id, starts_at, ends_at, reason, fee_cents, currency, created_by)
  select $3, d.id, $2, $4::timestamptz, $5::timestamptz, $6, d.visit_fee_cents, d.currency, $7
  from d
  where d.active and d.visit_fee_cents = $8::int and d.currency = $9 and d.timezone = $10 and d.working_hours = $11::text::jsonb
    and exists (select 1 from p where p.status = 'active')
  returning id, doctor_id, patient_id, starts_at, ends_at, status, reason, cancel_reason, fee_cents, currency, created_by, created_at, updated_at
), ob as (
  insert into outbox (id, type, key, payload) select $12, 'appointment.booked', ins.doctor_id, $13::text::jsonb from ins
), au as (
  insert into audit_log (id, actor_id, actor_role, action, resource_type, resource_id, patient_id, request_id, outcome)
  select $14, $15, $16, 'appointment.book', 'appointment', ins.id, ins.patient_id, $17, 'success' from ins
)
select (select to_jsonb(ins) from ins) as a, (select to_jsonb(d) from d) as d, (select status from p) as p`;

export interface BookRow {
  id: string;
  doctorId: string;
  patientId: string;
  startsAt: Date;
  endsAt: Date;
  status: "booked";
  reason: string | null;
  cancelReason: string | null;
  feeCents: number;
  currency: string;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface BookParams {
  id: string;
  doctor: Doctor.Info;
  patientId: string;
  startsAt: Date;
  endsAt: Date;
  reason: string | null;
  createdBy: string;
  event: { id: string };
  audit: { id: string; actorId: string; actorRole: string | null; requestId: string | null };
}

export type BookResult =
  | { kind: "booked"; row: BookRow }
  | { kind: "no-doctor" }
  /** The doctor changed since the caller's copy: here is the current one. */
  | { kind: "doctor-changed"; doctor: Doctor.Info }
  | { kind: "patient"; status: "deleted" | null };

const iso = (v: string) => new Date(v);

/** An appointments row as `to_jsonb` gives it back (snake_case, timestamps as text). */
export function rowOf(a: Record<string, any>) {
  return {
    id: a.id as string,
    doctorId: a.doctor_id as string,
    patientId: a.patient_id as string,
    startsAt: iso(a.starts_at),
    endsAt: iso(a.ends_at),
    status: a.status,
    reason: a.reason as string | null,
    cancelReason: a.cancel_reason as string | null,
    feeCents: a.fee_cents as number,
    currency: a.currency as string,
    createdBy: a.created_by as string,
    createdAt: iso(a.created_at),
    updatedAt: iso(a.updated_at),
  };
}

export function doctorOf(d: Record<string, any>): Doctor.Info {
  return {
    id: d.id,
    name: d.name,
    specialty: d.specialty,
    visitFeeCents: d.visit_fee_cents,
    currency: d.currency,
    timezone: d.timezone,
    slotMinutes: d.slot_minutes,
    workingHours: d.working_hours,
    active: d.active,
    createdAt: iso(d.created_at).toISOString(),
    updatedAt: iso(d.updated_at).toISOString(),
  };
}

export async function bookStatement(b: BookParams): Promise<BookResult> {
  const doc = b.doctor;
  const [r] = await useSql().unsafe(
    BOOK,
    [
      doc.id,
      b.patientId,
      b.id,
      b.startsAt.toISOString(),
      b.endsAt.toISOString(),
      b.reason,
      b.createdBy,
      doc.visitFeeCents,
      doc.currency,
      doc.timezone,
      JSON.stringify(doc.workingHours),
      b.event.id,
      JSON.stringify(b.event),
      b.audit.id,
      b.audit.actorId,
      b.audit.actorRole,
      b.audit.requestId,
    ],
    { prepare: true },
  );
  const { a, d, p } = r as unknown as { a: Record<string, any> | null; d: Record<string, any> | null; p: "active" | "deleted" | null };
  if (a) return { kind: "booked", row: rowOf(a) as BookRow };
  if (!d || !d.active) return { kind: "no-doctor" };
  const current = doctorOf(d);
  const same = current.visitFeeCents === doc.visitFeeCents && current.currency === doc.currency && current.timezone === doc.timezone && JSON.stringify(current.workingHours) === JSON.stringify(doc.workingHours);
  // An active patient and an active doctor, yet no row: the doctor's copy was stale.
  if (!same || p === "active") return { kind: "doctor-changed", doctor: current };
  return { kind: "patient", status: p };
}
