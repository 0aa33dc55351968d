import { z } from "../util/zod";
import { defineEvents } from "../events/define";
import { invoiceStatuses } from "./invoice.sql";

export const InvoiceEventData = z.object({
  invoiceId: z.string(),
  appointmentId: z.string(),
  patientId: z.string(),
  doctorId: z.string(),
  number: z.string().nullable(),
  status: z.enum(invoiceStatuses),
  totalCents: z.number().int().min(0),
  paidCents: z.number().int().min(0),
  currency: z.string().length(3),
  /** For `invoice.failed`: the workflow error name (never patient data). */
  error: z.string().optional(),
});

/** Topic `invoice-events`, key = invoice id; consumed by the realtime invoice push. */
export const InvoiceEvents = defineEvents(["invoice.issued", "invoice.failed", "invoice.paid", "invoice.voided", "invoice.refund_due"], InvoiceEventData);
export const InvoiceEvent = InvoiceEvents.Envelope;
export type InvoiceEvent = z.infer<typeof InvoiceEvent>;
export type InvoiceEventType = InvoiceEvent["type"];
