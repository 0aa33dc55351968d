import { log, errorFields } from "../observability/log";
import { invokeAsync, linkedFunctionName } from "../lambda/invoke";

/**
 * "An outbox row just committed": wakes the relay so a booking reaches Kafka (and the dashboard)
 * in well under a second instead of at the next sweep. Offline, the event log listens in-process.
 * In AWS the API asynchronously invokes the relay function (`Resource.EventRelay`, linked to the
 * API): the invoke is queued by Lambda in ~20 ms and the booking never waits for Kafka. A lost
 * nudge only delays the rows until the one-minute cron sweep.
 */
const listeners = new Set<() => void>();

export function onOutboxCommit(listener: () => void) {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

export async function nudgeRelay() {
  for (const l of listeners) l();
  const name = linkedFunctionName("EventRelay");
  if (!name) return;
  try {
    await invokeAsync(name, { source: "carebeat.outbox" });
  } catch (err) {
    // Never fail a committed booking over this: the cron sweep publishes the row.
    log.warn("relay.nudge_failed", errorFields(err));
  }
}
