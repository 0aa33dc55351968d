import type { AppointmentStatus } from "./appointment.sql";

/** booked → completed | cancelled | no_show; the other three are final. */
const transitions: Record<AppointmentStatus, readonly AppointmentStatus[]> = {
  booked: ["completed", "cancelled", "no_show"],
  completed: [],
  cancelled: [],
  no_show: [],
};

export function canTransition(from: AppointmentStatus, to: AppointmentStatus): boolean {
  return transitions[from].includes(to);
}

/** Only a booked appointment can move in time. */
export function canReschedule(status: AppointmentStatus): boolean {
  return status === "booked";
}
