import { api, request, onSession, type Page } from "./client";

/** Field names follow /openapi.json (`Patient`); fix them here only. */
export interface PatientName {
  given: string;
  family: string;
}
export interface Address {
  line1?: string;
  line2?: string;
  city?: string;
  postalCode?: string;
  country?: string;
}
export interface Insurance {
  provider?: string;
  memberId?: string;
}
export type Sex = "female" | "male" | "other" | "unknown";

export interface PatientInput {
  name: PatientName;
  birthDate: string;
  sex: Sex;
  contact: { email?: string; phone?: string };
  address?: Address;
  conditions?: string[];
  allergies?: string[];
  insurance?: Insurance;
  extensions?: Record<string, unknown>;
}

export interface Patient extends PatientInput {
  id: string;
  version?: number;
  createdAt?: string;
  updatedAt?: string;
}

export const sexLabels: Record<Sex, string> = { female: "Female", male: "Male", other: "Other", unknown: "Not stated" };

export function patientName(p: Pick<Patient, "name"> | undefined | null) {
  if (!p?.name) return "";
  return [p.name.given, p.name.family].filter(Boolean).join(" ");
}

export const Patients = {
  list: (q: { q?: string; email?: string; cursor?: string | null; limit?: number }) =>
    api.get<Page<Patient>>("/api/patients", { query: { q: q.q, email: q.email, cursor: q.cursor, limit: q.limit ?? 20 } }),
  /** The record and its ETag, needed to save changes. */
  get: (id: string) => request<Patient>("GET", `/api/patients/${encodeURIComponent(id)}`).then((r) => ({ patient: r.data, etag: r.etag })),
  create: (input: PatientInput) => request<Patient>("POST", "/api/patients", { body: input }).then((r) => ({ patient: r.data, etag: r.etag })),
  /** Fails with 412 when someone else saved the record after `etag` was read. */
  update: (id: string, etag: string | null, patch: Partial<PatientInput>) =>
    request<Patient>("PATCH", `/api/patients/${encodeURIComponent(id)}`, { body: patch, headers: etag ? { "if-match": etag } : {} }).then((r) => ({
      patient: r.data,
      etag: r.etag,
    })),
  remove: (id: string) => api.delete(`/api/patients/${encodeURIComponent(id)}`),
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
