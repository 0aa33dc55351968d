import { log } from "@carebeat/core/observability";
import { instrument } from "@carebeat/core/observability/handler";
import { lazy } from "@carebeat/core/util/lazy";

// The relay (drizzle, KafkaJS) loads on the first invocation, once per container, and so does
// its one publisher, which then stays connected while the container is warm (docs/capacity.md, issue 19.1).
const relay = lazy(async () => {
  const { Relay, kafkaPublisher } = await import("@carebeat/core/events/relay");
  return { Relay, publisher: kafkaPublisher({ log: (line: string) => log.info("relay.kafka", { detail: line }) }) };
});

/**
 * Publishes the outbox to Kafka. Invoked asynchronously by the API right after a commit that
 * wrote outbox rows (sub-second delivery) and every minute by a cron (whatever a lost nudge or a
 * broker outage left behind). Concurrent invocations queue on an advisory lock, so rows go out
 * in `seq` order; the producer stays connected while the container is warm. Each batch logs the
 * correlation ids of its rows (`relay.published`), and each record carries its own as the
 * `correlation-id` header.
 */
export const handler = instrument("relay", async () => {
  const started = Date.now();
  const { Relay, publisher } = await relay();
  const published = await Relay.drain(publisher);
  if (published) log.info("relay.drained", { published, ms: Date.now() - started });
  return { published };
});
