import { withActor } from "@carebeat/core/actor";
import { instrument } from "@carebeat/core/observability/handler";

/**
 * Every billing task runs as the `system:billing` actor (audit rows say who acted) and
 * returns plain JSON, which is what Step Functions stores as the state's result.
 *
 * Each state's Parameters also pass `executionInput` (`{ appointmentId, correlationId }`,
 * packages/core/src/billing/workflow.ts); its correlation id — the request that booked — goes on
 * every log line and the X-Ray subsegment of the task (docs/observability.md), and the key is
 * removed before the domain call.
 */
type Traced = { executionInput?: { correlationId?: unknown } };

export function billingTask<I, O>(name: string, run: (input: I) => Promise<O>) {
  return instrument(
    `billing.${name}`,
    (input: I & Traced) => {
      const { executionInput: _ignored, ...rest } = (input ?? {}) as I & Traced;
      return withActor({ type: "system", name: "billing" }, () => run(rest as I));
    },
    { correlation: (input) => (typeof input?.executionInput?.correlationId === "string" ? input.executionInput.correlationId : undefined) },
  );
}
