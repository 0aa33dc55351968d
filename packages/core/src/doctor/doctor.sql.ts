import { pgTable, text, integer, boolean, jsonb, timestamp, index } from "drizzle-orm/pg-core";

export interface WorkingHours {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  day: number;
  /** Local wall-clock time in the doctor's timezone, "HH:MM". */
  start: string;
  end: string;
}

export const doctorTable = pgTable(
  "doctors",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    specialty: text("specialty").notNull(),
    visitFeeCents: integer("visit_fee_cents").notNull(),
    currency: text("currency").notNull().default("USD"),
    timezone: text("timezone").notNull(),
    slotMinutes: integer("slot_minutes").notNull().default(30),
    workingHours: jsonb("working_hours").$type<WorkingHours[]>().notNull(),
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("doctors_name_idx").on(t.name), index("doctors_specialty_idx").on(t.specialty)],
);
