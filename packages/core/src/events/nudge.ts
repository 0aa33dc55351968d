import { Resource } from "sst";
import { log, errorFields } from "../observability/log";
import { lazy } from "../util/lazy";

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

function relayFunction(): string | undefined {
  // Asked with `in` first: reading a resource that is not linked (offline, where the relay
  // runs in-process) makes SST's proxy build and throw an Error, stack trace included, on
  // every booking.
  if (!("EventRelay" in Resource)) return undefined;
  try {
    return (Resource as unknown as { EventRelay?: { name: string } }).EventRelay?.name;
  } catch {
    return undefined;
  }
}

// client-lambda is imported with the first nudge (the first commit that wrote outbox rows, in AWS
// only), not with the module: it serves this one call and nothing else (docs/capacity.md).
const lambda = lazy(() =>
  import("./lambda-sdk").then(({ LambdaClient, InvokeCommand }) => {
    const client = new LambdaClient({});
    return { invoke: (n: string) => client.send(new InvokeCommand({ FunctionName: n, InvocationType: "Event", Payload: Buffer.from('{"source":"carebeat.outbox"}') })) };
  }),
);

export async function nudgeRelay() {
  for (const l of listeners) l();
  const name = relayFunction();
  if (!name) return;
  try {
    await (await lambda()).invoke(name);
  } catch (err) {
    // Never fail a committed booking over this: the cron sweep publishes the row.
    log.warn("relay.nudge_failed", errorFields(err));
  }
}
