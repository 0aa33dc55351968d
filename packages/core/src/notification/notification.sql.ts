import { pgTable, text, timestamp, boolean, integer } from "drizzle-orm/pg-core";

/**
 * A patient's choices about email (docs/notifications.md): the language of their mail (null: the
 * clinic's) and whether reminders are sent. Confirmations, reschedules and cancellations are not
 * optional: they say what changed about a booking the patient holds.
 */
export const notificationPreferenceTable = pgTable("notification_preferences", {
  patientId: text("patient_id").primaryKey(),
  language: text("language"),
  reminders: boolean("reminders").notNull().default(true),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** The clinic's notification settings: one row (`id = 'clinic'`), written by admins. */
export const notificationSettingsTable = pgTable("notification_settings", {
  id: text("id").primaryKey(),
  /** How long before a visit the reminder goes out. */
  reminderLeadMinutes: integer("reminder_lead_minutes").notNull().default(1440),
  /** The language of mail to patients who chose none. */
  language: text("language").notNull().default("en"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
