/**
 * Listeners told when a doctor row changes in this process (Doctor.update), so caches of doctors
 * held by higher domains (appointment/doctor-cache.ts) drop their copy at once instead of waiting
 * for the booking statement to notice. Other containers still rely on that statement's re-check.
 */
const listeners = new Set<(doctorId: string) => void>();

export function onDoctorChanged(listener: (doctorId: string) => void): void {
  listeners.add(listener);
}

export function doctorChanged(doctorId: string): void {
  for (const l of listeners) l(doctorId);
}
