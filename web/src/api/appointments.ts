import { api, type Page } from "./client";

export type AppointmentStatus = "booked" | "cancelled" | "completed" | "no_show";

export interface Appointment {
  id: string;
  patientId: string;
  doctorId: string;
  startsAt: string;
  endsAt: string;
  status: AppointmentStatus;
  reason?: string | null;
  createdAt?: string;
}

export interface BookInput {
  patientId: string;
  doctorId: string;
  startsAt: string;
  endsAt: string;
  reason?: string;
}

export const statusLabels: Record<string, string> = {
  booked: "Booked",
  cancelled: "Cancelled",
  completed: "Completed",
  no_show: "No-show",
};

export interface AppointmentFilter {
  doctorId?: string;
  patientId?: string;
  from?: string;
  to?: string;
  status?: string;
  cursor?: string | null;
  limit?: number;
}

const path = (id: string) => `/api/appointments/${encodeURIComponent(id)}`;

export const Appointments = {
  list: (f: AppointmentFilter) => api.get<Page<Appointment>>("/api/appointments", { query: { ...f, limit: f.limit ?? 25 } }),
  book: (input: BookInput) => api.post<Appointment>("/api/appointments", input),
  reschedule: (id: string, change: { startsAt: string; endsAt: string }) => api.patch<Appointment>(path(id), change),
  cancel: (id: string, reason?: string) => api.post<Appointment>(`${path(id)}/cancel`, reason ? { reason } : {}),
  complete: (id: string) => api.post<Appointment>(`${path(id)}/complete`, {}),
  noShow: (id: string) => api.post<Appointment>(`${path(id)}/no-show`, {}),
};
