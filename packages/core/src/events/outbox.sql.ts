import { pgTable, text, jsonb, timestamp, bigserial, index } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";

/**
 * Transactional outbox: written in the same transaction as the change it announces;
 * a relay publishes unpublished rows in `seq` order (to Kafka in AWS, the local log offline).
 */
export const outboxTable = pgTable(
  "outbox",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    id: text("id").notNull().unique(),
    type: text("type").notNull(),
    key: text("key").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp("published_at", { withTimezone: true }),
  },
  (t) => [index("outbox_unpublished_idx").on(t.seq).where(sql`published_at is null`)],
);
