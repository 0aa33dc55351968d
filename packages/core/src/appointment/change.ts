import { afterCommit } from "../drizzle";
import { useActor } from "../actor";
import { Audit } from "../audit";
import { Outbox, nudgeRelay } from "../events";
import type { Doctor } from "../doctor";
import { InvoiceEvents } from "../invoice/event";
import { rescheduleStatement, transitionStatement } from "./change.statement";
import { accessScope } from "./access";
import { AppointmentEvents, type AppointmentEventType } from "./event";
import type { AppointmentStatus } from "./appointment.sql";
import { canTransition, canReschedule } from "./lifecycle";
import { DoctorCache } from "./doctor-cache";
import { AGAIN, retrying } from "./retry";
import { assertAccess, checkSlot, invalidTransition, overlapGuard, refuse, slotFits, unknownDoctor } from "./refusals";
import { serialize, type Info, type Row } from "./info";
import { VisibleError } from "../util/error";

const busy = "The appointment is being changed by someone else; try again.";

/**
 * Move a booked appointment in one statement in the common case (change.statement.ts): the
 * slot is checked against the doctor copy, and the statement applies the move only if the row
 * it locks is still booked, the caller's, and the doctor is still as checked. When this process
 * does not know the appointment's doctor (or the slot does not fit, which must not be answered
 * before the status and access are known), the statement changes nothing and reports the row
 * and doctor; the rules are then checked in the order they always were — 404 (audited), 409,
 * 422 — and the statement is sent again with what is there now.
 */
export async function reschedule(appointmentId: string, times: { startsAt: string; endsAt: string }): Promise<Info> {
  const startsAt = new Date(times.startsAt);
  const endsAt = new Date(times.endsAt);
  const action = "appointment.reschedule";
  const access = accessScope(useActor(), "patient");
  let seen: { row: Row; doctor: Doctor.Info | null } | undefined;
  return retrying(4, busy, async () => {
    let doctor: Doctor.Info | undefined;
    if (seen) {
      const row = seen.row;
      await assertAccess(row, action, "patient");
      if (!canReschedule(row.status)) throw invalidTransition(`A ${row.status} appointment cannot be rescheduled.`);
      if (!seen.doctor || !seen.doctor.active) throw unknownDoctor();
      doctor = seen.doctor;
      checkSlot(doctor, startsAt, endsAt);
    } else {
      doctor = DoctorCache.ofAppointment(appointmentId);
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
      DoctorCache.learn([result.row]);
      await afterCommit(nudgeRelay);
      return serialize(result.row);
    }
    if (!result.current) return refuse(action, appointmentId);
    DoctorCache.learn([result.current]);
    if (result.doctor?.active) DoctorCache.remember(result.doctor);
    else DoctorCache.forget(result.current.doctorId);
    seen = { row: result.current, doctor: result.doctor };
    return AGAIN;
  });
}

/**
 * Cancel, complete, no-show: one statement (change.statement.ts) that locks the row, applies
 * the change only if the life cycle, the caller's access and (complete, no-show) the start
 * allow it, and writes the outbox and audit rows; a cancellation also voids (or marks
 * refund_due) the invoice in it, after the appointment lock — the lock order billing uses too
 * (docs/billing.md). Nothing changed: the rules are checked on the row it reports, in the order
 * they always were (404 audited, then 409), and if they all pass (it changed meanwhile) again.
 */
export async function transition(appointmentId: string, to: Exclude<AppointmentStatus, "booked">, as: "patient" | "doctor", extra: { cancelReason?: string } = {}): Promise<Info> {
  const action = `appointment.${to === "cancelled" ? "cancel" : to === "completed" ? "complete" : "no_show"}`;
  const type = `appointment.${to}` as AppointmentEventType;
  const access = accessScope(useActor(), as);
  let seen: Row | undefined;
  return retrying(3, busy, async () => {
    const now = new Date();
    if (seen) {
      await assertAccess(seen, action, as);
      if (!canTransition(seen.status, to)) throw invalidTransition(`A ${seen.status} appointment cannot become ${to}.`);
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
      DoctorCache.learn([result.row]);
      await afterCommit(nudgeRelay);
      return serialize(result.row);
    }
    if (!result.current) return refuse(action, appointmentId);
    seen = result.current;
    return AGAIN;
  });
}
