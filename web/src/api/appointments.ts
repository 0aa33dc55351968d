import { action, query } from "@solidjs/router";
import { clean, http, ok, type Schemas } from "./http";

/** Types come from the API's OpenAPI document (schema.d.ts); nothing here is hand-copied. */
export type Appointment = Schemas["Appointment"];
/** A list row: the appointment with its patient's and doctor's names (one query on the server). */
export type AppointmentListItem = Schemas["AppointmentListItem"];
export type AppointmentStatus = Appointment["status"];
type ListQuery = NonNullable<import("./schema").paths["/api/appointments"]["get"]["parameters"]["query"]>;
export type BookInput = import("./schema").paths["/api/appointments"]["post"]["requestBody"]["content"]["application/json"];

export const statusLabels: Record<AppointmentStatus, string> = {
  booked: "Booked",
  completed: "Completed",
  cancelled: "Cancelled",
  no_show: "No-show",
};

export type AppointmentFilter = Omit<ListQuery, "cursor"> & { cursor?: string | null };

const id = (appointmentId: string) => ({ params: { path: { id: appointmentId } } });

const Appointments = {
  /** Start-time order. Patients and doctors are scoped to their own by the API. */
  list: (f: AppointmentFilter) => ok(http.GET("/api/appointments", { params: { query: clean({ ...f, cursor: f.cursor ?? undefined, limit: f.limit ?? 25 }) } })),
  get: (appointmentId: string) => ok(http.GET("/api/appointments/{id}", id(appointmentId))),
  /** 409 when the doctor is already booked then; 422 in the past or outside working hours. */
  book: (input: BookInput) => ok(http.POST("/api/appointments", { body: input })),
  reschedule: (appointmentId: string, change: { startsAt: string; endsAt: string }) => ok(http.PATCH("/api/appointments/{id}", { ...id(appointmentId), body: change })),
  cancel: (appointmentId: string, reason?: string) => ok(http.POST("/api/appointments/{id}/cancel", { ...id(appointmentId), body: reason ? { reason } : {} })),
  /** Only once the appointment has started (409 before). */
  complete: (appointmentId: string) => ok(http.POST("/api/appointments/{id}/complete", id(appointmentId))),
  noShow: (appointmentId: string) => ok(http.POST("/api/appointments/{id}/no-show", id(appointmentId))),
};

/** Router data functions: cached per arguments; a successful action revalidates them. */
export const listAppointments = query((f: AppointmentFilter) => Appointments.list(f), "appointments");
export const getAppointment = query((appointmentId: string) => Appointments.get(appointmentId), "appointment");
export const bookAppointment = action((input: BookInput) => Appointments.book(input), "appointment.book");
export const rescheduleAppointment = action(
  (appointmentId: string, change: { startsAt: string; endsAt: string }) => Appointments.reschedule(appointmentId, change),
  "appointment.reschedule",
);
export const cancelAppointment = action((appointmentId: string, reason?: string) => Appointments.cancel(appointmentId, reason), "appointment.cancel");
export const completeAppointment = action((appointmentId: string) => Appointments.complete(appointmentId), "appointment.complete");
export const noShowAppointment = action((appointmentId: string) => Appointments.noShow(appointmentId), "appointment.noShow");

/**
 * Every appointment starting in [from, to) (all statuses), following the cursor: what a
 * calendar shows. Without `doctorId` it is every doctor the role may see.
 */
export const appointmentsInRange = query(async (r: { from: string; to: string; doctorId?: string }): Promise<AppointmentListItem[]> => {
  const out: AppointmentListItem[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 10; i++) {
    const page: { items: AppointmentListItem[]; nextCursor: string | null } = await Appointments.list({ ...r, cursor, limit: 200 });
    out.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return out;
}, "appointments.range");
