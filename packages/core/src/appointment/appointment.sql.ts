import { pgTable, text, integer, timestamp, index, customType } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { doctorTable } from "../doctor/doctor.sql";

const tstzrange = customType<{ data: string }>({ dataType: () => "tstzrange" });

export const appointmentStatuses = ["booked", "completed", "cancelled", "no_show"] as const;
export type AppointmentStatus = (typeof appointmentStatuses)[number];

/**
 * `during` is generated from the start and end, and an exclusion constraint on
 * (doctor_id =, during &&) for non-cancelled rows (migration 0003) makes a double booking
 * impossible whatever the application does: the database rejects it with SQLSTATE 23P01.
 */
export const appointmentTable = pgTable(
  "appointments",
  {
    id: text("id").primaryKey(),
    doctorId: text("doctor_id")
      .notNull()
      .references(() => doctorTable.id),
    patientId: text("patient_id").notNull(),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    during: tstzrange("during").generatedAlwaysAs(sql`tstzrange(starts_at, ends_at, '[)')`),
    status: text("status", { enum: appointmentStatuses }).notNull().default("booked"),
    reason: text("reason"),
    cancelReason: text("cancel_reason"),
    /** How often the visit was moved: a calendar feed's SEQUENCE (docs/calendar.md). */
    reschedules: integer("reschedules").notNull().default(0),
    feeCents: integer("fee_cents").notNull(),
    currency: text("currency").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("appointments_doctor_start_idx").on(t.doctorId, t.startsAt),
    index("appointments_patient_start_idx").on(t.patientId, t.startsAt),
    // The unfiltered list (the site's calendar and tables): start-time order, keyset on (starts_at, id).
    index("appointments_start_id_idx").on(t.startsAt, t.id),
  ],
);
