import { lazy } from "@carebeat/core/util/lazy";
import { billingTask } from "./task";

// The render path (drizzle, the patient store, pdfkit — installed beside the bundle — and the S3
// client it stores with) loads on the first invocation, once per container (docs/capacity.md, issue 19.1).
const render = lazy(() => import("@carebeat/core/billing/render"));

/** RenderPdf: pdfkit → S3 `invoices/{id}.pdf` (fixed key: a retry overwrites the same object). */
export const handler = billingTask("RenderPdf", async (input: { invoiceId: string }) => (await render()).renderAndStorePdf(input.invoiceId));
