import { pgTable, text, integer, primaryKey } from "drizzle-orm/pg-core";

/**
 * Event-time UTC day × prescriber: how many prescriptions were written and dispenses handed over
 * (and how many units), from the `prescription.*` events. Counted once per event id through the
 * same `analytics_applied_event` ledger as the appointment windows.
 */
export const analyticsPrescriptionDailyTable = pgTable(
  "analytics_prescriptions_daily",
  {
    day: text("day").notNull(),
    doctorId: text("doctor_id").notNull(),
    prescribed: integer("prescribed").notNull().default(0),
    dispenses: integer("dispenses").notNull().default(0),
    dispensedUnits: integer("dispensed_units").notNull().default(0),
    cancelled: integer("cancelled").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.doctorId] })],
);
