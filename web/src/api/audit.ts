import { api, type Page } from "./client";

export type AuditOutcome = "success" | "denied" | "failed";

export interface AuditEntry {
  id: string;
  at: string;
  actorId: string;
  actorRole: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  patientId: string | null;
  requestId: string | null;
  outcome: AuditOutcome;
  detail: Record<string, unknown> | null;
}

export interface AuditFilter {
  patientId?: string;
  actorId?: string;
  /** Exact action, e.g. `patient.read`. */
  action?: string;
  outcome?: AuditOutcome;
  cursor?: string | null;
  limit?: number;
}

export const AuditLog = {
  /** Newest first. */
  list: (f: AuditFilter) =>
    api.get<Page<AuditEntry>>("/api/audit", {
      query: { patientId: f.patientId, actorId: f.actorId, action: f.action, outcome: f.outcome, cursor: f.cursor, limit: f.limit ?? 50 },
    }),
};
