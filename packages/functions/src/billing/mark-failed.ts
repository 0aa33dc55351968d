import { log, count, MetricName } from "@carebeat/core/observability";
import { lazy } from "@carebeat/core/util/lazy";
import { billingTask } from "./task";

// The invoice domain loads on the first invocation, once per container (docs/capacity.md, issue 19.1).
const invoice = lazy(() => import("@carebeat/core/invoice").then((m) => m.Invoice));

/** MarkFailed (the Catch target): the error lands on the invoice as `failed`; a repeat changes nothing. */
export const handler = billingTask("MarkFailed", async (input: { appointmentId: string; error: string; cause: unknown }) => {
  const failed = await (await invoice()).markFailed(input);
  // The error name is the ASL error (e.g. States.Timeout, a task's error class); its cause can
  // quote data, so only the name is logged. The invoice row keeps both for staff.
  log.warn("billing.failed", { appointmentId: input.appointmentId, error: input.error });
  count(MetricName.BillingFailures);
  return failed;
});
