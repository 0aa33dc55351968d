import { pgTable, text, integer, timestamp } from "drizzle-orm/pg-core";

export const directoryStatuses = ["active", "deleted"] as const;

/**
 * The patient directory: a projection of the DynamoDB patient records (the source of truth)
 * into Postgres, holding only what lists and bookings need — the id, a display name and
 * whether the record is live. `version` is the DynamoDB record's version, so a late or
 * repeated write never replaces a newer one. See docs/patients.md "Patient directory".
 */
export const patientDirectoryTable = pgTable("patient_directory", {
  id: text("id").primaryKey(),
  displayName: text("display_name").notNull(),
  status: text("status", { enum: directoryStatuses }).notNull(),
  version: integer("version").notNull(),
  syncedAt: timestamp("synced_at", { withTimezone: true }).notNull().defaultNow(),
});
