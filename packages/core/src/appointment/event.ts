import { z } from "../util/zod";
import { defineEvents } from "../events/define";

/** Version 1 of the appointment events (Kafka topic `appointment-events`, key = doctor id). */
export const AppointmentEventData = z.object({
  appointmentId: z.string(),
  doctorId: z.string(),
  patientId: z.string(),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  status: z.enum(["booked", "completed", "cancelled", "no_show"]),
  feeCents: z.number().int().min(0),
  currency: z.string().length(3),
  previous: z.object({ startsAt: z.string(), endsAt: z.string() }).optional(),
});

export const AppointmentEvents = defineEvents(
  ["appointment.booked", "appointment.rescheduled", "appointment.cancelled", "appointment.completed", "appointment.no_show"],
  AppointmentEventData,
);
export const appointmentEventTypes = AppointmentEvents.types;
export const AppointmentEvent = AppointmentEvents.Envelope;
export type AppointmentEvent = z.infer<typeof AppointmentEvent>;
export type AppointmentEventType = AppointmentEvent["type"];
