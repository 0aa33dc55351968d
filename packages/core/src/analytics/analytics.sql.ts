import { pgTable, text, integer, timestamp, primaryKey, index } from "drizzle-orm/pg-core";

/**
 * Every appointment event the analytics have counted, by its id. Written in the same transaction
 * as the counters, so "counted" and "recorded as counted" cannot disagree: a redelivered event
 * (Kafka retry, overlapping batch, a broker that forgot its offsets) is recognised and skipped.
 * No index on `applied_at` (dropped in 0018, issue 19.3): nothing reads it, and it cost one WAL
 * record and one b-tree insert per counted event; a future pruning job can scan or add it back.
 */
export const analyticsAppliedTable = pgTable("analytics_applied_event", {
  eventId: text("event_id").primaryKey(),
  occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
  appliedAt: timestamp("applied_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Event-time hourly window × doctor: how many of each appointment event occurred in that hour. */
export const analyticsHourlyTable = pgTable(
  "analytics_hourly",
  {
    hour: timestamp("hour", { withTimezone: true }).notNull(),
    doctorId: text("doctor_id").notNull(),
    booked: integer("booked").notNull().default(0),
    rescheduled: integer("rescheduled").notNull().default(0),
    cancelled: integer("cancelled").notNull().default(0),
    completed: integer("completed").notNull().default(0),
    noShow: integer("no_show").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.hour, t.doctorId] }), index("analytics_hourly_doctor_idx").on(t.doctorId, t.hour)],
);
