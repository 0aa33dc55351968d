import { and, arrayContains, desc, eq, gte, lte, or, type SQL } from "drizzle-orm";
import { z } from "../util/zod";
import { useDb, useTransaction, outsideTransaction } from "../drizzle";
import { useActor, useRequest, actorLabel } from "../actor";
import { createId } from "../util/id";
import { fn } from "../util/fn";
import { Cursor } from "../util/cursor";
import { instant } from "../util/date";
import { VisibleError } from "../util/error";
import { scrubText } from "../util/text";
import { auditTable } from "./audit.sql";
import { Keyset } from "../util/keyset";

/** An audit row must always be writable, whatever a caller sent (jsonb cannot hold NUL either). */
function scrub<T>(value: T): T {
  if (typeof value === "string") return scrubText(value) as T;
  if (Array.isArray(value)) return value.map(scrub) as T;
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [scrubText(k), scrub(v)])) as T;
  return value;
}

export namespace Audit {
  export const Outcome = z.enum(["success", "denied", "failed"]);
  export const Entry = z.object({
    id: z.string(),
    at: z.string(),
    actorId: z.string(),
    actorRole: z.string().nullable(),
    action: z.string(),
    resourceType: z.string(),
    resourceId: z.string().nullable(),
    patientId: z.string().nullable(),
    /** Patients a list disclosed (list actions); empty otherwise. */
    patientIds: z.array(z.string()),
    requestId: z.string().nullable(),
    outcome: Outcome,
    detail: z.record(z.string(), z.unknown()).nullable(),
  });
  export type Entry = z.infer<typeof Entry>;

  export interface RecordInput {
    /** Verb in the clinic's words: `patient.read`, `appointment.book`, `appointment.cancel`. */
    action: string;
    resourceType: string;
    resourceId?: string | null;
    patientId?: string | null;
    /** For a list: every patient whose data the answer disclosed. */
    patientIds?: string[];
    outcome?: z.infer<typeof Outcome>;
    detail?: Record<string, unknown>;
  }

  /**
   * A successful action is written in the caller's transaction, so it commits or rolls
   * back with the change it describes. Denied or failed attempts go straight to the pool,
   * because the surrounding transaction is about to roll back and must not take them along.
   */
  export async function record(input: RecordInput) {
    const row = build(input);
    if (row.outcome === "success") await useTransaction((tx) => tx.insert(auditTable).values(row));
    else await outsideTransaction(async () => void (await useDb().insert(auditTable).values(row)));
  }

  /**
   * The row `record` would write, for a caller that writes it itself in the same statement as
   * the change it describes (the single-statement booking, docs/appointments.md).
   */
  export function build(input: RecordInput) {
    const actor = useActor();
    return scrub({
      id: createId("audit"),
      actorId: actorLabel(actor),
      actorRole: actor.type === "user" ? actor.role : actor.type,
      action: input.action,
      resourceType: input.resourceType,
      resourceId: input.resourceId ?? null,
      patientId: input.patientId ?? null,
      patientIds: input.patientIds?.length ? [...new Set(input.patientIds)] : null,
      requestId: useRequest()?.requestId ?? null,
      outcome: input.outcome ?? "success",
      detail: input.detail ?? null,
    });
  }

  /**
   * Record a refused attempt and hand back the 403 to throw, so every domain-level
   * denial (a patient reading someone else's record) leaves a trace.
   */
  export async function deny(input: Omit<RecordInput, "outcome">, message = "You may not access this record.") {
    await record({ ...input, outcome: "denied" });
    return new VisibleError("forbidden", "auth.forbidden", message);
  }

  export const ListInput = z.object({
    /** One row by its id (the FHIR AuditEvent read). */
    id: z.string().max(64).optional(),
    patientId: z.string().max(64).optional(),
    actorId: z.string().max(64).optional(),
    action: z.string().max(64).optional(),
    outcome: Outcome.optional(),
    from: instant().optional(),
    to: instant().optional(),
    cursor: Cursor.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  });

  /** Newest first, keyset-paginated on (at, id). */
  export const list = fn(ListInput, async (input) => {
    const where: SQL[] = [];
    if (input.id) where.push(eq(auditTable.id, input.id));
    if (input.patientId) where.push(or(eq(auditTable.patientId, input.patientId), arrayContains(auditTable.patientIds, [input.patientId]))!);
    if (input.actorId) where.push(eq(auditTable.actorId, input.actorId));
    if (input.action) where.push(eq(auditTable.action, input.action));
    if (input.outcome) where.push(eq(auditTable.outcome, input.outcome));
    if (input.from) where.push(gte(auditTable.at, new Date(input.from)));
    if (input.to) where.push(lte(auditTable.at, new Date(input.to)));
    if (input.cursor) where.push(Keyset.after(input.cursor, auditTable.at, auditTable.id, "desc"));
    const rows = await useTransaction((tx) =>
      tx
        .select()
        .from(auditTable)
        .where(where.length ? and(...where) : undefined)
        .orderBy(desc(auditTable.at), desc(auditTable.id))
        .limit(input.limit + 1),
    );
    const { page, nextCursor } = Keyset.page(rows, input.limit, (r) => ({ at: r.at, id: r.id }));
    // Reading the log is itself logged (after the query, so it is not part of its own answer).
    await record({
      action: "audit.read",
      resourceType: "audit",
      patientId: input.patientId ?? null,
      detail: {
        filters: {
          id: input.id ?? null,
          actorId: input.actorId ?? null,
          action: input.action ?? null,
          outcome: input.outcome ?? null,
          from: input.from ?? null,
          to: input.to ?? null,
        },
        page: !!input.cursor,
        count: page.length,
      },
    });
    return {
      items: page.map((r) => ({ ...r, patientIds: r.patientIds ?? [], at: r.at.toISOString() })) as Entry[],
      nextCursor,
    };
  });
}
