import { Billing } from "@carebeat/core/billing";
import { billingTask } from "./task";

/** The sweeper cron: start billing for booked appointments that have been left without an invoice. */
export const handler = billingTask(async () => {
  const result = await Billing.sweep({ olderThanSeconds: Number(process.env.CAREBEAT_SWEEP_AFTER_SECONDS ?? 60), limit: 200 });
  console.log(JSON.stringify({ level: "info", msg: "billing sweep", ...result }));
  return result;
});
