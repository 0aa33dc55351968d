import { VisibleError } from "../util/error";
import { pgCode } from "../drizzle";
import { useActor } from "../actor";
import { Audit } from "../audit";
import type { Doctor } from "../doctor";
import { withinWorkingHours } from "../doctor/availability";
import { accessScope, mayAct } from "./access";

/** The answers an appointment operation refuses with, each written once. */
const notFound = () => new VisibleError("not-found", "appointment.not_found", "No such appointment.");
const unprocessable = (field: string, message: string, code: string) => new VisibleError("unprocessable", code, message, [{ field, message }]);
export const unknownDoctor = () => unprocessable("doctorId", "No such doctor is taking appointments", "appointment.unknown_doctor");
export const unknownPatient = () => unprocessable("patientId", "No such patient", "appointment.unknown_patient");
export const invalidTransition = (message: string) => new VisibleError("conflict", "appointment.invalid_transition", message);

/**
 * An appointment someone may not see is, to them, one that does not exist: the same 404 for
 * both, so appointment ids cannot be probed. The attempt is audited either way (`denied`,
 * with `detail.reason` telling the two apart for the reader of the log).
 */
export async function refuse(action: string, appointmentId: string, row?: { patientId: string }): Promise<never> {
  await Audit.record({
    action,
    resourceType: "appointment",
    resourceId: appointmentId,
    patientId: row?.patientId ?? null,
    outcome: "denied",
    detail: { reason: row ? "not_yours" : "not_found" },
  });
  throw notFound();
}

/**
 * Record-level rule: staff/admin manage all; a patient their own (read, book, move,
 * cancel); a doctor their own schedule (read, complete, no-show). Refusals are audited;
 * for an existing appointment (it has an id) they answer 404, like a missing one.
 */
export async function assertAccess(a: { id?: string; patientId: string; doctorId: string }, action: string, as: "read" | "patient" | "doctor") {
  if (mayAct(accessScope(useActor(), as), a)) return;
  if (a.id) return refuse(action, a.id, a);
  throw await Audit.deny({ action, resourceType: "appointment", resourceId: null, patientId: a.patientId });
}

export const slotFits = (doctor: Doctor.Info, startsAt: Date, endsAt: Date) =>
  startsAt.getTime() > Date.now() && withinWorkingHours(startsAt, endsAt, doctor.timezone, doctor.workingHours);

/** Business rules on a time slot: future, inside the doctor's working hours. */
export function checkSlot(doctor: Doctor.Info, startsAt: Date, endsAt: Date) {
  if (startsAt.getTime() <= Date.now()) throw unprocessable("startsAt", "Must be in the future", "appointment.in_past");
  if (!withinWorkingHours(startsAt, endsAt, doctor.timezone, doctor.workingHours))
    throw unprocessable("startsAt", `Outside the doctor's working hours (${doctor.timezone})`, "appointment.outside_hours");
}

/** The exclusion constraint (migration 0003) refused an overlapping booking: a 409 naming startsAt. */
export function overlapGuard(err: unknown): never {
  if (pgCode(err) === "23P01")
    throw new VisibleError("conflict", "appointment.overlap", "The doctor already has an appointment at that time.", [
      { field: "startsAt", message: "Conflicts with another booking" },
    ]);
  throw err;
}
