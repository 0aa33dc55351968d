import { Audit } from "../audit";
import type { z } from "../util/zod";
import { VisibleError } from "../util/error";
import type { ResourceCapability } from "./capability";
import { IDENTIFIER_SYSTEM, fromFhirId, toFhirId } from "./ids";
import { parseDateTimes, parseReference, parseToken, type Parsed } from "./params";

/** The audit log as AuditEvent (admins only, as `GET /api/audit`); reading it is itself audited (`audit.read`). */
export const AUDIT_EVENT: ResourceCapability = {
  type: "AuditEvent",
  interactions: ["read", "search-type"],
  params: {
    patient: { type: "reference", documentation: "Patient/<id>: rows about the patient, or lists that disclosed them" },
    agent: { type: "token", documentation: `Who acted (${IDENTIFIER_SYSTEM.actor}|<user id>)` },
    subtype: { type: "token", documentation: "The Carebeat action, e.g. patient.read" },
    outcome: { type: "token", documentation: "0 (success) | 4 (denied) | 8 (failed)" },
    date: { type: "date", documentation: "recorded: [eq|ge|gt|le|lt]YYYY[-MM[-DD[Thh:mm[:ss]±hh:mm]]]; twice for a range" },
  },
};

const ACTION_SYSTEM = "https://carebeat.dev/fhir/CodeSystem/audit-action";
/** R4 `audit-event-outcome`: 0 success, 4 minor failure (a refusal), 8 serious failure. */
const OUTCOME = { success: "0", denied: "4", failed: "8" } as const;
const FROM_OUTCOME = Object.fromEntries(Object.entries(OUTCOME).map(([k, v]) => [v, k])) as Record<string, Audit.Entry["outcome"]>;

/** The CRUDE verb of a Carebeat action, from its last word (`patient.read` → R, `appointment.book` → C). */
function verb(action: string): "C" | "R" | "U" | "D" | "E" {
  const last = action.split(".").at(-1) ?? "";
  if (/^(read|list|search|download)$/.test(last)) return "R";
  if (/^(create|book|register)$/.test(last)) return "C";
  if (/^(update|cancel|reschedule|complete|no_show|pay|merge|deactivate)$/.test(last)) return "U";
  if (/^(delete|erase|remove)$/.test(last)) return "D";
  return "E";
}

export function toFhirAuditEvent(e: Audit.Entry) {
  const patients = [...new Set([...(e.patientId ? [e.patientId] : []), ...e.patientIds])];
  return {
    resourceType: "AuditEvent" as const,
    id: toFhirId(e.id),
    meta: { lastUpdated: e.at },
    type: { system: "http://terminology.hl7.org/CodeSystem/audit-event-type", code: "rest", display: "RESTful Operation" },
    subtype: [{ system: ACTION_SYSTEM, code: e.action }],
    action: verb(e.action),
    recorded: e.at,
    outcome: OUTCOME[e.outcome],
    agent: [
      {
        ...(e.actorRole ? { type: { text: e.actorRole } } : {}),
        who: { identifier: { system: IDENTIFIER_SYSTEM.actor, value: e.actorId } },
        requestor: true,
      },
    ],
    source: { observer: { display: "Carebeat API" } },
    entity: [
      ...patients.map((id) => ({
        what: { reference: `Patient/${toFhirId(id)}` },
        type: { system: "http://terminology.hl7.org/CodeSystem/audit-entity-type", code: "1", display: "Person" },
      })),
      ...(e.resourceId && !patients.includes(e.resourceId) ? [{ what: { display: `${e.resourceType} ${e.resourceId}` }, name: e.resourceType }] : []),
      ...(e.requestId ? [{ what: { identifier: { system: IDENTIFIER_SYSTEM.request, value: e.requestId } }, name: "request" }] : []),
    ],
  };
}

type Filters = Omit<z.input<typeof Audit.ListInput>, "limit" | "cursor">;

const invalid = (field: string, message: string) => new VisibleError("input", "validation", "The request is invalid.", [{ field: `query.${field}`, message }]);

/** The search parameters as the audit list's filters; `none` when nothing can match. */
export function auditFilters(parsed: Parsed): { none: true } | { none: false; filters: Filters } {
  const v = (name: string) => parsed.values.get(name)?.[0];
  const f: Filters = {};
  const patient = v("patient");
  if (patient !== undefined) {
    const ref = parseReference("patient", patient);
    if ((ref.type ?? (ref.id.startsWith("pat_") ? "Patient" : undefined)) !== "Patient") throw invalid("patient", "Must reference a Patient");
    f.patientId = ref.id;
  }
  const agent = v("agent");
  if (agent !== undefined) {
    const t = parseToken("agent", agent);
    if (t.system !== undefined && t.system !== IDENTIFIER_SYSTEM.actor) return { none: true };
    if (t.code.length > 64) throw invalid("agent", "At most 64 characters");
    f.actorId = t.code;
  }
  const subtype = v("subtype");
  if (subtype !== undefined) {
    const t = parseToken("subtype", subtype);
    if (t.system !== undefined && t.system !== ACTION_SYSTEM) return { none: true };
    if (t.code.length > 64) throw invalid("subtype", "At most 64 characters");
    f.action = t.code;
  }
  const outcome = v("outcome");
  if (outcome !== undefined) {
    if (!FROM_OUTCOME[outcome] && outcome !== "12") throw invalid("outcome", "Must be 0, 4, 8 or 12");
    if (outcome === "12") return { none: true };
    f.outcome = FROM_OUTCOME[outcome];
  }
  const dates = parsed.values.get("date");
  if (dates) {
    const range = parseDateTimes("date", dates);
    if (range.from && range.to && range.from >= range.to) return { none: true };
    f.from = range.from;
    // The audit list's `to` is inclusive; a FHIR range ends before its bound.
    if (range.to) f.to = new Date(Date.parse(range.to) - 1).toISOString();
  }
  return { none: false, filters: f };
}

export async function readAuditEvent(fhirId: string) {
  const id = fromFhirId(fhirId);
  const page = await Audit.list({ id, limit: 1 });
  const entry = page.items[0];
  if (!entry) throw new VisibleError("not-found", "fhir.not_found", "No such audit event.");
  return toFhirAuditEvent(entry);
}
