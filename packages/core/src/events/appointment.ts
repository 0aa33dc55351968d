import { z } from "../util/zod";

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

export const appointmentEventTypes = [
  "appointment.booked",
  "appointment.rescheduled",
  "appointment.cancelled",
  "appointment.completed",
  "appointment.no_show",
] as const;

const envelope = {
  id: z.string().regex(/^evt_/),
  version: z.literal(1),
  occurredAt: z.iso.datetime({ offset: true }),
  key: z.string().min(1),
  data: AppointmentEventData,
};

export const AppointmentEvent = z.discriminatedUnion(
  "type",
  appointmentEventTypes.map((type) => z.object({ type: z.literal(type), ...envelope })) as unknown as [
    z.ZodObject<{ type: z.ZodLiteral<(typeof appointmentEventTypes)[number]> } & typeof envelope>,
  ],
);
export type AppointmentEvent = z.infer<typeof AppointmentEvent>;
export type AppointmentEventType = (typeof appointmentEventTypes)[number];
