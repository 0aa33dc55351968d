import { sql } from "drizzle-orm";
import { crc32 } from "node:zlib";
import { useDb } from "@carebeat/core/drizzle";
import { recordOf, type OutboxRow, type Publisher, type Tx } from "@carebeat/core/events/relay";
import { toMskEvent, type LogRecord, type MskEvent } from "@carebeat/core/events/msk";

/** Like a topic created with four partitions: enough to interleave, few enough to read. */
const PARTITIONS = 4;

function partitionOf(key: string) {
  return crc32(key) % PARTITIONS;
}

/**
 * The offline log without a broker: the outbox is the log. The relay "publishes" a row by giving
 * it a partition (hash of its key) and the next offset of that partition, in the same transaction
 * that marks it published, so assignment happens exactly once and survives restarts. Consumer
 * positions live beside it. These tables exist only offline, so they are created here rather
 * than by the app's migrations.
 */
export async function ensureLogTables() {
  const db = useDb();
  await db.execute(sql`create table if not exists local_event_log (
    seq bigint primary key, topic text not null, partition integer not null, "offset" bigint not null,
    unique (topic, partition, "offset"))`);
  await db.execute(sql`create table if not exists local_event_partition (
    topic text not null, partition integer not null, next_offset bigint not null, primary key (topic, partition))`);
  await db.execute(sql`create table if not exists local_event_consumer (
    group_id text not null, topic text not null, partition integer not null, next_offset bigint not null,
    primary key (group_id, topic, partition))`);
}

const rowsOf = <T>(r: unknown) => (Array.isArray(r) ? r : ((r as { rows?: T[] }).rows ?? [])) as T[];

export const localPublisher: Publisher = {
  async publish(rows: OutboxRow[], tx: Tx) {
    const heads = rowsOf<{ topic: string; partition: number; next_offset: string | number }>(
      await tx.execute(sql`select topic, partition, next_offset from local_event_partition`),
    );
    const next = new Map(heads.map((h) => [`${h.topic}|${h.partition}`, Number(h.next_offset)]));
    const assigned = rows.map((row) => {
      const topic = recordOf(row).topic;
      const partition = partitionOf(row.key);
      const k = `${topic}|${partition}`;
      const offset = next.get(k) ?? 0;
      next.set(k, offset + 1);
      return { seq: row.seq, topic, partition, offset };
    });
    for (let i = 0; i < assigned.length; i += 1000) {
      const chunk = assigned.slice(i, i + 1000);
      await tx.execute(
        sql`insert into local_event_log (seq, topic, partition, "offset") values ${sql.join(
          chunk.map((a) => sql`(${a.seq}, ${a.topic}, ${a.partition}, ${a.offset})`),
          sql`, `,
        )}`,
      );
    }
    const touched = [...next].filter(([k]) => assigned.some((a) => `${a.topic}|${a.partition}` === k));
    await tx.execute(
      sql`insert into local_event_partition (topic, partition, next_offset) values ${sql.join(
        touched.map(([k, n]) => {
          const [topic, partition] = k.split("|");
          return sql`(${topic}, ${Number(partition)}, ${n})`;
        }),
        sql`, `,
      )} on conflict (topic, partition) do update set next_offset = excluded.next_offset`,
    );
  },
};

/** Partitions of `topic` with records the group has not consumed yet. */
export async function lagging(group: string, topic: string) {
  const rows = rowsOf<{ partition: number; position: string | number; head: string | number }>(
    await useDb().execute(sql`select p.partition, coalesce(c.next_offset, 0) as position, p.next_offset as head
      from local_event_partition p left join local_event_consumer c on c.group_id = ${group} and c.topic = p.topic and c.partition = p.partition
      where p.topic = ${topic} and p.next_offset > coalesce(c.next_offset, 0) order by p.partition`),
  );
  return rows.map((r) => ({ partition: Number(r.partition), position: Number(r.position), head: Number(r.head) }));
}

export const offlineSource = (bootstrapServers: string) => ({
  eventSourceArn: "arn:aws:kafka:us-east-1:000000000000:cluster/carebeat-local/00000000-0000-0000-0000-000000000000-1",
  bootstrapServers,
});

/** The next batch of one partition from `position`, as the MSK event the mapping would send. */
export async function readBatch(topic: string, partition: number, position: number, limit: number): Promise<{ event: MskEvent; last: number } | undefined> {
  const rows = rowsOf<{ offset: string | number; id: string; type: string; key: string; payload: unknown; created_at: string | Date }>(
    await useDb().execute(sql`select l."offset", o.id, o.type, o.key, o.payload, o.created_at
      from local_event_log l join outbox o on o.seq = l.seq
      where l.topic = ${topic} and l.partition = ${partition} and l."offset" >= ${position}
      order by l."offset" limit ${limit}`),
  );
  if (!rows.length) return undefined;
  const records: LogRecord[] = rows.map((r) => {
    const row = {
      seq: 0,
      id: r.id,
      type: r.type,
      key: r.key,
      payload: (typeof r.payload === "string" ? JSON.parse(r.payload) : r.payload) as Record<string, unknown>,
      createdAt: new Date(r.created_at),
      publishedAt: null,
    };
    const rec = recordOf(row);
    return { topic, partition, offset: Number(r.offset), timestamp: rec.timestamp, key: rec.key, value: rec.value, headers: rec.headers };
  });
  return { event: toMskEvent(records, offlineSource("local-log")), last: Number(rows.at(-1)!.offset) };
}

export async function commitPosition(group: string, topic: string, partition: number, nextOffset: number) {
  await useDb().execute(sql`insert into local_event_consumer (group_id, topic, partition, next_offset) values (${group}, ${topic}, ${partition}, ${nextOffset})
    on conflict (group_id, topic, partition) do update set next_offset = greatest(local_event_consumer.next_offset, excluded.next_offset)`);
}
