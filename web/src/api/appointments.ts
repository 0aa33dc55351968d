import { api, type Page } from "./client";

/**
 * Field names follow /openapi.json (`Appointment`, from packages/core/src/appointment);
 * fix them here only.
 */
export type AppointmentStatus = "booked" | "cancelled" | "completed" | "no_show";

export interface Appointment {
  id: string;
  patientId: string;
  doctorId: string;
  startsAt: string;
  endsAt: string;
  status: AppointmentStatus;
  reason: string | null;
  cancelReason: string | null;
  /** The doctor's fee when it was booked, in cents. */
  feeCents: number;
  currency: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface BookInput {
  patientId: string;
  doctorId: string;
  /** ISO 8601 instants with offset; 5–240 minutes apart. */
  startsAt: string;
  endsAt: string;
  reason?: string;
}

export const statusLabels: Record<AppointmentStatus, string> = {
  booked: "Booked",
  completed: "Completed",
  cancelled: "Cancelled",
  no_show: "No-show",
};

export interface AppointmentFilter {
  doctorId?: string;
  patientId?: string;
  /** ISO instants: appointments starting in [from, to). */
  from?: string;
  to?: string;
  status?: AppointmentStatus;
  cursor?: string | null;
  limit?: number;
}

const path = (id: string) => `/api/appointments/${encodeURIComponent(id)}`;

export const Appointments = {
  /** Start-time order. Patients and doctors are scoped to their own by the API. */
  list: (f: AppointmentFilter) =>
    api.get<Page<Appointment>>("/api/appointments", {
      query: { doctorId: f.doctorId, patientId: f.patientId, from: f.from, to: f.to, status: f.status, cursor: f.cursor, limit: f.limit ?? 25 },
    }),
  get: (id: string) => api.get<Appointment>(path(id)),
  /** 409 when the doctor is already booked then; 422 in the past or outside working hours. */
  book: (input: BookInput) => api.post<Appointment>("/api/appointments", input),
  reschedule: (id: string, change: { startsAt: string; endsAt: string }) => api.patch<Appointment>(path(id), change),
  cancel: (id: string, reason?: string) => api.post<Appointment>(`${path(id)}/cancel`, reason ? { reason } : {}),
  /** Only once the appointment has started (409 before). */
  complete: (id: string) => api.post<Appointment>(`${path(id)}/complete`),
  noShow: (id: string) => api.post<Appointment>(`${path(id)}/no-show`),
};
