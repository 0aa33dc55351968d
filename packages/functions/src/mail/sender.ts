import { withActor } from "@carebeat/core/actor";
import { instrument } from "@carebeat/core/observability/handler";
import { log } from "@carebeat/core/observability";
import { lazy } from "@carebeat/core/util/lazy";

// The mail domain (drizzle, zod; SES is core's own lazy chunk) loads on the first invocation,
// once per container (docs/capacity.md, issue 19.1).
const mail = lazy(() => import("@carebeat/core/mail").then((m) => m.Mail));

/**
 * The mail sender (docs/mail.md): sends what is due in the mail outbox through SES. Invoked
 * asynchronously by the API after a commit that enqueued mail (the nudge), and every minute by
 * the cron (stacks/mail.ts) for retries and lost nudges; offline the runtime calls the same
 * handler in-process (packages/local/src/mail.ts). Rows are leased, so two invocations at once
 * never send one mail twice. Drains in batches until nothing is due or the time is up.
 */
export const handler = instrument("mail.sender", () =>
  withActor({ type: "system", name: "mail" }, async () => {
    const Mail = await mail();
    const total = { sent: 0, retried: 0, failed: 0 };
    const deadline = Date.now() + 40_000;
    for (;;) {
      const r = await Mail.deliverDue({ limit: 25 });
      total.sent += r.sent;
      total.retried += r.retried;
      total.failed += r.failed;
      if (r.sent + r.retried + r.failed < 25 || Date.now() > deadline) break;
    }
    if (total.sent + total.retried + total.failed) log.info("mail.sender", total);
    return total;
  }),
);
