import { and, eq } from "drizzle-orm";
import { z } from "../util/zod";
import { fn } from "../util/fn";
import { createId } from "../util/id";
import { VisibleError } from "../util/error";
import { calendarDate } from "../util/date";
import { createTransaction, type Transaction } from "../drizzle";
import { assertRole } from "../actor";
import { Audit } from "../audit";
import { getItem } from "../patient/store";
import { appointmentTable } from "../appointment/appointment.sql";
import { medicationTable, prescriptionTable } from "./prescription.sql";
import { announce, views, serialize, type PrescriptionRow } from "./info";
import { authorizePrescriber } from "./access";
import { doseUnits, frequencyCodes, todayUtc } from "./status";

const Id = z.string().min(1).max(64);
const MAX_VALID_DAYS = 366;
const DAY = 86_400_000;

/** Free text that may span lines (instructions, reasons), but nothing a PDF or log line chokes on. */
const freeText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((v) => !/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/.test(v), "No control characters or bidirectional overrides");

const thousandths = (v: number) => Math.abs(v * 1000 - Math.round(v * 1000)) < 1e-6;

export const PrescribeInput = z
  .object({
    appointmentId: Id.openapi({ description: "The visit (yours, completed or in progress) the prescription comes from" }),
    medicationId: Id,
    dose: z
      .object({
        amount: z.number().positive().max(100_000).refine(thousandths, "At most three decimals"),
        unit: z.enum(doseUnits),
        frequency: z.enum(frequencyCodes),
      })
      .strict(),
    instructions: freeText(500).optional(),
    quantity: z.number().int().min(1).max(10_000).openapi({ description: "Units per fill" }),
    repeats: z.number().int().min(0).max(12).default(0),
    validUntil: calendarDate().openapi({ description: `Last day it may be dispensed (today to ${MAX_VALID_DAYS} days ahead)` }),
  })
  .strict();
export const CancelInput = z.object({ reason: freeText(300) }).strict();

export function checkValidUntil(validUntil: string, now = new Date()) {
  if (validUntil < todayUtc(now) || validUntil > todayUtc(new Date(now.getTime() + MAX_VALID_DAYS * DAY)))
    throw new VisibleError("input", "validation", "The request is invalid.", [{ field: "validUntil", message: `Must be from today to ${MAX_VALID_DAYS} days ahead` }]);
}

/** The appointment a doctor has seen the patient in: theirs, and completed or already started. */
async function seenVisit(tx: Transaction, appointmentId: string, doctorId: string) {
  const [a] = await tx.select().from(appointmentTable).where(eq(appointmentTable.id, appointmentId)).for("share");
  const seen = a && a.doctorId === doctorId && (a.status === "completed" || (a.status === "booked" && a.startsAt.getTime() <= Date.now()));
  if (!a || a.doctorId !== doctorId)
    throw await Audit.deny({ action: "prescription.create", resourceType: "prescription", patientId: a?.patientId ?? null }, "You may prescribe only from your own visits.");
  if (!seen)
    throw new VisibleError(
      "unprocessable",
      "prescription.not_seen",
      `A prescription needs a visit that is completed or in progress; this one is ${a.status === "booked" ? "not started yet" : a.status}.`,
      [{ field: "appointmentId", message: "Not a visit you have seen" }],
    );
  return a;
}

/** Insert one prescription (prescribe, a repeat approval), announce it and audit it, in the caller's transaction. */
export async function insertPrescription(tx: Transaction, v: Omit<typeof prescriptionTable.$inferInsert, "id" | "patientName" | "patientBirthDate">) {
  const [m] = await tx.select().from(medicationTable).where(eq(medicationTable.id, v.medicationId));
  if (!m?.active)
    throw new VisibleError("unprocessable", "prescription.unknown_medication", "No such medication in the catalogue (or it was retired).", [
      { field: "medicationId", message: "Not in the catalogue" },
    ]);
  const patient = await getItem(v.patientId);
  if (!patient) throw new VisibleError("unprocessable", "prescription.unknown_patient", "The visit's patient record no longer exists.");
  const [row] = await tx
    .insert(prescriptionTable)
    .values({ ...v, id: createId("prescription"), patientName: `${patient.name.given} ${patient.name.family}`, patientBirthDate: patient.birthDate ?? null })
    .returning();
  await announce("prescription.prescribed", row!);
  await Audit.record({
    action: "prescription.create",
    resourceType: "prescription",
    resourceId: row!.id,
    patientId: row!.patientId,
    detail: { medicationId: v.medicationId, replaces: v.replaces ?? null },
  });
  return row!;
}

/** A doctor prescribes from a visit they have seen. */
export const prescribe = fn(PrescribeInput, (input) => {
  const doctor = assertRole("doctor");
  checkValidUntil(input.validUntil);
  return createTransaction(async (tx) => {
    const visit = await seenVisit(tx, input.appointmentId, doctor.doctorId ?? "");
    const row = await insertPrescription(tx, {
      patientId: visit.patientId,
      doctorId: visit.doctorId,
      appointmentId: visit.id,
      medicationId: input.medicationId,
      doseAmount: String(input.dose.amount),
      doseUnit: input.dose.unit,
      frequency: input.dose.frequency,
      instructions: input.instructions ?? null,
      quantity: input.quantity,
      repeats: input.repeats,
      validUntil: input.validUntil,
    });
    return serialize((await views(eq(prescriptionTable.id, row.id)))[0]!);
  });
});

export async function lockPrescription(tx: Transaction, id: string): Promise<PrescriptionRow> {
  const [row] = await tx.select().from(prescriptionTable).where(eq(prescriptionTable.id, id)).for("update");
  if (!row) throw new VisibleError("not-found", "prescription.not_found", "No such prescription.");
  return row;
}

/**
 * The prescriber cancels: what was dispensed stays dispensed, nothing more can be. Cancelling
 * twice, or a completed prescription, is a 409. A change is this plus a new prescription.
 */
export const cancel = fn(z.object({ id: Id, reason: CancelInput.shape.reason }), ({ id, reason }) =>
  createTransaction(async (tx) => {
    const row = await lockPrescription(tx, id);
    await authorizePrescriber(row, "prescription.cancel");
    if (row.status === "cancelled" || row.status === "completed") throw new VisibleError("conflict", "prescription.closed", `A ${row.status} prescription cannot be cancelled.`);
    const [cancelled] = await tx
      .update(prescriptionTable)
      .set({ status: "cancelled", cancelReason: reason, cancelledAt: new Date(), updatedAt: new Date() })
      .where(and(eq(prescriptionTable.id, id)))
      .returning();
    await announce("prescription.cancelled", cancelled!);
    await Audit.record({ action: "prescription.cancel", resourceType: "prescription", resourceId: id, patientId: row.patientId });
    return serialize((await views(eq(prescriptionTable.id, id)))[0]!);
  }),
);
