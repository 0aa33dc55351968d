import { z } from "../util/zod";
import { defineEvents } from "../events/define";
import { storedStatuses } from "./status";

/**
 * Version 1 of the prescription events (topic `prescription-events`, key = prescription id).
 * Ids and counts only: no medication names, doses or patient names leave through Kafka.
 */
export const PrescriptionEventData = z.object({
  prescriptionId: z.string(),
  patientId: z.string(),
  doctorId: z.string(),
  medicationId: z.string(),
  status: z.enum(storedStatuses),
  /** Units handed over by this event (`prescription.dispensed`); 0 otherwise. */
  units: z.number().int().min(0),
  dispensedUnits: z.number().int().min(0),
  totalUnits: z.number().int().min(1),
  /** The repeat request an event is about (`prescription.repeat_*`). */
  repeatRequestId: z.string().optional(),
  /** The prescription this one renews (prescribed on a repeat approval). */
  replaces: z.string().optional(),
});

export const PrescriptionEvents = defineEvents(
  ["prescription.prescribed", "prescription.dispensed", "prescription.cancelled", "prescription.repeat_requested", "prescription.repeat_approved", "prescription.repeat_declined"],
  PrescriptionEventData,
);
export const PrescriptionEvent = PrescriptionEvents.Envelope;
export type PrescriptionEvent = z.infer<typeof PrescriptionEvent>;
export type PrescriptionEventType = PrescriptionEvent["type"];
