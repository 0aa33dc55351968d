import { Invoice } from "@carebeat/core/invoice";
import { count, MetricName } from "@carebeat/core/observability";
import { billingTask } from "./task";

/** IssueInvoice: status `issued` + `invoice.issued` in the outbox, one transaction; a repeat is a no-op. */
export const handler = billingTask("IssueInvoice", async (input: { invoiceId: string; pdfKey: string | null }) => {
  const issued = await Invoice.issue(input);
  count(MetricName.InvoicesIssued);
  return issued;
});
