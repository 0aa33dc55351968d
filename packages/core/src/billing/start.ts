import { links } from "../util/links";
import { executionNameFor } from "./workflow";
import { log, errorFields, correlationId } from "../observability/log";
import { createId } from "../util/id";
import { useSfn } from "./sfn";

export const billingMachineArn = () => links.BillingWorkflow.arn;

/**
 * `{ appointmentId, correlationId }`: the correlation id is the request that booked (or the
 * sweep that found the appointment); every task gets the execution input and logs it.
 */
function executionInput(appointmentId: string) {
  return { appointmentId, correlationId: correlationId() ?? createId("request") };
}

/**
 * Start billing for an appointment. The execution name is the appointment id (or
 * `<id>-retry-<n>`), so a repeated start — booking and sweeper racing, a retried request —
 * never creates a second execution: Step Functions answers ExecutionAlreadyExists (or, for a
 * running execution with the same input, returns it), which counts as started.
 */
export async function startBilling(appointmentId: string, attempt = 1): Promise<{ executionArn?: string; alreadyStarted: boolean }> {
  const { sdk, client } = await useSfn();
  try {
    const out = await client.send(
      new sdk.StartExecutionCommand({ stateMachineArn: billingMachineArn(), name: executionNameFor(appointmentId, attempt), input: JSON.stringify(executionInput(appointmentId)) }),
    );
    return { executionArn: out.executionArn, alreadyStarted: false };
  } catch (err) {
    if (err instanceof sdk.ExecutionAlreadyExists || (err as { name?: string }).name === "ExecutionAlreadyExists") return { alreadyStarted: true };
    throw err;
  }
}

/**
 * For Appointment.book's afterCommit: the booking has committed, so a failed start must not
 * turn it into an error. It is logged (error class only) and Billing.sweep starts it later.
 */
export async function startBillingAfterBooking(appointmentId: string): Promise<void> {
  // Offline only, for measuring the API alone (bench/booking-http.ts): no execution now; the
  // sweeper starts the missing ones once billing is on again.
  if (process.env.CAREBEAT_BILLING === "off") return;
  try {
    await startBilling(appointmentId);
  } catch (err) {
    log.warn("billing.start_failed", { appointmentId, ...errorFields(err), note: "the sweeper will retry" });
  }
}
