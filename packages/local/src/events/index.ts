import { onOutboxCommit } from "@carebeat/core/events";
import { Relay, kafkaPublisher, type Publisher } from "@carebeat/core/events/relay";
import { createKafka } from "@carebeat/core/events/kafka";
import { consumers as defaultConsumers, type ConsumerSpec, type MskHandler } from "./consumers";
import { commitPosition, ensureLogTables, lagging, localPublisher, readBatch } from "./local-log";
import { startKafkaConsumer } from "./kafka-consumer";

export interface EventLogOptions {
  /** Unused: the log lives in the database beside the outbox (PGlite keeps it in the data dir). */
  dataDir?: string;
  log?: (line: string) => void;
  /** `host:port[,…]` of a Kafka cluster; default the outbox-as-log (no broker). */
  brokers?: string;
  /** name → consumer (topic, group, handler); default ./consumers.ts. Tests override a handler here. */
  consumers?: Record<string, ConsumerSpec>;
  /** Records per handler invocation (the mapping's BatchSize). */
  batchSize?: number;
  /** How often to look for rows written by another process (the in-process outbox wakes it at once). */
  pollMs?: number;
}

export interface EventLog {
  mode: "outbox" | "kafka";
  stop(): Promise<void>;
  /** Resolves once every committed outbox row is published and consumed by every consumer. */
  drain(): Promise<void>;
}

/**
 * Offline delivery of the outbox to the same handlers the MSK event source mappings invoke in
 * AWS. Without a broker the outbox is the log (./local-log.ts); with `brokers` the relay produces
 * with the AWS producer code and a consumer group feeds the handlers (./kafka-consumer.ts).
 */
export async function startEventLog(opts: EventLogOptions = {}): Promise<EventLog> {
  const log = opts.log ?? (() => {});
  const batchSize = opts.batchSize ?? 100;
  const pollMs = opts.pollMs ?? 200;
  const table = opts.consumers ?? defaultConsumers;
  const handlers = new Map<string, { topic: string; group: string; handler: MskHandler }>();
  for (const [name, c] of Object.entries(table)) handlers.set(name, { topic: c.topic, group: c.group, handler: await c.load() });

  let stopped = false;
  let wake: () => void = () => {};
  // A commit during a cycle must not wait for the next poll: remember it, run again at once.
  let nudged = false;
  const unsubscribe = onOutboxCommit(() => {
    nudged = true;
    wake();
  });
  const backoff = new Map<string, { attempt: number; until: number }>();
  let relayFailures = 0;
  let relayRetryAt = 0;

  let publisher: Publisher & { close?(): Promise<void> };
  // Embedded PGlite has one connection: never hold it while a broker answers (see Relay.Lock).
  const lock: Relay.Lock = opts.brokers && process.env.CAREBEAT_DB_POOL === "1" ? "process" : "database";
  const kafkaConsumers: Awaited<ReturnType<typeof startKafkaConsumer>>[] = [];
  let kafka: Awaited<ReturnType<typeof createKafka>> | undefined;
  if (opts.brokers) {
    publisher = kafkaPublisher({ brokers: opts.brokers, log, clientId: "carebeat-local-relay" });
    kafka = await createKafka("carebeat-local", opts.brokers);
  } else {
    await ensureLogTables();
    publisher = localPublisher;
  }

  /** One pass: publish what is waiting; offline log: feed every lagging partition one batch. Returns whether it did anything. */
  type State = "idle" | "progress" | "waiting";
  async function cycle(): Promise<State> {
    let state: State = "idle";
    if (Date.now() >= relayRetryAt) {
      try {
        if ((await Relay.drain(publisher, Relay.defaultBatch, lock)) > 0) state = "progress";
        relayFailures = 0;
      } catch (err) {
        const wait = Math.min(10_000, 200 * 2 ** relayFailures++);
        relayRetryAt = Date.now() + wait;
        log(`events: relay failed (${(err as Error).message}); retrying in ${wait} ms`);
        state = "waiting";
      }
    } else state = "waiting";
    if (opts.brokers) return state;
    for (const { topic, group, handler } of handlers.values()) {
      for (const p of await lagging(group, topic)) {
        const k = `${group}|${topic}-${p.partition}`;
        const b = backoff.get(k);
        if (b && b.until > Date.now()) {
          if (state === "idle") state = "waiting";
          continue;
        }
        const batch = await readBatch(topic, p.partition, p.position, batchSize);
        if (!batch) continue;
        try {
          await handler(batch.event);
        } catch (err) {
          const attempt = (b?.attempt ?? 0) + 1;
          const wait = Math.min(10_000, 100 * 2 ** attempt);
          backoff.set(k, { attempt, until: Date.now() + wait });
          log(`events: ${group} failed on ${k}@${p.position} (${(err as Error).message}); retrying in ${wait} ms`);
          if (state === "idle") state = "waiting";
          continue;
        }
        backoff.delete(k);
        // Only now does the position move: a crash before this line redelivers the batch.
        await commitPosition(group, topic, p.partition, batch.last + 1);
        state = "progress";
      }
    }
    return state;
  }

  // One cycle at a time: the background loop and drain() share this chain.
  let chain: Promise<unknown> = Promise.resolve();
  const run = () => {
    const next = chain.then(cycle, cycle);
    chain = next.catch(() => {});
    return next;
  };

  const loop = (async () => {
    while (!stopped) {
      nudged = false;
      const state = await run().catch((err): State => {
        log(`events: ${(err as Error).message}`);
        return "waiting";
      });
      if (stopped) break;
      if (state !== "progress" && !nudged)
        await new Promise<void>((r) => {
          const t = setTimeout(r, pollMs);
          wake = () => {
            clearTimeout(t);
            r();
          };
        });
      wake = () => {};
    }
  })();

  if (kafka) {
    for (const { topic, group, handler } of handlers.values())
      kafkaConsumers.push(await startKafkaConsumer({ kafka, brokers: opts.brokers!, topic, group, handler, batchSize, log }));
  }
  log(
    `events    ${opts.brokers ? `Kafka at ${opts.brokers} (consumer groups ${[...handlers.values()].map((h) => h.group).join(", ")})` : `outbox as the log, ${[...handlers.keys()].join(", ")}`}`,
  );

  async function kafkaCaughtUp() {
    const admin = kafka!.admin();
    await admin.connect();
    try {
      let i = 0;
      for (const { topic } of handlers.values()) {
        const c = kafkaConsumers[i++]!;
        const offsets = await admin.fetchTopicOffsets(topic).catch(() => []);
        for (const o of offsets) if (Number(o.high) > (c.processed.get(o.partition) ?? 0)) return false;
      }
      return true;
    } finally {
      await admin.disconnect().catch(() => {});
    }
  }

  return {
    mode: opts.brokers ? "kafka" : "outbox",
    async drain() {
      for (;;) {
        const state = await run();
        if (state === "idle" && (!kafka || (await kafkaCaughtUp()))) return;
        if (state !== "progress") await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      stopped = true;
      unsubscribe();
      wake();
      // Closing the producer first makes a send stuck on a dead broker fail now.
      await publisher.close?.();
      await loop;
      await Promise.allSettled(kafkaConsumers.map((c) => c.stop()));
      await publisher.close?.();
    },
  };
}
