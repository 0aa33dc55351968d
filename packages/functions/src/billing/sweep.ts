import { Billing } from "@carebeat/core/billing";
import { log, withLogContext } from "@carebeat/core/observability";
import { createId } from "@carebeat/core/util/id";
import { billingTask } from "./task";

/**
 * The sweeper cron: start billing for booked appointments that have been left without an invoice.
 * No request started these executions, so the sweep's own id is their correlation id.
 */
export const handler = billingTask("Sweep", () =>
  withLogContext({ correlationId: createId("request") }, async () => {
    const result = await Billing.sweep({ olderThanSeconds: Number(process.env.CAREBEAT_SWEEP_AFTER_SECONDS ?? 60), limit: 200 });
    log.info("billing.sweep", { ...result });
    return result;
  }),
);
