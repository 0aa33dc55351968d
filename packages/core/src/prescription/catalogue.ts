import { asc, eq } from "drizzle-orm";
import { z } from "../util/zod";
import { fn } from "../util/fn";
import { createId } from "../util/id";
import { VisibleError } from "../util/error";
import { singleLine } from "../util/line";
import { createTransaction, useTransaction, pgConstraint } from "../drizzle";
import { assertRole } from "../actor";
import { Audit } from "../audit";
import { medicationTable } from "./prescription.sql";
import { serializeMedication } from "./info";
import { medicationForms } from "./status";

const Id = z.string().min(1).max(64);
const text = (max: number) => singleLine(max);

export const NewMedication = z
  .object({
    name: text(120),
    strength: text(60).openapi({ description: "As printed: `500 mg`, `250 mg/5 ml`" }),
    form: z.enum(medicationForms),
    packSize: z.number().int().min(1).max(10_000),
    atcCode: z
      .string()
      .regex(/^[A-Z]\d\d[A-Z]{2}\d\d$/, "An ATC code: letter, 2 digits, 2 letters, 2 digits (N02BE01)")
      .optional(),
  })
  .strict();
export const MedicationPatch = z.object({ active: z.boolean() }).strict();
export const MedicationListInput = z.object({ includeRetired: z.enum(["true", "false"]).optional() });

/** The catalogue, by name: what a doctor picks from (retired ones only when asked, for admins). */
export const listMedications = fn(MedicationListInput, async (input) => {
  const rows = await useTransaction((tx) =>
    tx
      .select()
      .from(medicationTable)
      .where(input.includeRetired === "true" ? undefined : eq(medicationTable.active, true))
      .orderBy(asc(medicationTable.name), asc(medicationTable.strength), asc(medicationTable.id)),
  );
  return { items: rows.map(serializeMedication) };
});

/** Admins add medications; the same name, strength and form twice is a 409. */
export const addMedication = fn(NewMedication, (input) => {
  assertRole("admin");
  return createTransaction(async (tx) => {
    try {
      const [row] = await tx
        .insert(medicationTable)
        .values({ id: createId("medication"), ...input, atcCode: input.atcCode ?? null })
        .returning();
      await Audit.record({ action: "medication.create", resourceType: "medication", resourceId: row!.id });
      return serializeMedication(row!);
    } catch (err) {
      if (pgConstraint(err) === "medications_name_strength_form_key")
        throw new VisibleError("conflict", "medication.exists", "This medication is already in the catalogue.", [
          { field: "name", message: "Already listed with this strength and form" },
        ]);
      throw err;
    }
  });
});

/** Retire (or bring back) a medication: prescriptions keep pointing at it, new ones cannot pick it. */
export const updateMedication = fn(z.object({ id: Id, patch: MedicationPatch }), ({ id, patch }) => {
  assertRole("admin");
  return createTransaction(async (tx) => {
    const [row] = await tx.update(medicationTable).set({ active: patch.active, updatedAt: new Date() }).where(eq(medicationTable.id, id)).returning();
    if (!row) throw new VisibleError("not-found", "medication.not_found", "No such medication.");
    await Audit.record({ action: "medication.update", resourceType: "medication", resourceId: id, detail: { active: patch.active } });
    return serializeMedication(row);
  });
});
