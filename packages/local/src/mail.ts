import { onMailEnqueued } from "@carebeat/core/mail";
import { handler as sendDue } from "@carebeat/functions/mail/sender";

/**
 * The offline stand-in for the mail sender's two triggers (stacks/mail.ts): the API's nudge
 * after a commit that enqueued mail (in-process here, an async Lambda invoke in AWS) and the
 * one-minute cron sweep (a timer; `CAREBEAT_MAIL_SWEEP_SECONDS`, 15 offline so a retry after
 * an SMTP outage is not a long wait). One run at a time; a nudge during a run runs it again.
 */
export function startMailSender(opts: { log?: (line: string) => void; intervalMs?: number } = {}) {
  const intervalMs = opts.intervalMs ?? Number(process.env.CAREBEAT_MAIL_SWEEP_SECONDS ?? 15) * 1000;
  let running: Promise<unknown> | undefined;
  let again = false;
  let stopped = false;
  const tick = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = sendDue({})
      .then((r) => {
        if (r.failed) opts.log?.(`mail sender: ${r.failed} mail(s) failed for good (see mail_outbox.last_error)`);
      })
      .catch((err: Error) => opts.log?.(`mail sender failed: ${err.name}: ${err.message}`))
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          tick();
        }
      });
  };
  const unsubscribe = onMailEnqueued(tick);
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    /** Send what is due now and wait for it (tests). */
    async drain() {
      while (running) await running;
      tick();
      while (running) await running;
    },
    async stop() {
      stopped = true;
      unsubscribe();
      clearInterval(timer);
      while (running) await running;
    },
  };
}
