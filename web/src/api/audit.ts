import { query } from "@solidjs/router";
import { clean, http, ok, type Schemas } from "./http";

export type AuditEntry = Schemas["AuditEntry"];
export type AuditOutcome = AuditEntry["outcome"];

export interface AuditFilter {
  patientId?: string;
  actorId?: string;
  /** Exact action, e.g. `patient.read`. */
  action?: string;
  outcome?: AuditOutcome;
  cursor?: string | null;
  limit?: number;
}

const AuditLog = {
  /** Newest first. */
  list: (f: AuditFilter) => ok(http.GET("/api/audit", { params: { query: clean({ ...f, cursor: f.cursor ?? undefined, limit: f.limit ?? 50 }) } })),
};

export const listAudit = query((f: AuditFilter) => AuditLog.list(f), "audit");
