import { and, asc, desc, eq, gt, gte, inArray, lt, or, type SQL } from "drizzle-orm";
import { useTransaction } from "../drizzle";
import { useActor } from "../actor";
import { Audit } from "../audit";
import { ListQuery } from "../audit/list";
import { Keyset } from "../util/keyset";
import { VisibleError } from "../util/error";
import { doctorTable } from "../doctor/doctor.sql";
import { dispenseTable, medicationTable, prescriptionTable } from "./prescription.sql";
import { views, type MedicationRow, type View } from "./info";
import { authorizeRead } from "./access";
import { loadView, statusWhere } from "./read";
import { dispensable, todayUtc, type PrescriptionStatus } from "./status";

/**
 * The reads the FHIR API needs beyond the REST lists (docs/prescriptions.md, "FHIR"): several
 * statuses at once, an update range, the dispenses. Same scopes as the REST reads — a patient
 * their own, a doctor what they prescribed, staff and admin all — and a pharmacist the
 * pharmacy's view only: what can still be dispensed, never searched by patient (the pharmacy
 * holds no patient ids). `pharmacy` in an answer says the caller gets the narrow view.
 */
const P = prescriptionTable;
const D = dispenseTable;

const isPharmacist = () => {
  const a = useActor();
  return a.type === "user" && a.role === "pharmacist";
};

export interface SearchInput {
  patientId?: string;
  doctorId?: string;
  statuses?: PrescriptionStatus[];
  updatedFrom?: string;
  updatedTo?: string;
  cursor?: string;
  limit: number;
}

/** Prescriptions newest first (keyset on created_at, id), audited with every patient on the page. */
export async function searchPrescriptions(input: SearchInput): Promise<{ items: View[]; nextCursor: string | null; pharmacy: boolean }> {
  const pharmacy = isPharmacist();
  if (pharmacy && input.patientId) throw await Audit.deny({ action: "prescription.list", resourceType: "prescription", patientId: input.patientId });
  const f = pharmacy ? input : await ListQuery.scoped(input, "prescription.list", "prescription");
  const where: SQL[] = [];
  if (f.patientId) where.push(eq(P.patientId, f.patientId));
  if (f.doctorId) where.push(eq(P.doctorId, f.doctorId));
  if (f.statuses) where.push(f.statuses.length ? or(...f.statuses.map((s) => statusWhere(s)))! : eq(P.id, ""));
  // The pharmacy queue's rule: open and in date.
  if (pharmacy) where.push(inArray(P.status, [...dispensable]), gte(P.validUntil, todayUtc()));
  if (f.updatedFrom) where.push(gte(P.updatedAt, new Date(f.updatedFrom)));
  if (f.updatedTo) where.push(lt(P.updatedAt, new Date(f.updatedTo)));
  if (f.cursor) where.push(Keyset.after(f.cursor, P.createdAt, P.id, "desc"));
  const rows = await views(and(...where), f.limit + 1);
  const { page, nextCursor } = Keyset.page(rows, f.limit, (r) => ({ at: r.p.createdAt, id: r.p.id }));
  await Audit.record({
    action: pharmacy ? "prescription.queue" : "prescription.list",
    resourceType: "prescription",
    patientId: f.patientId ?? null,
    patientIds: page.map((r) => r.p.patientId),
    detail: { count: page.length, via: "fhir" },
  });
  return { items: page, nextCursor, pharmacy };
}

/** One prescription: its readers as `read.ts` says, and the pharmacist (narrow view); audited. */
export async function readPrescription(id: string): Promise<{ view: View; pharmacy: boolean }> {
  const view = await loadView(id);
  const pharmacy = isPharmacist();
  if (!pharmacy) await authorizeRead(view.p, "prescription.read");
  await Audit.record({ action: "prescription.read", resourceType: "prescription", resourceId: id, patientId: view.p.patientId, detail: pharmacy ? { view: "pharmacy" } : {} });
  return { view, pharmacy };
}

export type DispenseRow = typeof dispenseTable.$inferSelect;
export interface DispenseView extends View {
  d: DispenseRow;
}

function dispenseViews(where: SQL | undefined, limit: number): Promise<DispenseView[]> {
  return useTransaction((tx) =>
    tx
      .select({ d: D, p: P, m: medicationTable, doctorName: doctorTable.name })
      .from(D)
      .innerJoin(P, eq(P.id, D.prescriptionId))
      .innerJoin(medicationTable, eq(medicationTable.id, P.medicationId))
      .innerJoin(doctorTable, eq(doctorTable.id, P.doctorId))
      .where(where)
      .orderBy(desc(D.createdAt), desc(D.id))
      .limit(limit),
  );
}

/** One dispense, readable by whoever may read its prescription (and the pharmacist); audited. */
export async function readDispense(id: string): Promise<{ view: DispenseView; pharmacy: boolean }> {
  const [view] = await dispenseViews(eq(D.id, id), 1);
  if (!view) throw new VisibleError("not-found", "dispense.not_found", "No such dispense.");
  const pharmacy = isPharmacist();
  if (!pharmacy) await authorizeRead(view.p, "prescription.dispense.read");
  await Audit.record({ action: "prescription.dispense.read", resourceType: "prescription", resourceId: view.p.id, patientId: view.p.patientId, detail: { dispenseId: id } });
  return { view, pharmacy };
}

/** Dispenses newest first, scoped like the prescription list, audited with every patient on the page. */
export async function searchDispenses(input: { patientId?: string; prescriptionId?: string; cursor?: string; limit: number }) {
  const pharmacy = isPharmacist();
  if (pharmacy && input.patientId) throw await Audit.deny({ action: "prescription.dispense.list", resourceType: "prescription", patientId: input.patientId });
  const f = pharmacy
    ? { ...input, doctorId: undefined }
    : await ListQuery.scoped({ ...input, doctorId: undefined as string | undefined }, "prescription.dispense.list", "prescription");
  const where: SQL[] = [];
  if (f.patientId) where.push(eq(P.patientId, f.patientId));
  if (f.doctorId) where.push(eq(P.doctorId, f.doctorId));
  if (f.prescriptionId) where.push(eq(D.prescriptionId, f.prescriptionId));
  if (f.cursor) where.push(Keyset.after(f.cursor, D.createdAt, D.id, "desc"));
  const rows = await dispenseViews(and(...where), f.limit + 1);
  const { page, nextCursor } = Keyset.page(rows, f.limit, (r) => ({ at: r.d.createdAt, id: r.d.id }));
  await Audit.record({
    action: "prescription.dispense.list",
    resourceType: "prescription",
    patientId: f.patientId ?? null,
    patientIds: page.map((r) => r.p.patientId),
    detail: { count: page.length, via: "fhir" },
  });
  return { items: page, nextCursor, pharmacy };
}

/** The catalogue (no patient data: not audited), retired ones included, in id order. */
export async function searchMedications(input: { ids?: string[]; atcCodes?: string[]; after?: string; limit: number }): Promise<MedicationRow[]> {
  const where: SQL[] = [];
  if (input.ids) where.push(input.ids.length ? inArray(medicationTable.id, input.ids) : eq(medicationTable.id, ""));
  if (input.atcCodes) where.push(input.atcCodes.length ? inArray(medicationTable.atcCode, input.atcCodes) : eq(medicationTable.id, ""));
  if (input.after) where.push(gt(medicationTable.id, input.after));
  return useTransaction((tx) =>
    tx
      .select()
      .from(medicationTable)
      .where(where.length ? and(...where) : undefined)
      .orderBy(asc(medicationTable.id))
      .limit(input.limit),
  );
}
