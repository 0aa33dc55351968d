import { definition, localTaskArns, localMachineName, billingTaskNames, type BillingTask } from "@carebeat/core/billing/workflow";
import { handler as loadContext } from "@carebeat/functions/billing/load-context";
import { handler as priceVisit } from "@carebeat/functions/billing/price-visit";
import { handler as createInvoice } from "@carebeat/functions/billing/create-invoice";
import { handler as assignNumber } from "@carebeat/functions/billing/assign-number";
import { handler as renderPdf } from "@carebeat/functions/billing/render-pdf";
import { handler as issueInvoice } from "@carebeat/functions/billing/issue-invoice";
import { handler as markFailed } from "@carebeat/functions/billing/mark-failed";
import { handler as sweep } from "@carebeat/functions/billing/sweep";

type Handler = (event: any) => Promise<any>;

/** The same handler modules stacks/billing.ts deploys, keyed by task state. */
export const billingHandlers: Record<BillingTask, Handler> = {
  LoadContext: loadContext,
  PriceVisit: priceVisit,
  CreateInvoice: createInvoice,
  AssignNumber: assignNumber,
  RenderPdf: renderPdf,
  IssueInvoice: issueInvoice,
  MarkFailed: markFailed,
};

/**
 * The billing machine for the local Step Functions endpoint (docs/stepfunctions-local.md): the one
 * definition from packages/core with offline Lambda ARNs, each ARN mapped to its handler.
 */
export function billingMachine(stage: string) {
  const arns = localTaskArns(stage);
  return {
    name: localMachineName(stage),
    definition: definition(arns),
    handlers: Object.fromEntries(billingTaskNames.map((t) => [arns[t], billingHandlers[t]])) as Record<string, Handler>,
  };
}

/**
 * The offline stand-in for the `sst.aws.CronV2` sweeper: every `intervalMs`, start billing
 * for booked appointments older than `olderThanSeconds` without an invoice (the same
 * handler the cron invokes). One sweep at a time; errors are logged, never thrown.
 */
export function startBillingSweeper(opts: { log?: (line: string) => void; intervalMs?: number; olderThanSeconds?: number } = {}) {
  // `CAREBEAT_SWEEP_INTERVAL_SECONDS` (30) and `CAREBEAT_SWEEP_AFTER_SECONDS` (60, read by the handler) tune it.
  const intervalMs = opts.intervalMs ?? Number(process.env.CAREBEAT_SWEEP_INTERVAL_SECONDS ?? 30) * 1000;
  if (opts.olderThanSeconds !== undefined) process.env.CAREBEAT_SWEEP_AFTER_SECONDS = String(opts.olderThanSeconds);
  let running: Promise<unknown> | undefined;
  const tick = () => {
    if (running) return;
    running = sweep({})
      .then((r: { started: number }) => {
        if (r.started) opts.log?.(`billing sweeper started ${r.started} execution(s)`);
      })
      .catch((err: Error) => opts.log?.(`billing sweeper failed: ${err.name}`))
      .finally(() => (running = undefined));
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    /** Run one sweep now (tests). */
    sweepNow: () => sweep({}),
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
