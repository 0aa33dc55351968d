import { pgTable, text, timestamp, integer, boolean, index, jsonb } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";

/**
 * The mail outbox (docs/mail.md): one row per email, written in the same transaction as the
 * change that causes it (a password reset, a booking), sent after commit by the mail sender
 * through SES. `dedupe_key` makes the enqueue idempotent (a retried request, a redelivered event
 * enqueues nothing twice). Rows are claimed with a lease (`next_attempt_at` moved ahead, `attempts`
 * raised) so two senders never send the same row at once.
 *
 * Bodies of `sensitive` mail (a reset link is a credential) are erased once SES accepted them;
 * the row stays as the record that a mail went out.
 */
export const mailOutboxTable = pgTable(
  "mail_outbox",
  {
    id: text("id").primaryKey(),
    dedupeKey: text("dedupe_key").notNull().unique(),
    /** What kind of mail (`auth.password_reset`, …): shown in the outbox, counted in metrics. */
    kind: text("kind").notNull(),
    toAddress: text("to_address").notNull(),
    /** The account or patient the mail concerns (audit and the outbox page; no address in logs). */
    userId: text("user_id"),
    patientId: text("patient_id"),
    locale: text("locale").notNull(),
    subject: text("subject").notNull(),
    textBody: text("text_body"),
    htmlBody: text("html_body"),
    /** Extra headers (List-Unsubscribe); `{{site}}` in a value is filled in by the sender. */
    headers: jsonb("headers").$type<Record<string, string>>(),
    sensitive: boolean("sensitive").notNull().default(false),
    status: text("status", { enum: ["pending", "sent", "failed", "cancelled"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    /** After this, a pending mail is not sent any more (a reset link that would arrive expired). */
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    messageId: text("message_id"),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [index("mail_outbox_due_idx").on(t.nextAttemptAt).where(sql`status = 'pending'`)],
);

/**
 * Addresses SES reported as bouncing (permanent) or complaining (docs/notifications.md): nothing
 * more is sent to them. Written by the SES event handler in AWS and by an admin in the site;
 * the sender checks it before every send.
 */
export const mailSuppressionTable = pgTable("mail_suppression", {
  address: text("address").primaryKey(),
  reason: text("reason", { enum: ["bounce", "complaint", "manual"] }).notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
