import { Relay, kafkaPublisher } from "@carebeat/core/events/relay";

const publisher = kafkaPublisher({ log: (line: string) => console.log(line) });

/**
 * Publishes the outbox to Kafka. Invoked asynchronously by the API right after a commit that
 * wrote outbox rows (sub-second delivery) and every minute by a cron (whatever a lost nudge or a
 * broker outage left behind). Concurrent invocations queue on an advisory lock, so rows go out
 * in `seq` order; the producer stays connected while the container is warm.
 */
export async function handler() {
  const started = Date.now();
  const published = await Relay.drain(publisher);
  if (published) console.log(JSON.stringify({ level: "info", msg: "relay", published, ms: Date.now() - started }));
  return { published };
}
