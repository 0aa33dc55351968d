import { and, asc, eq, gt, inArray, ne, type SQL } from "drizzle-orm";
import { useDb, useTransaction } from "../../drizzle";
import { appointmentTable } from "../../appointment/appointment.sql";
import { serialize as appointmentInfo } from "../../appointment/info";
import { doctorTable } from "../../doctor/doctor.sql";
import { patientDirectoryTable } from "../../directory";
import { batchGet } from "../../patient/store";
import { toFhirAppointment } from "../appointment";
import { toFhirPatient, toFhirPractitioner, type Resource } from "../resources";
import { dispenseTable, medicationTable, prescriptionTable } from "../../prescription/prescription.sql";
import { toFhirMedication, toFhirMedicationDispense, toFhirMedicationRequest } from "../medication";

/**
 * The exportable resource types (docs/fhir.md, "Bulk export"): one entry each. Adding a type
 * (Invoice, Schedule, MedicationRequest…) is one more entry here — the kick-off's `_type` check,
 * the workflow's Map items, the CapabilityStatement's `$export` documentation all read this list.
 *
 * Each entry reads one page at a time in primary-key order with a keyset cursor (`after`: the
 * last key of the previous page), so an export holds one page of one type in memory, never the
 * clinic. `patientIds` are the patients the page discloses (the audit row's `patient_ids`).
 */
export type Scope = { level: "system" } | { level: "patient" } | { level: "group"; doctorId: string };

export interface PageInput {
  scope: Scope;
  /** `_since`: only resources changed after this instant. */
  since?: Date;
  after?: string;
  limit: number;
}

export interface Page {
  resources: Resource[];
  patientIds: string[];
  /** The cursor of the next page; undefined after the last page. */
  last?: string;
}

export interface ExportType {
  type: string;
  /** In the Patient compartment: exported by `Patient/$export` and `Group/{id}/$export` too. */
  compartment: boolean;
  page(input: PageInput): Promise<Page>;
}

/** The doctor's patients (a Group): anyone with a non-cancelled appointment with them, the REST API's doctor scope. */
/** A subquery, so the ids never come into memory: the page's query joins on it. */
const groupPatients = (doctorId: string) =>
  useDb()
    .selectDistinct({ id: appointmentTable.patientId })
    .from(appointmentTable)
    .where(and(eq(appointmentTable.doctorId, doctorId), ne(appointmentTable.status, "cancelled")));

const cut = <T>(rows: T[], limit: number, key: (row: T) => string) => ({ rows: rows.slice(0, limit), last: rows.length > limit ? key(rows[limit - 1]!) : undefined });

const PATIENT: ExportType = {
  type: "Patient",
  compartment: true,
  async page({ scope, since, after, limit }) {
    // Ids from PostgreSQL in id order (the directory's primary key, or the doctor's appointments),
    // the records from DynamoDB, the source of truth. `_since` is checked on the record itself:
    // the directory does not hold updatedAt.
    const where: SQL[] = [];
    if (after) where.push(gt(patientDirectoryTable.id, after));
    if (scope.level === "group") where.push(inArray(patientDirectoryTable.id, groupPatients(scope.doctorId)));
    where.push(eq(patientDirectoryTable.status, "active"));
    const rows = await useTransaction((tx) =>
      tx
        .select({ id: patientDirectoryTable.id })
        .from(patientDirectoryTable)
        .where(and(...where))
        .orderBy(asc(patientDirectoryTable.id))
        .limit(limit + 1),
    );
    const page = cut(rows, limit, (r) => r.id);
    const byId = new Map((await batchGet(page.rows.map((r) => r.id))).map((p) => [p.id, p]));
    const records = page.rows
      .map((r) => byId.get(r.id))
      .filter((p) => p !== undefined && !p.deletedAt && (!since || Date.parse(p.updatedAt) > since.getTime()))
      .map((p) => p!);
    return { resources: records.map(toFhirPatient), patientIds: records.map((p) => p.id), last: page.last };
  },
};

const PRACTITIONER: ExportType = {
  type: "Practitioner",
  compartment: false,
  async page({ since, after, limit }) {
    const where: SQL[] = [];
    if (after) where.push(gt(doctorTable.id, after));
    if (since) where.push(gt(doctorTable.updatedAt, since));
    const rows = await useTransaction((tx) =>
      tx
        .select()
        .from(doctorTable)
        .where(where.length ? and(...where) : undefined)
        .orderBy(asc(doctorTable.id))
        .limit(limit + 1),
    );
    const page = cut(rows, limit, (r) => r.id);
    return {
      resources: page.rows.map((d) => toFhirPractitioner({ ...d, createdAt: d.createdAt.toISOString(), updatedAt: d.updatedAt.toISOString() })),
      patientIds: [],
      last: page.last,
    };
  },
};

const APPOINTMENT: ExportType = {
  type: "Appointment",
  compartment: true,
  async page({ scope, since, after, limit }) {
    const where: SQL[] = [];
    if (after) where.push(gt(appointmentTable.id, after));
    if (since) where.push(gt(appointmentTable.updatedAt, since));
    // The patient compartment of the doctor's patients: their appointments with any doctor.
    if (scope.level === "group") where.push(inArray(appointmentTable.patientId, groupPatients(scope.doctorId)));
    const rows = await useTransaction((tx) =>
      tx
        .select()
        .from(appointmentTable)
        .where(where.length ? and(...where) : undefined)
        .orderBy(asc(appointmentTable.id))
        .limit(limit + 1),
    );
    const page = cut(rows, limit, (r) => r.id);
    return { resources: page.rows.map((r) => toFhirAppointment(appointmentInfo(r))), patientIds: page.rows.map((r) => r.patientId), last: page.last };
  },
};

const MEDICATION: ExportType = {
  type: "Medication",
  compartment: false,
  async page({ since, after, limit }) {
    const where: SQL[] = [];
    if (after) where.push(gt(medicationTable.id, after));
    if (since) where.push(gt(medicationTable.updatedAt, since));
    const rows = await useTransaction((tx) =>
      tx
        .select()
        .from(medicationTable)
        .where(where.length ? and(...where) : undefined)
        .orderBy(asc(medicationTable.id))
        .limit(limit + 1),
    );
    const page = cut(rows, limit, (r) => r.id);
    return { resources: page.rows.map(toFhirMedication), patientIds: [], last: page.last };
  },
};

const P = prescriptionTable;

const MEDICATION_REQUEST: ExportType = {
  type: "MedicationRequest",
  compartment: true,
  async page({ scope, since, after, limit }) {
    const where: SQL[] = [];
    if (after) where.push(gt(P.id, after));
    if (since) where.push(gt(P.updatedAt, since));
    if (scope.level === "group") where.push(inArray(P.patientId, groupPatients(scope.doctorId)));
    const rows = await useTransaction((tx) =>
      tx
        .select({ p: P, m: medicationTable, doctorName: doctorTable.name })
        .from(P)
        .innerJoin(medicationTable, eq(medicationTable.id, P.medicationId))
        .innerJoin(doctorTable, eq(doctorTable.id, P.doctorId))
        .where(where.length ? and(...where) : undefined)
        .orderBy(asc(P.id))
        .limit(limit + 1),
    );
    const page = cut(rows, limit, (r) => r.p.id);
    return { resources: page.rows.map((v) => toFhirMedicationRequest(v)), patientIds: page.rows.map((r) => r.p.patientId), last: page.last };
  },
};

const MEDICATION_DISPENSE: ExportType = {
  type: "MedicationDispense",
  compartment: true,
  async page({ scope, since, after, limit }) {
    const D = dispenseTable;
    const where: SQL[] = [];
    if (after) where.push(gt(D.id, after));
    if (since) where.push(gt(D.createdAt, since));
    if (scope.level === "group") where.push(inArray(P.patientId, groupPatients(scope.doctorId)));
    const rows = await useTransaction((tx) =>
      tx
        .select({ d: D, p: P, m: medicationTable, doctorName: doctorTable.name })
        .from(D)
        .innerJoin(P, eq(P.id, D.prescriptionId))
        .innerJoin(medicationTable, eq(medicationTable.id, P.medicationId))
        .innerJoin(doctorTable, eq(doctorTable.id, P.doctorId))
        .where(where.length ? and(...where) : undefined)
        .orderBy(asc(D.id))
        .limit(limit + 1),
    );
    const page = cut(rows, limit, (r) => r.d.id);
    return { resources: page.rows.map((v) => toFhirMedicationDispense(v)), patientIds: page.rows.map((r) => r.p.patientId), last: page.last };
  },
};

export const EXPORT_TYPES: readonly ExportType[] = [PATIENT, PRACTITIONER, APPOINTMENT, MEDICATION, MEDICATION_REQUEST, MEDICATION_DISPENSE];

export const exportType = (type: string): ExportType | undefined => EXPORT_TYPES.find((t) => t.type === type);

/** The types a level may export: every type at system level, the Patient compartment's otherwise. */
export const typesFor = (level: Scope["level"]) => EXPORT_TYPES.filter((t) => level === "system" || t.compartment).map((t) => t.type);
