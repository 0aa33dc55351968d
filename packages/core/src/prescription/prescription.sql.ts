import { sql } from "drizzle-orm";
import { pgTable, text, integer, numeric, boolean, timestamp, index, uniqueIndex, check } from "drizzle-orm/pg-core";
import { appointmentTable } from "../appointment/appointment.sql";
import { doctorTable } from "../doctor/doctor.sql";
import { storedStatuses, repeatRequestStatuses, frequencyCodes, doseUnits } from "./status";

/**
 * The medication catalogue (admin-managed; a seed list ships in ./seed.ts). A medication is
 * retired (`active = false`), never deleted: prescriptions reference it.
 */
export const medicationTable = pgTable(
  "medications",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    strength: text("strength").notNull(),
    form: text("form").notNull(),
    packSize: integer("pack_size").notNull(),
    /** WHO ATC code (e.g. `N02BE01`), optional. */
    atcCode: text("atc_code"),
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("medications_name_strength_form_key").on(t.name, t.strength, t.form)],
);

/**
 * A prescription, written once: a change is a cancellation and a new prescription
 * (`replaces` points back), so what was prescribed is never rewritten. The only columns that
 * move are the dispensing counter, the status and the cancellation. The patient's name and
 * birth date are copied in as printed: the pharmacy reads them from here, not the record.
 *
 * `dispensed_units` counts units against `quantity × (1 + repeats)`; the CHECK makes
 * over-dispensing impossible whatever the application does (./dispense.ts locks the row too).
 */
export const prescriptionTable = pgTable(
  "prescriptions",
  {
    id: text("id").primaryKey(),
    patientId: text("patient_id").notNull(),
    patientName: text("patient_name").notNull(),
    patientBirthDate: text("patient_birth_date"),
    doctorId: text("doctor_id")
      .notNull()
      .references(() => doctorTable.id),
    appointmentId: text("appointment_id")
      .notNull()
      .references(() => appointmentTable.id),
    medicationId: text("medication_id")
      .notNull()
      .references(() => medicationTable.id),
    doseAmount: numeric("dose_amount", { precision: 10, scale: 3 }).notNull(),
    doseUnit: text("dose_unit", { enum: doseUnits }).notNull(),
    frequency: text("frequency", { enum: frequencyCodes }).notNull(),
    instructions: text("instructions"),
    /** Units per fill (tablets, ml, packs, as the medication's form counts). */
    quantity: integer("quantity").notNull(),
    repeats: integer("repeats").notNull().default(0),
    validUntil: text("valid_until").notNull(),
    dispensedUnits: integer("dispensed_units").notNull().default(0),
    status: text("status", { enum: storedStatuses }).notNull().default("active"),
    cancelReason: text("cancel_reason"),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    /** The prescription this one renews or corrects (a repeat approval, a change). */
    replaces: text("replaces"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("prescriptions_dispensed_within", sql`${t.dispensedUnits} >= 0 and ${t.dispensedUnits} <= ${t.quantity} * (1 + ${t.repeats})`),
    check("prescriptions_quantity_positive", sql`${t.quantity} > 0 and ${t.repeats} >= 0`),
    index("prescriptions_patient_created_idx").on(t.patientId, t.createdAt, t.id),
    index("prescriptions_doctor_created_idx").on(t.doctorId, t.createdAt, t.id),
    index("prescriptions_status_created_idx").on(t.status, t.createdAt, t.id),
    index("prescriptions_appointment_idx").on(t.appointmentId),
  ],
);

/** Each hand-over at the counter: how many units, by which pharmacist. */
export const dispenseTable = pgTable(
  "prescription_dispenses",
  {
    id: text("id").primaryKey(),
    prescriptionId: text("prescription_id")
      .notNull()
      .references(() => prescriptionTable.id),
    units: integer("units").notNull(),
    dispensedBy: text("dispensed_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("prescription_dispenses_rx_idx").on(t.prescriptionId, t.createdAt)],
);

/** A patient's request for more; at most one pending per prescription (partial unique index). */
export const repeatRequestTable = pgTable(
  "prescription_repeat_requests",
  {
    id: text("id").primaryKey(),
    prescriptionId: text("prescription_id")
      .notNull()
      .references(() => prescriptionTable.id),
    patientId: text("patient_id").notNull(),
    doctorId: text("doctor_id").notNull(),
    status: text("status", { enum: repeatRequestStatuses }).notNull().default("pending"),
    note: text("note"),
    /** The doctor's reason for a decline. */
    reason: text("reason"),
    /** The new prescription an approval wrote. */
    newPrescriptionId: text("new_prescription_id"),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("prescription_repeat_requests_one_pending").on(t.prescriptionId).where(sql`status = 'pending'`),
    index("prescription_repeat_requests_doctor_idx").on(t.doctorId, t.status, t.createdAt),
  ],
);
