import { asc, inArray, isNull, sql, gte } from "drizzle-orm";
import type { Kafka, Producer } from "kafkajs";
import { createTransaction, useDb, type useTransaction } from "../drizzle";
import { outboxTable } from "./outbox.sql";
import { relayPartitionTable } from "./relay.sql";
import { topicOf } from "./define";
import { createKafka, createProducer } from "./kafka";
import { log } from "../observability/log";
import { count, MetricName } from "../observability/metrics";

export type OutboxRow = typeof outboxTable.$inferSelect;
/** A transaction, or the pool (the "process" lock mode holds no transaction while publishing). */
export type Tx = Parameters<Parameters<typeof useTransaction>[0]>[0];

/** Where the relay hands rows: Kafka (AWS, KAFKA_BROKERS) or the offline log. */
export interface Publisher {
  /**
   * Append `rows` (in `seq` order) to their topics and resolve only once the log has acknowledged
   * every one. `tx` is the relay's transaction: an offline log writes in it, so assignment and the
   * `published_at` mark commit together.
   */
  publish(rows: OutboxRow[], tx: Tx): Promise<void | "reset">;
}

/** The record a row becomes: key = the family's key (doctor id, invoice id), value = the envelope JSON. */
export function recordOf(row: OutboxRow) {
  return {
    topic: topicOf(row.type),
    key: row.key,
    value: JSON.stringify(row.payload),
    timestamp: row.createdAt.getTime(),
    headers: {
      "event-id": row.id,
      "event-type": row.type,
      "event-version": String((row.payload as { version?: number }).version ?? 1),
      // The request that wrote the row (docs/observability.md); consumers log it.
      ...(typeof row.payload.correlationId === "string" ? { "correlation-id": row.payload.correlationId } : {}),
    },
  };
}

/**
 * One relay at a time, across processes and Lambda containers: a transaction-scoped advisory
 * lock. `SKIP LOCKED` would let a second relay publish rows 101–200 while the first is still
 * sending 1–100, i.e. out of order; waiting for the lock (bounded by `lock_timeout`) keeps
 * the order and also guarantees that a relay nudged while another runs still sees the row
 * that nudged it (it runs after the other one ends).
 */
const RELAY_LOCK = 0x0ca7eb07;

let processChain: Promise<unknown> = Promise.resolve();
function inProcessLock<T>(cb: () => Promise<T>): Promise<T> {
  const next = processChain.then(cb, cb);
  processChain = next.catch(() => {});
  return next;
}

/** One line and one metric per published batch: ids and counts, never the payloads. */
function published(rows: OutboxRow[]) {
  const correlationIds = [...new Set(rows.map((r) => r.payload.correlationId).filter((c): c is string => typeof c === "string"))];
  log.info("relay.published", { published: rows.length, fromSeq: rows[0]!.seq, toSeq: rows[rows.length - 1]!.seq, correlationIds: correlationIds.slice(0, 50) });
  count(MetricName.EventsPublished, rows.length);
}

export namespace Relay {
  export const defaultBatch = 500;

  /**
   * `database` (AWS, and any PostgreSQL server): the advisory lock, held in a transaction across
   * the publish. `process`: a lock in this process only, and no connection held while the broker
   * answers — for the offline runtime on embedded PGlite, which has ONE connection: holding it
   * through a slow or dead broker would stall every request. One process owns PGlite, so the
   * process lock is the whole system's.
   */
  export type Lock = "database" | "process";

  /** Publish one batch; returns how many rows were published (0: nothing was waiting). */
  export async function runBatch(publisher: Publisher, limit = defaultBatch, lock: Lock = "database"): Promise<number> {
    if (lock === "process")
      return inProcessLock(async () => {
        const db = useDb();
        const rows = await db.select().from(outboxTable).where(isNull(outboxTable.publishedAt)).orderBy(asc(outboxTable.seq)).limit(limit);
        if (rows.length === 0) return 0;
        if ((await publisher.publish(rows, db)) === "reset") return limit;
        await db
          .update(outboxTable)
          .set({ publishedAt: new Date() })
          .where(
            inArray(
              outboxTable.seq,
              rows.map((r) => r.seq),
            ),
          );
        published(rows);
        return rows.length;
      });
    let sent: OutboxRow[] = [];
    const n = await createTransaction(async (tx) => {
      await tx.execute(sql`set local lock_timeout = '10s'`);
      await tx.execute(sql`select pg_advisory_xact_lock(${RELAY_LOCK})`);
      const rows = await tx.select().from(outboxTable).where(isNull(outboxTable.publishedAt)).orderBy(asc(outboxTable.seq)).limit(limit);
      if (rows.length === 0) return 0;
      // Not marked until the log acknowledged: a crash or a broker error here rolls the
      // transaction back and the rows go again (at least once; consumers dedupe on the id).
      // "reset": the publisher marked earlier rows unpublished again (a broker that forgot them);
      // commit that and let the next batch start from the lowest unpublished seq.
      if ((await publisher.publish(rows, tx)) === "reset") return limit;
      await tx
        .update(outboxTable)
        .set({ publishedAt: new Date() })
        .where(
          inArray(
            outboxTable.seq,
            rows.map((r) => r.seq),
          ),
        );
      sent = rows;
      return rows.length;
    });
    // After the commit: only rows that are really marked published are reported.
    if (sent.length) published(sent);
    return n;
  }

  /** Publish until nothing is waiting. */
  export async function drain(publisher: Publisher, limit = defaultBatch, lock: Lock = "database"): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await runBatch(publisher, limit, lock);
      total += n;
      if (n < limit) return total;
    }
  }
}

/**
 * Publishes to Kafka with the shared producer code. The connection is kept between runs (a warm
 * Lambda container, the offline runtime) and dropped after any error so the next run reconnects.
 * On each (re)connect it checks that the broker still holds what it acknowledged before.
 */
export function kafkaPublisher(opts: { log?: (line: string) => void; clientId?: string; brokers?: string } = {}) {
  const log = opts.log ?? (() => {});
  type State = { producer: Producer; clusterId: string; checked: boolean; kafka: Kafka };
  let current: Promise<State> | undefined;

  async function connect(): Promise<State> {
    const kafka = await createKafka(opts.clientId ?? "carebeat-relay", opts.brokers);
    const { producer, clusterId } = await createProducer(kafka, log);
    return { producer, clusterId, checked: false, kafka };
  }

  /**
   * A broker that lost records it acknowledged (mock cluster restarted, topic deleted and
   * recreated) would silently drop events that are already marked published. Detect it by
   * comparing each partition's high watermark with the offset acknowledged last, and mark the
   * broker's whole lifetime unpublished again, so the relay republishes it in order.
   */
  async function verify(tx: Tx, state: State) {
    if (state.checked) return;
    const known = await tx.select().from(relayPartitionTable);
    if (known.length) {
      const admin = state.kafka.admin();
      await admin.connect();
      let lost = false;
      try {
        for (const topic of new Set(known.map((k) => k.topic))) {
          const offsets = await admin.fetchTopicOffsets(topic).catch(() => [] as { partition: number; high: string }[]);
          for (const k of known.filter((k) => k.topic === topic)) {
            const high = Number(offsets.find((o: { partition: number }) => o.partition === k.partition)?.high ?? -1);
            if (k.clusterId !== state.clusterId || high <= k.ackedOffset) lost = true;
          }
        }
      } finally {
        await admin.disconnect().catch(() => {});
      }
      if (lost) {
        const from = Math.min(...known.map((k) => k.firstSeq));
        await tx.update(outboxTable).set({ publishedAt: null }).where(gte(outboxTable.seq, from));
        await tx.delete(relayPartitionTable);
        log(`relay: the broker no longer holds what it acknowledged; republishing from outbox seq ${from}`);
        state.checked = true;
        return "reset" as const;
      }
    }
    state.checked = true;
  }

  const publisher: Publisher & { close(): Promise<void> } = {
    async publish(rows, tx) {
      current ??= connect();
      let state;
      try {
        state = await current;
        if ((await verify(tx, state)) === "reset") return "reset";
      } catch (err) {
        current = undefined;
        throw err;
      }
      const byTopic = new Map<string, { key: string; value: string; timestamp: string; headers: Record<string, string> }[]>();
      const firstSeq = new Map<string, number>();
      for (const row of rows) {
        const r = recordOf(row);
        if (!byTopic.has(r.topic)) byTopic.set(r.topic, []);
        byTopic.get(r.topic)!.push({ key: r.key, value: r.value, timestamp: String(r.timestamp), headers: r.headers });
        if (!firstSeq.has(r.topic)) firstSeq.set(r.topic, row.seq);
      }
      let acks;
      try {
        acks = await state.producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
      } catch (err) {
        current = undefined;
        await state.producer.disconnect().catch(() => {});
        throw err;
      }
      const values = acks.map((a) => ({
        topic: a.topicName,
        partition: a.partition,
        clusterId: state.clusterId,
        ackedOffset: Number(a.baseOffset ?? 0),
        firstSeq: firstSeq.get(a.topicName)!,
      }));
      if (values.length)
        await tx
          .insert(relayPartitionTable)
          .values(values)
          .onConflictDoUpdate({
            target: [relayPartitionTable.topic, relayPartitionTable.partition],
            set: { ackedOffset: sql`greatest(${relayPartitionTable.ackedOffset}, excluded.acked_offset)`, clusterId: sql`excluded.cluster_id`, updatedAt: new Date() },
          });
    },
    async close() {
      const c = current;
      current = undefined;
      if (c) await (await c.catch(() => undefined))?.producer.disconnect().catch(() => {});
    },
  };
  return publisher;
}
