import { and, asc, eq, gte, gt, lt, ne, sql, type SQL } from "drizzle-orm";
import { z } from "../util/zod";
import { fn } from "../util/fn";
import { createId } from "../util/id";
import { VisibleError } from "../util/error";
import { encodeCursor, decodeCursor, Cursor, InstantKey } from "../util/cursor";
import { instant as instantRule, calendarDate } from "../util/date";
import { useTransaction, afterCommit, pgCode } from "../drizzle";
import { useActor, actorLabel } from "../actor";
import { Audit } from "../audit";
import { Doctor } from "../doctor";
import { freeSlots, withinWorkingHours } from "../doctor/availability";
import { Outbox, nudgeRelay } from "../events";
import { bookStatement, type BookResult } from "./book.statement";
import { rescheduleStatement, transitionStatement } from "./change.statement";
import { accessScope, mayAct } from "./access";
import { InvoiceEvents } from "../invoice/event";
import { AppointmentEvents, AppointmentEvent, type AppointmentEventType } from "./event";
import { appointmentTable, appointmentStatuses, type AppointmentStatus } from "./appointment.sql";
import { canTransition, canReschedule } from "./lifecycle";
import { runBookedHooks } from "./hooks";
import { PatientDirectory, patientDirectoryTable } from "../directory";
import { doctorTable } from "../doctor/doctor.sql";

type Row = typeof appointmentTable.$inferSelect;
const instant = instantRule();
const id = z.string().min(1).max(64);

export namespace Appointment {
  /** The events an appointment emits (topic `appointment-events`, key = doctor id). */
  export const Event = AppointmentEvent;
  export type Event = AppointmentEvent;
  export const Events = AppointmentEvents;
  export const Info = z
    .object({
      id: z.string(),
      doctorId: z.string(),
      patientId: z.string(),
      startsAt: z.string(),
      endsAt: z.string(),
      status: z.enum(appointmentStatuses),
      reason: z.string().nullable(),
      cancelReason: z.string().nullable(),
      feeCents: z.number(),
      currency: z.string(),
      createdBy: z.string(),
      createdAt: z.string(),
      updatedAt: z.string(),
    })
    .openapi("Appointment");
  export type Info = z.infer<typeof Info>;
  /** A list row names its patient and doctor, so a list needs no request (or audit row) per row. */
  export const ListItem = Info.extend({
    patientName: z.string().nullable().openapi({ description: "From the patient directory; null for a deleted or unknown record" }),
    doctorName: z.string().nullable(),
  }).openapi("AppointmentListItem");
  export type ListItem = z.infer<typeof ListItem>;

  const timeRange = { startsAt: instant, endsAt: instant };
  function checkDuration<T extends { startsAt: string; endsAt: string }>(s: z.ZodType<T>) {
    return s.refine(
      (v) => {
        const minutes = (Date.parse(v.endsAt) - Date.parse(v.startsAt)) / 60_000;
        return minutes >= 5 && minutes <= 240;
      },
      { message: "Must be 5 to 240 minutes after startsAt", path: ["endsAt"] },
    );
  }
  export const BookInput = checkDuration(z.object({ patientId: id, doctorId: id, ...timeRange, reason: z.string().trim().max(500).optional() }).strict());
  export const RescheduleInput = checkDuration(z.object(timeRange).strict());
  export const CancelInput = z.object({ reason: z.string().trim().max(500).optional() }).strict();
  export const ListInput = z.object({
    doctorId: id.optional(),
    patientId: id.optional(),
    status: z.enum(appointmentStatuses).optional(),
    from: instant.optional(),
    to: instant.optional(),
    cursor: Cursor.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  });

  function serialize(r: Row): Info {
    const { during: _d, ...rest } = r as Row & { during?: unknown };
    return { ...rest, startsAt: r.startsAt.toISOString(), endsAt: r.endsAt.toISOString(), createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() };
  }

  const notFound = () => new VisibleError("not-found", "appointment.not_found", "No such appointment.");
  const unprocessable = (field: string, message: string, code: string) => new VisibleError("unprocessable", code, message, [{ field, message }]);

  /**
   * An appointment someone may not see is, to them, one that does not exist: the same 404 for
   * both, so appointment ids cannot be probed. The attempt is audited either way (`denied`,
   * with `detail.reason` telling the two apart for the reader of the log).
   */
  async function refuse(action: string, appointmentId: string, row?: { patientId: string }): Promise<never> {
    await Audit.record({ action, resourceType: "appointment", resourceId: appointmentId, patientId: row?.patientId ?? null, outcome: "denied", detail: { reason: row ? "not_yours" : "not_found" } });
    throw notFound();
  }

  /**
   * Record-level rule: staff/admin manage all; a patient their own (read, book, move,
   * cancel); a doctor their own schedule (read, complete, no-show). Refusals are audited;
   * for an existing appointment (it has an id) they answer 404, like a missing one.
   */
  async function assertAccess(a: { id?: string; patientId: string; doctorId: string }, action: string, as: "read" | "patient" | "doctor") {
    if (mayAct(accessScope(useActor(), as), a)) return;
    if (a.id) return refuse(action, a.id, a);
    throw await Audit.deny({ action, resourceType: "appointment", resourceId: null, patientId: a.patientId });
  }

  /** Business rules on a time slot: future, inside the doctor's working hours. */
  function checkSlot(doctor: Doctor.Info, startsAt: Date, endsAt: Date) {
    if (startsAt.getTime() <= Date.now()) throw unprocessable("startsAt", "Must be in the future", "appointment.in_past");
    if (!withinWorkingHours(startsAt, endsAt, doctor.timezone, doctor.workingHours))
      throw unprocessable("startsAt", `Outside the doctor's working hours (${doctor.timezone})`, "appointment.outside_hours");
  }

  function overlapGuard(err: unknown): never {
    if (pgCode(err) === "23P01")
      throw new VisibleError("conflict", "appointment.overlap", "The doctor already has an appointment at that time.", [{ field: "startsAt", message: "Conflicts with another booking" }]);
    throw err;
  }

  function eventData(r: Row, previous?: { startsAt: string; endsAt: string }) {
    return { appointmentId: r.id, doctorId: r.doctorId, patientId: r.patientId, startsAt: r.startsAt.toISOString(), endsAt: r.endsAt.toISOString(), status: r.status, feeCents: r.feeCents, currency: r.currency, previous };
  }

  /**
   * Doctors as the booking last saw them, so the common booking needs no separate doctor read:
   * the booking statement re-checks the fee, currency, timezone and hours under the doctor's
   * lock and books nothing if they changed (then this copy is refreshed and the slot re-checked).
   */
  const doctorCopies = new Map<string, Doctor.Info>();
  function remember(d: Doctor.Info) {
    if (doctorCopies.size >= 1000) doctorCopies.delete(doctorCopies.keys().next().value!);
    doctorCopies.set(d.id, d);
  }
  async function doctorForBooking(doctorId: string) {
    let doctor = doctorCopies.get(doctorId);
    if (!doctor) {
      doctor = await Doctor.get(doctorId);
      if (doctor) remember(doctor);
    }
    if (!doctor || !doctor.active) throw unprocessable("doctorId", "No such doctor is taking appointments", "appointment.unknown_doctor");
    return doctor;
  }
  const unknownPatient = () => unprocessable("patientId", "No such patient", "appointment.unknown_patient");

  /**
   * One round trip in the common case: the doctor check and lock, the patient check, the
   * appointment, its outbox row and its audit row are one statement (book.sql.ts). Billing
   * starts and the relay is nudged after it commits.
   */
  export const book = fn(BookInput, async (input) => {
    await assertAccess(input, "appointment.book", "patient");
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(input.endsAt);
    let doctor = await doctorForBooking(input.doctorId);
    try {
      checkSlot(doctor, startsAt, endsAt);
    } catch (err) {
      // The copy may be stale in the strict direction (hours widened or restored since it was
      // read, here or in another container): refuse only on the doctor as the database has it.
      // The statement itself catches staleness in the permissive direction ("doctor-changed").
      doctorCopies.delete(input.doctorId);
      doctor = await doctorForBooking(input.doctorId);
      checkSlot(doctor, startsAt, endsAt);
    }
    for (let attempt = 0; attempt < 3; attempt++) {
      const id = createId("appointment");
      const event = Outbox.envelope(AppointmentEvents, "appointment.booked", doctor.id, {
        appointmentId: id, doctorId: doctor.id, patientId: input.patientId, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), status: "booked", feeCents: doctor.visitFeeCents, currency: doctor.currency,
      });
      const audit = Audit.build({ action: "appointment.book", resourceType: "appointment", resourceId: id, patientId: input.patientId });
      let result: BookResult;
      try {
        result = await bookStatement({ id, doctor, patientId: input.patientId, startsAt, endsAt, reason: input.reason ?? null, createdBy: actorLabel(), event, audit });
      } catch (err) {
        overlapGuard(err);
      }
      switch (result.kind) {
        case "booked": {
          const row = result.row;
          learn([row]);
          await afterCommit(nudgeRelay);
          // Once the booking is durable, the higher domains' hooks (billing starts; a failed start
          // is logged and left to Billing.sweep).
          await afterCommit(() => runBookedHooks(row.id));
          return serialize(row as Row);
        }
        case "no-doctor":
          doctorCopies.delete(input.doctorId);
          throw unprocessable("doctorId", "No such doctor is taking appointments", "appointment.unknown_doctor");
        case "doctor-changed":
          remember(result.doctor);
          doctor = result.doctor;
          checkSlot(doctor, startsAt, endsAt);
          continue;
        case "patient":
          // Not in the directory at all: ask DynamoDB once (that also repairs the entry).
          if (result.status === null && (await PatientDirectory.bookable(input.patientId))) continue;
          throw unknownPatient();
      }
    }
    throw new VisibleError("conflict", "appointment.busy", "The doctor's schedule is changing; try again.");
  });

  /**
   * The doctor of each appointment this process has seen (booked, read, listed, changed). It
   * never changes, so the copy cannot be stale: with it and the doctor's copy, a reschedule
   * checks the slot before its one statement instead of reading the row first.
   */
  const doctorOfAppointment = new Map<string, string>();
  function learn(rows: { id: string; doctorId: string }[]) {
    for (const r of rows) {
      if (doctorOfAppointment.size >= 20_000) doctorOfAppointment.delete(doctorOfAppointment.keys().next().value!);
      doctorOfAppointment.set(r.id, r.doctorId);
    }
  }

  const slotFits = (doctor: Doctor.Info, startsAt: Date, endsAt: Date) => startsAt.getTime() > Date.now() && withinWorkingHours(startsAt, endsAt, doctor.timezone, doctor.workingHours);

  /**
   * Move a booked appointment in one statement in the common case (change.statement.ts): the
   * slot is checked against the doctor copy, and the statement applies the move only if the row
   * it locks is still booked, the caller's, and the doctor is still as checked. When this process
   * does not know the appointment's doctor (or the slot does not fit, which must not be answered
   * before the status and access are known), the statement changes nothing and reports the row
   * and doctor; the rules are then checked in the order they always were — 404 (audited), 409,
   * 422 — and the statement is sent again with what is there now.
   */
  export const reschedule = fn(z.object({ id, times: RescheduleInput }), async ({ id: appointmentId, times }) => {
    const startsAt = new Date(times.startsAt);
    const endsAt = new Date(times.endsAt);
    const action = "appointment.reschedule";
    const access = accessScope(useActor(), "patient");
    let seen: { row: Row; doctor: Doctor.Info | null } | undefined;
    for (let attempt = 0; attempt < 4; attempt++) {
      let doctor: Doctor.Info | undefined;
      if (seen) {
        const row = seen.row;
        await assertAccess(row, action, "patient");
        if (!canReschedule(row.status)) throw new VisibleError("conflict", "appointment.invalid_transition", `A ${row.status} appointment cannot be rescheduled.`);
        if (!seen.doctor || !seen.doctor.active) throw unprocessable("doctorId", "No such doctor is taking appointments", "appointment.unknown_doctor");
        doctor = seen.doctor;
        checkSlot(doctor, startsAt, endsAt);
      } else {
        const doctorId = doctorOfAppointment.get(appointmentId);
        doctor = doctorId ? doctorCopies.get(doctorId) : undefined;
        if (doctor && !(doctor.active && slotFits(doctor, startsAt, endsAt))) doctor = undefined;
      }
      const audit = Audit.build({ action, resourceType: "appointment", resourceId: appointmentId });
      let result;
      try {
        result = await rescheduleStatement({ id: appointmentId, to: { startsAt, endsAt }, access, doctor, head: Outbox.head(AppointmentEvents, "appointment.rescheduled"), audit });
      } catch (err) {
        overlapGuard(err);
      }
      if (result.row) {
        learn([result.row]);
        await afterCommit(nudgeRelay);
        return serialize(result.row as Row);
      }
      if (!result.current) return refuse(action, appointmentId);
      learn([result.current]);
      if (result.doctor?.active) remember(result.doctor);
      else doctorCopies.delete(result.current.doctorId);
      seen = { row: result.current as Row, doctor: result.doctor };
    }
    throw new VisibleError("conflict", "appointment.busy", "The appointment is being changed by someone else; try again.");
  });

  /**
   * Cancel, complete, no-show: one statement (change.statement.ts) that locks the row, applies
   * the change only if the life cycle, the caller's access and (complete, no-show) the start
   * allow it, and writes the outbox and audit rows; a cancellation also voids (or marks
   * refund_due) the invoice in it, after the appointment lock — the lock order billing uses too
   * (docs/billing.md). Nothing changed: the rules are checked on the row it reports, in the order
   * they always were (404 audited, then 409), and if they all pass (it changed meanwhile) again.
   */
  async function transition(appointmentId: string, to: Exclude<AppointmentStatus, "booked">, as: "patient" | "doctor", extra: { cancelReason?: string } = {}) {
    const action = `appointment.${to === "cancelled" ? "cancel" : to === "completed" ? "complete" : "no_show"}`;
    const type = `appointment.${to}` as AppointmentEventType;
    const access = accessScope(useActor(), as);
    let seen: Row | undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      const now = new Date();
      if (seen) {
        await assertAccess(seen, action, as);
        if (!canTransition(seen.status, to)) throw new VisibleError("conflict", "appointment.invalid_transition", `A ${seen.status} appointment cannot become ${to}.`);
        if (to !== "cancelled" && seen.startsAt.getTime() > now.getTime())
          throw new VisibleError("conflict", "appointment.not_started", `An appointment cannot be marked ${to} before it starts.`);
      }
      const result = await transitionStatement({
        id: appointmentId,
        to,
        cancelReason: extra.cancelReason ?? null,
        access,
        startedBy: to === "cancelled" ? null : now,
        head: Outbox.head(AppointmentEvents, type) as { id: string; type: string },
        action,
        audit: Audit.build({ action, resourceType: "appointment", resourceId: appointmentId }),
        invoiceHead: to === "cancelled" ? Outbox.head(InvoiceEvents) : null,
      });
      if (result.row) {
        learn([result.row]);
        await afterCommit(nudgeRelay);
        return serialize(result.row as Row);
      }
      if (!result.current) return refuse(action, appointmentId);
      seen = result.current as Row;
    }
    throw new VisibleError("conflict", "appointment.busy", "The appointment is being changed by someone else; try again.");
  }

  export const cancel = fn(z.object({ id, reason: z.string().max(500).optional() }), ({ id: appointmentId, reason }) => transition(appointmentId, "cancelled", "patient", { cancelReason: reason }));
  export const complete = fn(id, (appointmentId) => transition(appointmentId, "completed", "doctor"));
  export const noShow = fn(id, (appointmentId) => transition(appointmentId, "no_show", "doctor"));

  export const read = fn(id, async (appointmentId) => {
    const [row] = await useTransaction((tx) => tx.select().from(appointmentTable).where(eq(appointmentTable.id, appointmentId)));
    if (!row) return refuse("appointment.read", appointmentId);
    await assertAccess(row, "appointment.read", "read");
    learn([row]);
    await Audit.record({ action: "appointment.read", resourceType: "appointment", resourceId: row.id, patientId: row.patientId });
    return serialize(row);
  });

  /** Start-time order, keyset-paginated on (starts_at, id). Patients and doctors are scoped to themselves. */
  export const list = fn(ListInput, async (input) => {
    const actor = useActor();
    const filters = { ...input };
    if (actor.type === "user" && actor.role === "patient") {
      if (filters.patientId && filters.patientId !== actor.patientId) throw await Audit.deny({ action: "appointment.list", resourceType: "appointment", patientId: filters.patientId });
      filters.patientId = actor.patientId ?? "none";
    }
    if (actor.type === "user" && actor.role === "doctor") {
      if (filters.doctorId && filters.doctorId !== actor.doctorId) throw await Audit.deny({ action: "appointment.list", resourceType: "appointment", patientId: filters.patientId ?? null });
      filters.doctorId = actor.doctorId ?? "none";
    }
    const where: SQL[] = [];
    if (filters.doctorId) where.push(eq(appointmentTable.doctorId, filters.doctorId));
    if (filters.patientId) where.push(eq(appointmentTable.patientId, filters.patientId));
    if (filters.status) where.push(eq(appointmentTable.status, filters.status));
    if (filters.from) where.push(gte(appointmentTable.startsAt, new Date(filters.from)));
    if (filters.to) where.push(lt(appointmentTable.startsAt, new Date(filters.to)));
    if (filters.cursor) {
      const c = decodeCursor(filters.cursor, InstantKey);
      const at = new Date(c.at);
      // A row comparison, so the (starts_at, id) index bounds the scan (an OR would filter).
      where.push(sql`(${appointmentTable.startsAt}, ${appointmentTable.id}) > (${at.toISOString()}::timestamptz, ${c.id})`);
    }
    // Names in the same query: the directory's live entries and the doctors table.
    const rows = await useTransaction((tx) =>
      tx
        .select({ a: appointmentTable, patientName: patientDirectoryTable.displayName, doctorName: doctorTable.name })
        .from(appointmentTable)
        .leftJoin(patientDirectoryTable, and(eq(patientDirectoryTable.id, appointmentTable.patientId), eq(patientDirectoryTable.status, "active")))
        .leftJoin(doctorTable, eq(doctorTable.id, appointmentTable.doctorId))
        .where(and(...where))
        .orderBy(asc(appointmentTable.startsAt), asc(appointmentTable.id))
        .limit(filters.limit + 1),
    );
    const page = rows.slice(0, filters.limit);
    learn(page.map((r) => r.a));
    const last = page[page.length - 1]?.a;
    // Every patient the page discloses (by name now, too) is in the audit row.
    await Audit.record({ action: "appointment.list", resourceType: "appointment", patientId: filters.patientId ?? null, patientIds: page.map((r) => r.a.patientId), detail: { count: page.length } });
    return {
      items: page.map((r): ListItem => ({ ...serialize(r.a), patientName: r.patientName ?? null, doctorName: r.doctorName ?? null })),
      nextCursor: rows.length > filters.limit && last ? encodeCursor({ at: last.startsAt.toISOString(), id: last.id }) : null,
    };
  });

  export const availability = fn(z.object({ doctorId: id, date: calendarDate() }), async ({ doctorId, date }) => {
    const doctor = await Doctor.read(doctorId);
    // A day in any timezone lies within ±14 h of UTC midnight; fetch that window, slot math filters.
    const from = new Date(Date.parse(`${date}T00:00:00Z`) - 14 * 3600_000);
    const to = new Date(Date.parse(`${date}T00:00:00Z`) + 38 * 3600_000);
    const booked = await useTransaction((tx) =>
      tx
        .select({ start: appointmentTable.startsAt, end: appointmentTable.endsAt })
        .from(appointmentTable)
        .where(and(eq(appointmentTable.doctorId, doctorId), ne(appointmentTable.status, "cancelled"), lt(appointmentTable.startsAt, to), gt(appointmentTable.endsAt, from))),
    );
    // A deactivated doctor takes no bookings (book() answers 422), so offer no slots either.
    const slots = doctor.active ? freeSlots({ date, timeZone: doctor.timezone, workingHours: doctor.workingHours, slotMinutes: doctor.slotMinutes, booked, now: new Date() }) : [];
    return { doctorId, date, timezone: doctor.timezone, slots };
  });
}
