import { sql } from "drizzle-orm";
import { z } from "../util/zod";
import type { Doctor } from "../doctor";
import { doctorTable } from "../doctor/doctor.sql";
import { patientDirectoryTable } from "../directory/directory.sql";
import { outboxTable } from "../events/outbox.sql";
import { auditTable } from "../audit/audit.sql";
import { appointmentTable } from "./appointment.sql";
import { col, cols, of, columnsOf, rowJson, jsonTimestamp, placeholders, prepared } from "../drizzle/statement";

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
 * Tables and columns come from their `*.sql.ts` definitions and the parameters from one typed
 * object (drizzle/statement.ts), so a renamed column cannot leave this statement behind.
 */
const a = appointmentTable;
const d = doctorTable;
const pd = patientDirectoryTable;
const ob = outboxTable;
const au = auditTable;
/** The appointment columns a booking answers (not the generated range). */
const bookedColumns = columnsOf(a, ["during"]);
const doctorColumns = columnsOf(d);
const p = placeholders<BookValues>();

const BOOK = prepared<BookValues>(sql`
with d as (
  select ${cols(...Object.values(doctorColumns))}
  from ${d} where ${col(d.id)} = ${p("doctorId")} for no key update
), p as (
  select ${col(pd.status)} from ${pd} where ${col(pd.id)} = ${p("patientId")}
), ins as (
  insert into ${a} (${cols(a.id, a.doctorId, a.patientId, a.startsAt, a.endsAt, a.reason, a.feeCents, a.currency, a.createdBy)})
  select ${p("id")}, ${of("d", d.id)}, ${p("patientId")}, ${p("startsAt")}::timestamptz, ${p("endsAt")}::timestamptz, ${p("reason")}, ${of("d", d.visitFeeCents)}, ${of("d", d.currency)}, ${p("createdBy")}
  from d
  where ${of("d", d.active)} and ${of("d", d.visitFeeCents)} = ${p("feeCents")}::int and ${of("d", d.currency)} = ${p("currency")}
    and ${of("d", d.timezone)} = ${p("timezone")} and ${of("d", d.workingHours)} = ${p("workingHours")}::text::jsonb
    and exists (select 1 from p where ${of("p", pd.status)} = 'active')
  returning ${cols(...Object.values(bookedColumns))}
), ob as (
  insert into ${ob} (${cols(ob.id, ob.type, ob.key, ob.payload)}) select ${p("eventId")}, 'appointment.booked', ${of("ins", a.doctorId)}, ${p("event")}::text::jsonb from ins
), au as (
  insert into ${au} (${cols(au.id, au.actorId, au.actorRole, au.action, au.resourceType, au.resourceId, au.patientId, au.requestId, au.outcome)})
  select ${p("auditId")}, ${p("actorId")}, ${p("actorRole")}, 'appointment.book', 'appointment', ${of("ins", a.id)}, ${of("ins", a.patientId)}, ${p("requestId")}, 'success' from ins
)
select (select ${rowJson("ins", bookedColumns)} from ins) as a, (select ${rowJson("d", doctorColumns)} from d) as d, (select ${col(pd.status)} from p) as p`);

/** The statement's parameters, by name. */
interface BookValues extends Record<string, unknown> {
  doctorId: string;
  patientId: string;
  id: string;
  startsAt: string;
  endsAt: string;
  reason: string | null;
  createdBy: string;
  feeCents: number;
  currency: string;
  timezone: string;
  workingHours: string;
  eventId: string;
  event: string;
  auditId: string;
  actorId: string;
  actorRole: string | null;
  requestId: string | null;
}

interface BookRow {
  id: string;
  doctorId: string;
  patientId: string;
  startsAt: Date;
  endsAt: Date;
  status: "booked";
  reason: string | null;
  cancelReason: string | null;
  reschedules: number;
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

/** An appointments row as the statements build it (rowJson, keyed like appointmentTable). */
export const AppointmentRowJson = z.object({
  id: z.string(),
  doctorId: z.string(),
  patientId: z.string(),
  startsAt: jsonTimestamp,
  endsAt: jsonTimestamp,
  status: z.enum(a.status.enumValues),
  reason: z.string().nullable(),
  cancelReason: z.string().nullable(),
  reschedules: z.number().int(),
  feeCents: z.number().int(),
  currency: z.string(),
  createdBy: z.string(),
  createdAt: jsonTimestamp,
  updatedAt: jsonTimestamp,
});

/** A doctors row as the statements build it, as the API answers a doctor. */
export const DoctorRowJson = z
  .object({
    id: z.string(),
    name: z.string(),
    specialty: z.string(),
    visitFeeCents: z.number().int(),
    currency: z.string(),
    timezone: z.string(),
    slotMinutes: z.number().int(),
    workingHours: z.array(z.object({ day: z.number().int(), start: z.string(), end: z.string() })),
    active: z.boolean(),
    createdAt: jsonTimestamp,
    updatedAt: jsonTimestamp,
  })
  .transform((r): Doctor.Info => ({ ...r, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() }));

const BookAnswer = z.object({
  a: AppointmentRowJson.nullable(),
  d: DoctorRowJson.nullable(),
  p: z.enum(pd.status.enumValues).nullable(),
});

export async function bookStatement(b: BookParams): Promise<BookResult> {
  const doc = b.doctor;
  const [r] = await BOOK({
    doctorId: doc.id,
    patientId: b.patientId,
    id: b.id,
    startsAt: b.startsAt.toISOString(),
    endsAt: b.endsAt.toISOString(),
    reason: b.reason,
    createdBy: b.createdBy,
    feeCents: doc.visitFeeCents,
    currency: doc.currency,
    timezone: doc.timezone,
    workingHours: JSON.stringify(doc.workingHours),
    eventId: b.event.id,
    event: JSON.stringify(b.event),
    auditId: b.audit.id,
    actorId: b.audit.actorId,
    actorRole: b.audit.actorRole,
    requestId: b.audit.requestId,
  });
  const { a: booked, d: current, p: patient } = BookAnswer.parse(r);
  if (booked) return { kind: "booked", row: { ...booked, status: "booked" } };
  if (!current || !current.active) return { kind: "no-doctor" };
  const same =
    current.visitFeeCents === doc.visitFeeCents &&
    current.currency === doc.currency &&
    current.timezone === doc.timezone &&
    JSON.stringify(current.workingHours) === JSON.stringify(doc.workingHours);
  // An active patient and an active doctor, yet no row: the doctor's copy was stale.
  if (!same || patient === "active") return { kind: "doctor-changed", doctor: current };
  return { kind: "patient", status: patient };
}
