import { log, withLogContext } from "@carebeat/core/observability";
import { createId } from "@carebeat/core/util/id";
import { lazy } from "@carebeat/core/util/lazy";
import { billingTask } from "./task";

// The billing domain (drizzle; Step Functions is core's own lazy chunk) loads on the first
// invocation, once per container (docs/capacity.md, issue 19.1).
const billing = lazy(() => import("@carebeat/core/billing").then((m) => m.Billing));

/**
 * The sweeper cron: start billing for booked appointments that have been left without an invoice.
 * No request started these executions, so the sweep's own id is their correlation id.
 */
export const handler = billingTask("Sweep", () =>
  withLogContext({ correlationId: createId("request") }, async () => {
    const result = await (await billing()).sweep({ olderThanSeconds: Number(process.env.CAREBEAT_SWEEP_AFTER_SECONDS ?? 60), limit: 200 });
    log.info("billing.sweep", { ...result });
    return result;
  }),
);
