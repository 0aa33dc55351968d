import type { Consumer, Kafka } from "kafkajs";
import { toMskEvent, type LogRecord } from "@carebeat/core/events/msk";
import { offlineSource } from "./local-log";
import type { MskHandler } from "./consumers";

/**
 * What the MSK event source mapping does, against any Kafka: a consumer group per handler;
 * each fetched partition batch becomes the mapping's event; the handler is retried with
 * backoff until it succeeds, and only then is the offset resolved and committed (autoCommit
 * off). A crash before the commit means redelivery, which the handlers absorb.
 */
export async function startKafkaConsumer(opts: {
  kafka: Kafka;
  brokers: string;
  topic: string;
  group: string;
  handler: MskHandler;
  batchSize: number;
  log: (line: string) => void;
}) {
  const consumer: Consumer = opts.kafka.consumer({ groupId: opts.group, maxWaitTimeInMs: 100, retry: { retries: 1_000_000, initialRetryTime: 200, maxRetryTime: 5_000 } });
  let stopping = false;
  /** partition → next offset to process (what "caught up" is measured against). */
  const processed = new Map<number, number>();
  await consumer.connect();
  await consumer.subscribe({ topic: opts.topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary, heartbeat, isRunning, isStale }) => {
      for (let i = 0; i < batch.messages.length && !stopping; i += opts.batchSize) {
        const slice = batch.messages.slice(i, i + opts.batchSize);
        const records: LogRecord[] = slice.map((m) => ({
          topic: batch.topic,
          partition: batch.partition,
          offset: Number(m.offset),
          timestamp: Number(m.timestamp),
          key: m.key ?? Buffer.alloc(0),
          value: m.value ?? Buffer.alloc(0),
          headers: Object.fromEntries(Object.entries(m.headers ?? {}).map(([k, v]) => [k, Array.isArray(v) ? String(v[0]) : (v ?? "")])) as Record<string, string | Buffer>,
        }));
        const event = toMskEvent(records, offlineSource(opts.brokers));
        for (let attempt = 0; ; attempt++) {
          if (stopping || !isRunning() || isStale()) return;
          try {
            await opts.handler(event);
            break;
          } catch (err) {
            const wait = Math.min(5_000, 200 * 2 ** attempt);
            opts.log(`events: ${opts.group} failed on ${batch.topic}-${batch.partition}@${records[0]!.offset} (${(err as Error).message}); retrying in ${wait} ms`);
            await new Promise((r) => setTimeout(r, wait));
            await heartbeat().catch(() => {});
          }
        }
        const last = slice.at(-1)!.offset;
        resolveOffset(last);
        await commitOffsetsIfNecessary();
        processed.set(batch.partition, Number(last) + 1);
        await heartbeat().catch(() => {});
      }
    },
  });
  return {
    processed,
    async stop() {
      stopping = true;
      await consumer.disconnect().catch(() => {});
    },
  };
}
