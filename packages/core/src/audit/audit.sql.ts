import { pgTable, text, timestamp, jsonb, index } from "drizzle-orm/pg-core";

/**
 * Append-only: a trigger (migrations/*_audit_append_only.sql) rejects UPDATE and DELETE,
 * so not even a bug in the app can rewrite history.
 */
export const auditTable = pgTable(
  "audit_log",
  {
    id: text("id").primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorId: text("actor_id").notNull(),
    actorRole: text("actor_role"),
    action: text("action").notNull(),
    resourceType: text("resource_type").notNull(),
    resourceId: text("resource_id"),
    patientId: text("patient_id"),
    /**
     * Every patient a list disclosed (one row per request, not per patient: a page of 200 is
     * one event). `GET /api/audit?patientId=` matches `patient_id` or membership here (GIN).
     */
    patientIds: text("patient_ids").array(),
    requestId: text("request_id"),
    outcome: text("outcome", { enum: ["success", "denied", "failed"] }).notNull(),
    /** Identifiers and field names only: never clinical values or contact details. */
    detail: jsonb("detail").$type<Record<string, unknown>>(),
  },
  (t) => [
    index("audit_patient_idx").on(t.patientId, t.at),
    index("audit_patient_ids_idx").using("gin", t.patientIds),
    index("audit_actor_idx").on(t.actorId, t.at),
    index("audit_at_idx").on(t.at),
  ],
);
