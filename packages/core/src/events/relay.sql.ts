import { pgTable, text, integer, bigint, timestamp, primaryKey } from "drizzle-orm/pg-core";

/**
 * What the Kafka relay last had acknowledged per topic partition, and the first outbox row it
 * published there in this broker's lifetime. When a broker comes back without those records
 * (librdkafka's mock cluster after a restart, a recreated topic) the relay republishes from
 * `first_seq`; consumers deduplicate on the event id, so that only costs time.
 */
export const relayPartitionTable = pgTable(
  "event_relay_partition",
  {
    topic: text("topic").notNull(),
    partition: integer("partition").notNull(),
    clusterId: text("cluster_id").notNull(),
    ackedOffset: bigint("acked_offset", { mode: "number" }).notNull(),
    firstSeq: bigint("first_seq", { mode: "number" }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.topic, t.partition] })],
);
