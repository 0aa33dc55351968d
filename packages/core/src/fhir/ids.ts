/**
 * FHIR ids allow `[A-Za-z0-9-.]{1,64}`, Carebeat ids are `<prefix>_<ulid>` (lower-case letters and
 * digits around one underscore), so the FHIR id is the Carebeat id with `-` for `_`: a bijection,
 * since Carebeat ids hold no `-`. The Carebeat id itself travels in `identifier` (docs/fhir.md).
 * Plain data, no imports: the request middleware reads it for the audit row of a refused token.
 */
export const toFhirId = (carebeatId: string) => carebeatId.replace("_", "-");

/** The Carebeat id a FHIR id stands for; a Carebeat id (with `_`) is taken as it is. */
export const fromFhirId = (fhirId: string) => (fhirId.includes("_") ? fhirId : fhirId.replace("-", "_"));

/** The FHIR base path both homes serve (packages/functions/src/api/paths.ts routes `/fhir/*`). */
export const FHIR_BASE_PATH = "/fhir/R4";

export const FHIR_CONTENT_TYPE = "application/fhir+json";

/** The `identifier.system` of each Carebeat id kind. */
export const IDENTIFIER_SYSTEM = {
  patient: "https://carebeat.dev/fhir/sid/patient-id",
  doctor: "https://carebeat.dev/fhir/sid/doctor-id",
  appointment: "https://carebeat.dev/fhir/sid/appointment-id",
  invoice: "https://carebeat.dev/fhir/sid/invoice-id",
  /** The invoice's gapless `YYYY-NNNNNN` number, once numbered. */
  invoiceNumber: "https://carebeat.dev/fhir/sid/invoice-number",
  auditEvent: "https://carebeat.dev/fhir/sid/audit-id",
  /** The request an audit row was written in. */
  request: "https://carebeat.dev/fhir/sid/request-id",
  /** Who acted: a user id, `system:<name>` or a client id (the audit log's actor_id). */
  actor: "https://carebeat.dev/fhir/sid/actor-id",
} as const;

/** The patient a FHIR path is about (`/fhir/R4/Patient/<id>`), as a Carebeat id, or null. */
export function patientOfFhirPath(path: string): string | null {
  const m = /^\/fhir\/R4\/Patient\/([^/]{1,64})(?:\/|$)/.exec(path);
  if (!m) return null;
  let id = m[1]!;
  try {
    id = decodeURIComponent(id);
  } catch {}
  // `/Patient/$export` (and `_search`, `_history`) is an operation on the type, not a patient.
  if (id.startsWith("$") || id.startsWith("_")) return null;
  return fromFhirId(id);
}
