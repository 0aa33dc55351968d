import { renderAndStorePdf } from "@carebeat/core/billing/render";
import { billingTask } from "./task";

/** RenderPdf: pdfkit → S3 `invoices/{id}.pdf` (fixed key: a retry overwrites the same object). */
export const handler = billingTask("RenderPdf", (input: { invoiceId: string }) => renderAndStorePdf(input.invoiceId));
