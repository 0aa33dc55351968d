import { Doctor } from "../doctor";
import { onDoctorChanged } from "../doctor/changes";
import { unknownDoctor } from "./refusals";

/**
 * The one per-process cache of the appointment domain: doctors as the booking last saw them, and
 * the doctor of each appointment this process has seen.
 *
 * Doctors: the common booking needs no separate doctor read; the booking statement re-checks the
 * fee, currency, timezone and hours under the doctor's lock and books nothing if they changed
 * (then the copy is refreshed and the slot re-checked). Doctor.update in this process drops the
 * copy at once (doctor/changes.ts); other containers rely on the statement's re-check.
 *
 * Appointment → doctor never changes, so that copy cannot be stale: with it and the doctor's copy,
 * a reschedule checks the slot before its one statement instead of reading the row first.
 */
const doctors = new Map<string, Doctor.Info>();
const doctorOfAppointment = new Map<string, string>();
const MAX_DOCTORS = 1000;
const MAX_APPOINTMENTS = 20_000;

onDoctorChanged((id) => doctors.delete(id));

export const DoctorCache = {
  remember(d: Doctor.Info) {
    if (doctors.size >= MAX_DOCTORS) doctors.delete(doctors.keys().next().value!);
    doctors.set(d.id, d);
  },
  forget(doctorId: string) {
    doctors.delete(doctorId);
  },
  /** The cached doctor of an appointment this process has seen, if both are known. */
  ofAppointment(appointmentId: string): Doctor.Info | undefined {
    const doctorId = doctorOfAppointment.get(appointmentId);
    return doctorId ? doctors.get(doctorId) : undefined;
  },
  /** The doctor for a booking (cached or read), refusing one that is unknown or inactive. */
  async forBooking(doctorId: string): Promise<Doctor.Info> {
    let doctor = doctors.get(doctorId);
    if (!doctor) {
      doctor = await Doctor.get(doctorId);
      if (doctor) DoctorCache.remember(doctor);
    }
    if (!doctor || !doctor.active) throw unknownDoctor();
    return doctor;
  },
  /** Note which doctor each appointment belongs to. */
  learn(rows: { id: string; doctorId: string }[]) {
    for (const r of rows) {
      if (doctorOfAppointment.size >= MAX_APPOINTMENTS) doctorOfAppointment.delete(doctorOfAppointment.keys().next().value!);
      doctorOfAppointment.set(r.id, r.doctorId);
    }
  },
};
