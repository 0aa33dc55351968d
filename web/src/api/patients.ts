import { api, request, onSession, type Page } from "./client";

/**
 * Field names follow /openapi.json (`Patient`, from packages/core/src/patient/schema.ts);
 * fix them here only.
 */
export interface PatientName {
  given: string;
  family: string;
}
export interface Address {
  line1?: string;
  line2?: string;
  city?: string;
  region?: string;
  postalCode?: string;
  /** ISO 3166-1 alpha-2, upper case. */
  country?: string;
}
export interface Insurance {
  provider?: string;
  memberId?: string;
  groupNumber?: string;
}
export interface Contact {
  email?: string;
  phone?: string;
}
export type Sex = "female" | "male" | "other" | "unknown";
/** The "flexible schema": at most 20 keys, flat values, 4 KB in all. */
export type Extensions = Record<string, string | number | boolean | null>;

/** POST /api/patients body. Only `name` is required. */
export interface PatientInput {
  name: PatientName;
  birthDate?: string;
  sex?: Sex;
  contact?: Contact;
  address?: Address;
  conditions?: string[];
  allergies?: string[];
  insurance?: Insurance;
  extensions?: Extensions;
}

/** PATCH body: each named top-level field is replaced whole; `null` clears it. */
export type PatientPatch = { [K in keyof PatientInput]?: K extends "name" ? PatientName : PatientInput[K] | null };

export interface Patient extends PatientInput {
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Set when soft-deleted (only administrators still see such records). */
  deletedAt: string | null;
}

/** What a patient may change on their own record (the API refuses the rest with 403). */
export const SELF_EDITABLE = ["contact", "address", "insurance"] as const;

export const sexLabels: Record<Sex, string> = { female: "Female", male: "Male", other: "Other", unknown: "Not stated" };

export function patientName(p: Pick<Patient, "name"> | undefined | null) {
  if (!p?.name) return "";
  return [p.name.given, p.name.family].filter(Boolean).join(" ");
}

const path = (id: string) => `/api/patients/${encodeURIComponent(id)}`;

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

export const Patients = {
  list: (q: PatientQuery) =>
    api.get<Page<Patient>>("/api/patients", {
      query: { q: q.q, email: q.email, cursor: q.cursor, limit: q.limit ?? 20, includeDeleted: q.includeDeleted ? "true" : undefined },
    }),
  /** The record and its ETag (`"<version>"`), needed to save changes. */
  get: (id: string) => request<Patient>("GET", path(id)).then((r) => ({ patient: r.data, etag: r.etag ?? `"${r.data.version}"` })),
  create: (input: PatientInput) => request<Patient>("POST", "/api/patients", { body: input }).then((r) => ({ patient: r.data, etag: r.etag ?? `"${r.data.version}"` })),
  /** Sends If-Match; fails with 412 when someone else saved the record after `etag` was read. */
  update: (id: string, etag: string, patch: PatientPatch) =>
    request<Patient>("PATCH", path(id), { body: patch, headers: { "if-match": etag } }).then((r) => ({ patient: r.data, etag: r.etag ?? `"${r.data.version}"` })),
  /** Soft delete (staff, admin); `hard` erases the record for good (admin only). */
  remove: (id: string, opts: { hard?: boolean } = {}) => api.delete(path(id), { query: { hard: opts.hard ? "true" : undefined } }),
};

/** Names for ids shown in lists (appointments), read once per session. */
const nameCache = new Map<string, Promise<string | null>>();
onSession((u) => u || nameCache.clear());
export function lookupPatientName(id: string): Promise<string | null> {
  let hit = nameCache.get(id);
  if (!hit) {
    hit = Patients.get(id)
      .then((r) => patientName(r.patient) || null)
      .catch(() => null);
    nameCache.set(id, hit);
  }
  return hit;
}
