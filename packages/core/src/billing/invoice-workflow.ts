import { z } from "../util/zod";
import { fn } from "../util/fn";
import { Invoice } from "../invoice";
import { log, errorFields } from "../observability/log";
import { startBilling } from "./start";
import { workflowOf, Workflow } from "./progress";
import { executionNameFor } from "./workflow";

const Id = z.string().min(1).max(64);

/**
 * The invoice seen together with its billing execution. It lives in billing, not invoice,
 * because invoice sits below billing in the layering (.dependency-cruiser.cjs): the invoice
 * domain knows nothing of Step Functions.
 */
export namespace InvoiceWorkflow {
  export const Detail = Invoice.WithPayments.extend({ workflow: Workflow.nullable() }).openapi("InvoiceDetail");

  /** The invoice, its payments and the progress of its current billing execution. */
  export const read = fn(Id, async (id): Promise<z.infer<typeof Detail>> => {
    const invoice = await Invoice.read(id);
    let workflow: Workflow | null = null;
    try {
      workflow = await workflowOf(invoice.appointmentId, invoice.attempts);
    } catch (err) {
      // The invoice itself is in PostgreSQL: show it even when Step Functions cannot answer.
      log.warn("invoice.workflow_unavailable", { invoiceId: id, ...errorFields(err) });
    }
    return { ...invoice, workflow };
  });

  /**
   * Bill a failed invoice again: a new execution `<appointment>-retry-<n>` (a fresh run is
   * simpler to reason about than redriving from the Fail state, and every task is
   * idempotent). Its CreateInvoice flips the invoice back to pending.
   */
  export const retry = fn(Id, async (id) => {
    const invoice = await Invoice.markForRetry(id);
    const started = await startBilling(invoice.appointmentId, invoice.attempts);
    return { invoice, executionName: executionNameFor(invoice.appointmentId, invoice.attempts), executionArn: started.executionArn ?? null };
  });
}
