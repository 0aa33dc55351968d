import { count, MetricName } from "@carebeat/core/observability";
import { lazy } from "@carebeat/core/util/lazy";
import { billingTask } from "./task";

// The invoice domain loads on the first invocation, once per container (docs/capacity.md, issue 19.1).
const invoice = lazy(() => import("@carebeat/core/invoice").then((m) => m.Invoice));

/** IssueInvoice: status `issued` + `invoice.issued` in the outbox, one transaction; a repeat is a no-op. */
export const handler = billingTask("IssueInvoice", async (input: { invoiceId: string; pdfKey: string | null }) => {
  const issued = await (await invoice()).issue(input);
  count(MetricName.InvoicesIssued);
  return issued;
});
