import { Invoice } from "@carebeat/core/invoice";
import { billingTask } from "./task";

/** IssueInvoice: status `issued` + `invoice.issued` in the outbox, one transaction; a repeat is a no-op. */
export const handler = billingTask((input: { invoiceId: string; pdfKey: string | null }) => Invoice.issue(input));
