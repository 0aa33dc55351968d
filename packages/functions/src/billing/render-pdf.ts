import { Billing } from "@carebeat/core/billing";
import { billingTask } from "./task";

/** RenderPdf: pdfkit → S3 `invoices/{id}.pdf` (fixed key: a retry overwrites the same object). */
export const handler = billingTask("RenderPdf", (input: { invoiceId: string }) => Billing.renderPdf(input.invoiceId));
