import { desc, eq, type SQL } from "drizzle-orm";
import { z } from "../util/zod";
import { Outbox } from "../events";
import { useTransaction } from "../drizzle";
import { doctorTable } from "../doctor/doctor.sql";
import { medicationTable, prescriptionTable, repeatRequestTable } from "./prescription.sql";
import { PrescriptionEvents, type PrescriptionEventType } from "./event";
import { doseUnits, effectiveStatus, frequencies, frequencyCodes, prescriptionStatuses, repeatRequestStatuses } from "./status";

export type PrescriptionRow = typeof prescriptionTable.$inferSelect;
export type MedicationRow = typeof medicationTable.$inferSelect;

export const Medication = z
  .object({
    id: z.string(),
    name: z.string(),
    strength: z.string(),
    form: z.string(),
    packSize: z.number().int(),
    atcCode: z.string().nullable(),
    active: z.boolean(),
  })
  .openapi("Medication");
export type Medication = z.infer<typeof Medication>;

export const serializeMedication = (m: MedicationRow): Medication => ({
  id: m.id,
  name: m.name,
  strength: m.strength,
  form: m.form,
  packSize: m.packSize,
  atcCode: m.atcCode,
  active: m.active,
});

/** `Paracetamol 500 mg tablet`: how a medication is printed and listed. */
export const medicationLabel = (m: Pick<MedicationRow, "name" | "strength" | "form">) => `${m.name} ${m.strength} ${m.form}`;

const Dose = z.object({
  amount: z.number(),
  unit: z.enum(doseUnits),
  frequency: z.enum(frequencyCodes),
  /** `1 tablet twice a day`: the structured dose in words, as printed. */
  text: z.string(),
});

/** What the prescriber and patient (and staff) see. */
export const Info = z
  .object({
    id: z.string(),
    status: z.enum(prescriptionStatuses),
    patientId: z.string(),
    patientName: z.string(),
    doctorId: z.string(),
    doctorName: z.string(),
    appointmentId: z.string(),
    medication: Medication,
    dose: Dose,
    instructions: z.string().nullable(),
    quantity: z.number().int().openapi({ description: "Units per fill" }),
    repeats: z.number().int().openapi({ description: "Fills after the first" }),
    dispensedUnits: z.number().int(),
    remainingUnits: z.number().int().openapi({ description: "quantity × (1 + repeats) − dispensed; 0 once cancelled or expired" }),
    validUntil: z.string(),
    cancelReason: z.string().nullable(),
    replaces: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("Prescription");
export type Info = z.infer<typeof Info>;

/**
 * What a pharmacist sees: the patient's name and birth date (to check who collects), the
 * medication and dose, the counts and the prescriber — no patient or appointment id, nothing
 * else of the record.
 */
export const PharmacyItem = z
  .object({
    id: z.string(),
    status: z.enum(prescriptionStatuses),
    patient: z.object({ name: z.string(), birthDate: z.string().nullable() }),
    prescriber: z.string(),
    medication: Medication,
    dose: Dose,
    instructions: z.string().nullable(),
    quantity: z.number().int(),
    repeats: z.number().int(),
    dispensedUnits: z.number().int(),
    remainingUnits: z.number().int(),
    /** Units the next dispense may hand over: what is left of the current fill. */
    fillRemainingUnits: z.number().int(),
    validUntil: z.string(),
    createdAt: z.string(),
  })
  .openapi("PharmacyItem");
export type PharmacyItem = z.infer<typeof PharmacyItem>;

export const RepeatRequest = z
  .object({
    id: z.string(),
    prescriptionId: z.string(),
    patientId: z.string(),
    doctorId: z.string(),
    status: z.enum(repeatRequestStatuses),
    note: z.string().nullable(),
    reason: z.string().nullable(),
    newPrescriptionId: z.string().nullable(),
    decidedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("RepeatRequest");
export type RepeatRequest = z.infer<typeof RepeatRequest>;

export const serializeRepeat = (r: typeof repeatRequestTable.$inferSelect): RepeatRequest => ({
  id: r.id,
  prescriptionId: r.prescriptionId,
  patientId: r.patientId,
  doctorId: r.doctorId,
  status: r.status,
  note: r.note,
  reason: r.reason,
  newPrescriptionId: r.newPrescriptionId,
  decidedAt: r.decidedAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString(),
});

/** A prescription with its medication and prescriber's name: one join, every reader. */
export interface View {
  p: PrescriptionRow;
  m: MedicationRow;
  doctorName: string;
}

/** Newest first on (created_at, id), the keyset every list pages by. */
export function views(where: SQL | undefined, limit = 1): Promise<View[]> {
  return useTransaction((tx) =>
    tx
      .select({ p: prescriptionTable, m: medicationTable, doctorName: doctorTable.name })
      .from(prescriptionTable)
      .innerJoin(medicationTable, eq(medicationTable.id, prescriptionTable.medicationId))
      .innerJoin(doctorTable, eq(doctorTable.id, prescriptionTable.doctorId))
      .where(where)
      .orderBy(desc(prescriptionTable.createdAt), desc(prescriptionTable.id))
      .limit(limit),
  );
}

export const totalUnits = (p: Pick<PrescriptionRow, "quantity" | "repeats">) => p.quantity * (1 + p.repeats);

/** `0.5` → "0.5", `2` → "2" (numeric comes back as text with three decimals). */
const amountOf = (p: PrescriptionRow) => Number(p.doseAmount);

export function doseOf(p: PrescriptionRow) {
  const amount = amountOf(p);
  const unit = amount === 1 || p.doseUnit === "ml" || p.doseUnit === "mg" ? p.doseUnit : `${p.doseUnit}s`;
  return { amount, unit: p.doseUnit, frequency: p.frequency, text: `${amount} ${unit} ${frequencies[p.frequency]}` };
}

function remaining(p: PrescriptionRow, now: Date) {
  const status = effectiveStatus(p.status, p.validUntil, now);
  const open = status !== "cancelled" && status !== "expired";
  return { status, remainingUnits: open ? totalUnits(p) - p.dispensedUnits : 0 };
}

export function serialize({ p, m, doctorName }: View, now = new Date()): Info {
  return {
    id: p.id,
    ...remaining(p, now),
    patientId: p.patientId,
    patientName: p.patientName,
    doctorId: p.doctorId,
    doctorName,
    appointmentId: p.appointmentId,
    medication: serializeMedication(m),
    dose: doseOf(p),
    instructions: p.instructions,
    quantity: p.quantity,
    repeats: p.repeats,
    dispensedUnits: p.dispensedUnits,
    validUntil: p.validUntil,
    cancelReason: p.cancelReason,
    replaces: p.replaces,
    createdAt: p.createdAt.toISOString(),
  };
}

export function serializeForPharmacy({ p, m, doctorName }: View, now = new Date()): PharmacyItem {
  const r = remaining(p, now);
  return {
    id: p.id,
    ...r,
    patient: { name: p.patientName, birthDate: p.patientBirthDate },
    prescriber: doctorName,
    medication: serializeMedication(m),
    dose: doseOf(p),
    instructions: p.instructions,
    quantity: p.quantity,
    repeats: p.repeats,
    dispensedUnits: p.dispensedUnits,
    fillRemainingUnits: Math.min(r.remainingUnits, p.quantity - (p.dispensedUnits % p.quantity)),
    validUntil: p.validUntil,
    createdAt: p.createdAt.toISOString(),
  };
}

/** Write a `prescription.*` event in the caller's transaction (ids and counts only). */
export function announce(type: PrescriptionEventType, p: PrescriptionRow, extra: { units?: number; repeatRequestId?: string } = {}) {
  return Outbox.write(PrescriptionEvents, type, p.id, {
    prescriptionId: p.id,
    patientId: p.patientId,
    doctorId: p.doctorId,
    medicationId: p.medicationId,
    status: p.status,
    units: extra.units ?? 0,
    dispensedUnits: p.dispensedUnits,
    totalUnits: totalUnits(p),
    repeatRequestId: extra.repeatRequestId,
    replaces: p.replaces ?? undefined,
  });
}
