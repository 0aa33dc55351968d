import { pgTable, text, timestamp, jsonb, integer, index } from "drizzle-orm/pg-core";

export const exportStatuses = ["in-progress", "completed", "failed", "cancelled"] as const;
export type ExportStatus = (typeof exportStatuses)[number];

/** One file of the manifest's `output` (or `error`): its S3 key, type and line count. */
export interface ExportFile {
  type: string;
  key: string;
  count: number;
}

/** One type's task: resources written so far, and whether it has finished. */
export interface TypeProgress {
  written: number;
  done: boolean;
}

/**
 * Bulk Data `$export` jobs (docs/fhir.md, "Bulk export"). The job's state lives here, not in the
 * Step Functions execution: a poll, a cancel and a restart of the offline runtime all read this
 * row, and the manifest is written only once every file it lists exists (Finish checks each one).
 *
 * - `request`: the kick-off URL as received (the manifest's `request`); `level` system | patient |
 *   group, `groupDoctorId` the doctor of a Group export; `types`, `since` the parsed parameters.
 * - `progress`: `{ <type>: resources written so far }`, each task adding its own key (X-Progress).
 * - `output` / `errorFiles`: the manifest's arrays, set once with the final status.
 * - `lastPolledAt`: for the 429 of a client that polls faster than `Retry-After` says.
 */
export const bulkExportTable = pgTable(
  "bulk_exports",
  {
    id: text("id").primaryKey(),
    status: text("status", { enum: exportStatuses }).notNull().default("in-progress"),
    level: text("level", { enum: ["system", "patient", "group"] }).notNull(),
    groupDoctorId: text("group_doctor_id"),
    types: text("types").array().notNull(),
    since: timestamp("since", { withTimezone: true }),
    request: text("request").notNull(),
    /** Who asked (audit `actor_id`: `usr_…`, or a SMART client's `smc_…` with role `system`) and their role: the export's disclosures are theirs. */
    requestedBy: text("requested_by").notNull(),
    requestedRole: text("requested_role").notNull(),
    transactionTime: timestamp("transaction_time", { withTimezone: true }).notNull(),
    progress: jsonb("progress").$type<Record<string, TypeProgress>>().notNull().default({}),
    output: jsonb("output").$type<ExportFile[]>(),
    errorFiles: jsonb("error_files").$type<ExportFile[]>(),
    /** The failure's ASL error name (e.g. States.Timeout): no data, never the cause text. */
    failure: text("failure"),
    executionArn: text("execution_arn"),
    polls: integer("polls").notNull().default(0),
    lastPolledAt: timestamp("last_polled_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("bulk_exports_created_idx").on(t.createdAt)],
);
