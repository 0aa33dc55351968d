import { z } from "../util/zod";
import { Outbox } from "../events";
import { invoiceStatuses, paymentMethods, type invoiceTable, type paymentTable } from "./invoice.sql";
import { InvoiceEvents, type InvoiceEventType } from "./event";

export type InvoiceRow = typeof invoiceTable.$inferSelect;

const Line = z
  .object({
    code: z.string(),
    description: z.string(),
    quantity: z.number().int(),
    unitCents: z.number().int(),
    amountCents: z.number().int(),
    taxRateBps: z.number().int(),
    taxCents: z.number().int(),
    taxNote: z.string().optional(),
  })
  .openapi("InvoiceLine");

export const Info = z
  .object({
    id: z.string(),
    number: z.string().nullable().openapi({ description: "`YYYY-NNNNNN`, gapless per year; null until numbered" }),
    status: z.enum(invoiceStatuses),
    appointmentId: z.string(),
    patientId: z.string(),
    doctorId: z.string(),
    currency: z.string(),
    lines: z.array(Line),
    subtotalCents: z.number().int(),
    taxCents: z.number().int(),
    totalCents: z.number().int(),
    paidCents: z.number().int(),
    balanceCents: z.number().int(),
    issueDate: z.string().nullable(),
    dueDate: z.string().nullable(),
    issuedAt: z.string().nullable(),
    hasPdf: z.boolean(),
    error: z.string().nullable().openapi({ description: "The last workflow error while `failed`" }),
    attempts: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Invoice");
export type Info = z.infer<typeof Info>;

export const Payment = z
  .object({ id: z.string(), method: z.enum(paymentMethods), amountCents: z.number().int(), reference: z.string().nullable(), recordedBy: z.string(), createdAt: z.string() })
  .openapi("Payment");
export type Payment = z.infer<typeof Payment>;

export function serialize(r: InvoiceRow): Info {
  return {
    id: r.id,
    number: r.number,
    status: r.status,
    appointmentId: r.appointmentId,
    patientId: r.patientId,
    doctorId: r.doctorId,
    currency: r.currency,
    lines: r.lines,
    subtotalCents: r.subtotalCents,
    taxCents: r.taxCents,
    totalCents: r.totalCents,
    paidCents: r.paidCents,
    balanceCents: r.totalCents - r.paidCents,
    issueDate: r.issueDate,
    dueDate: r.dueDate,
    issuedAt: r.issuedAt?.toISOString() ?? null,
    hasPdf: Boolean(r.pdfKey),
    error: r.status === "failed" ? r.error : null,
    attempts: r.attempts,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export function serializePayment(p: typeof paymentTable.$inferSelect): Payment {
  return { id: p.id, method: p.method, amountCents: p.amountCents, reference: p.reference, recordedBy: p.recordedBy, createdAt: p.createdAt.toISOString() };
}

/** Append the invoice's event to the outbox in the caller's transaction (key = invoice id). */
export function announce(type: InvoiceEventType, r: InvoiceRow, error?: string) {
  return Outbox.write(InvoiceEvents, type, r.id, {
    invoiceId: r.id,
    appointmentId: r.appointmentId,
    patientId: r.patientId,
    doctorId: r.doctorId,
    number: r.number,
    status: r.status,
    totalCents: r.totalCents,
    paidCents: r.paidCents,
    currency: r.currency,
    error,
  });
}

/** `invoices/{invoiceId}.pdf` in the Invoices bucket. */
export const pdfKeyOf = (invoiceId: string) => `invoices/${invoiceId}.pdf`;
