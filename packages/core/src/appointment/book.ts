import { createId } from "../util/id";
import { afterCommit } from "../drizzle";
import { actorLabel } from "../actor";
import { Audit } from "../audit";
import { Outbox, nudgeRelay } from "../events";
import { PatientDirectory } from "../directory";
import { bookStatement, type BookResult } from "./book.statement";
import { AppointmentEvents } from "./event";
import { runBookedHooks } from "./hooks";
import { DoctorCache } from "./doctor-cache";
import { AGAIN, retrying } from "./retry";
import { assertAccess, checkSlot, overlapGuard, unknownDoctor, unknownPatient } from "./refusals";
import { serialize, type BookInput, type Info } from "./info";
import type { z } from "../util/zod";

/**
 * One round trip in the common case: the doctor check and lock, the patient check, the
 * appointment, its outbox row and its audit row are one statement (book.statement.ts). The
 * booked hooks (billing starts) run and the relay is nudged after it commits.
 */
export async function book(input: z.infer<typeof BookInput>): Promise<Info> {
  await assertAccess(input, "appointment.book", "patient");
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  let doctor = await DoctorCache.forBooking(input.doctorId);
  try {
    checkSlot(doctor, startsAt, endsAt);
  } catch {
    // The copy may be stale in the strict direction (hours widened or restored since it was
    // read, here or in another container): refuse only on the doctor as the database has it.
    // The statement itself catches staleness in the permissive direction ("doctor-changed").
    DoctorCache.forget(input.doctorId);
    doctor = await DoctorCache.forBooking(input.doctorId);
    checkSlot(doctor, startsAt, endsAt);
  }
  return retrying(3, "The doctor's schedule is changing; try again.", async () => {
    const id = createId("appointment");
    const event = Outbox.envelope(AppointmentEvents, "appointment.booked", doctor.id, {
      appointmentId: id,
      doctorId: doctor.id,
      patientId: input.patientId,
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      status: "booked",
      feeCents: doctor.visitFeeCents,
      currency: doctor.currency,
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
        DoctorCache.learn([row]);
        await afterCommit(nudgeRelay);
        // Once the booking is durable, the higher domains' hooks (billing starts; a failed start
        // is logged and left to Billing.sweep).
        await afterCommit(() => runBookedHooks(row.id));
        return serialize(row);
      }
      case "no-doctor":
        DoctorCache.forget(input.doctorId);
        throw unknownDoctor();
      case "doctor-changed":
        DoctorCache.remember(result.doctor);
        doctor = result.doctor;
        checkSlot(doctor, startsAt, endsAt);
        return AGAIN;
      case "patient":
        // Not in the directory at all: ask DynamoDB once (that also repairs the entry).
        if (result.status === null && (await PatientDirectory.bookable(input.patientId))) return AGAIN;
        throw unknownPatient();
    }
  });
}
