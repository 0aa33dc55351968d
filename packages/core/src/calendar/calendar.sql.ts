import { sql } from "drizzle-orm";
import { pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

/**
 * A subscribable calendar feed (docs/calendar.md). The URL carries an opaque random token;
 * only its SHA-256 is stored, like refresh tokens, so a copy of the database cannot subscribe.
 * Revoked rows are kept (who revoked, when) and never match again; at most one live feed per
 * owner (partial unique index), so a rotation revokes the old one in the same transaction.
 */
export const calendarFeedTable = pgTable(
  "calendar_feeds",
  {
    id: text("id").primaryKey(),
    ownerType: text("owner_type", { enum: ["doctor", "patient"] }).notNull(),
    /** The doctor's or the patient's id. */
    ownerId: text("owner_id").notNull(),
    tokenHash: text("token_hash").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedBy: text("revoked_by"),
  },
  (t) => [uniqueIndex("calendar_feeds_token_hash_key").on(t.tokenHash), uniqueIndex("calendar_feeds_live_owner_key").on(t.ownerType, t.ownerId).where(sql`revoked_at is null`)],
);
