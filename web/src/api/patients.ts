import { action, query } from "@solidjs/router";
import { clean, http, ok, withEtag, type Schemas } from "./http";

/** Types come from the API's OpenAPI document (schema.d.ts); nothing here is hand-copied. */
export type Patient = Schemas["Patient"];
/** POST /api/patients body. Only `name` is required. */
export type PatientInput = Schemas["PatientFields"];
/** PATCH body (JSON Merge Patch): a named field replaces, `null` clears. */
export type PatientPatch = Schemas["PatientPatch"];
export type Sex = NonNullable<Patient["sex"]>;
/** The "flexible schema": at most 20 keys, flat values, 4 KB in all. */
export type Extensions = NonNullable<Patient["extensions"]>;

/** What a patient may change on their own record (the API refuses the rest with 403). */
export const SELF_EDITABLE = ["contact", "address", "insurance"] as const;

export const sexLabels: Record<Sex, string> = { female: "Female", male: "Male", other: "Other", unknown: "Not stated" };

export function patientName(p: Pick<Patient, "name"> | undefined | null) {
  if (!p?.name) return "";
  return [p.name.given, p.name.family].filter(Boolean).join(" ");
}

const byId = (patientId: string) => ({ params: { path: { id: patientId } } });

export interface PatientQuery {
  /** Family-name prefix, optionally followed by the given name ("berg", "berger jo"). */
  q?: string;
  /** Exact email. */
  email?: string;
  cursor?: string | null;
  limit?: number;
  /** Administrators only: list soft-deleted records too. */
  includeDeleted?: boolean;
}

/** The record with its ETag (`"<version>"`), needed to save changes. */
const withVersion = (r: { data: Patient; etag: string | null }) => ({ patient: r.data, etag: r.etag ?? `"${r.data.version}"` });

export const Patients = {
  list: (q: PatientQuery) =>
    ok(
      http.GET("/api/patients", {
        params: { query: clean({ q: q.q, email: q.email, cursor: q.cursor ?? undefined, limit: q.limit ?? 20, includeDeleted: q.includeDeleted ? ("true" as const) : undefined }) },
      }),
    ),
  /** The record and its ETag, needed to save changes. */
  get: (patientId: string) => withEtag(http.GET("/api/patients/{id}", byId(patientId))).then(withVersion),
  create: (input: PatientInput) => withEtag(http.POST("/api/patients", { body: input })).then(withVersion),
  /** Sends If-Match; fails with 412 when someone else saved the record after `etag` was read. */
  update: (patientId: string, etag: string, patch: PatientPatch) =>
    withEtag(http.PATCH("/api/patients/{id}", { ...byId(patientId), body: patch, headers: { "if-match": etag } })).then(withVersion),
  /** Soft delete (staff, admin); `hard` erases the record for good (admin only). */
  remove: (patientId: string, opts: { hard?: boolean } = {}) =>
    ok(http.DELETE("/api/patients/{id}", { params: { path: { id: patientId }, query: clean({ hard: opts.hard ? ("true" as const) : undefined }) } })).then(() => undefined),
};

export const listPatients = query((q: PatientQuery) => Patients.list(q), "patients");
export const getPatient = query((patientId: string) => Patients.get(patientId), "patient");
/**
 * A patient's display name for lists (appointments, calendar), shared by every row that shows
 * the same patient. Each read is audited (`patient.read`); see docs/web.md, "Known limits".
 */
export const patientNameById = query(
  (patientId: string): Promise<string | null> =>
    Patients.get(patientId)
      .then((r) => patientName(r.patient) || null)
      .catch(() => null),
  "patient.name",
);
export const createPatient = action((input: PatientInput) => Patients.create(input), "patient.create");
/** Revalidates `getPatient`, so the page shows the saved version and its new ETag. */
export const updatePatient = action((patientId: string, etag: string, patch: PatientPatch) => Patients.update(patientId, etag, patch), "patient.update");
