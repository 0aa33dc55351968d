import { log, errorFields } from "../observability/log";
import { invokeAsync, linkedFunctionName } from "../lambda/invoke";

/**
 * "A mail was enqueued and committed": wakes the sender so the mail leaves in a second rather
 * than at the next sweep. Offline the runtime's sender listens in-process; in AWS the API
 * asynchronously invokes the MailSender function (linked to it). A lost nudge only delays the
 * mail until the one-minute cron sweep (stacks/mail.ts).
 */
const listeners = new Set<() => void>();

export function onMailEnqueued(listener: () => void) {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

export async function nudgeMailSender() {
  for (const l of listeners) l();
  const name = linkedFunctionName("MailSender");
  if (!name) return;
  try {
    await invokeAsync(name, { source: "carebeat.mail" });
  } catch (err) {
    log.warn("mail.nudge_failed", errorFields(err));
  }
}
