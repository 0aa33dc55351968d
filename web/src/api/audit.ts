import { api, type Page } from "./client";

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
  outcome: "success" | "denied" | "failed";
  detail: Record<string, unknown> | null;
}

export const AuditLog = {
  list: (f: { patientId?: string; actorId?: string; cursor?: string | null; limit?: number }) =>
    api.get<Page<AuditEntry>>("/api/audit", { query: { patientId: f.patientId, actorId: f.actorId, cursor: f.cursor, limit: f.limit ?? 50 } }),
};
