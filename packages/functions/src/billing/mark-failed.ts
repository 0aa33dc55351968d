import { Invoice } from "@carebeat/core/invoice";
import { log, count, MetricName } from "@carebeat/core/observability";
import { billingTask } from "./task";

/** MarkFailed (the Catch target): the error lands on the invoice as `failed`; a repeat changes nothing. */
export const handler = billingTask("MarkFailed", async (input: { appointmentId: string; error: string; cause: unknown }) => {
  const failed = await Invoice.markFailed(input);
  // The error name is the ASL error (e.g. States.Timeout, a task's error class); its cause can
  // quote data, so only the name is logged. The invoice row keeps both for staff.
  log.warn("billing.failed", { appointmentId: input.appointmentId, error: input.error });
  count(MetricName.BillingFailures);
  return failed;
});
