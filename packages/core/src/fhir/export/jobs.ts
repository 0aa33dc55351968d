import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { useTransaction } from "../../drizzle";
import { createId } from "../../util/id";
import { bulkExportTable, type ExportFile } from "./export.sql";
import type { Scope } from "./registry";

/**
 * The job rows (export.sql.ts). Every change of status is a conditional UPDATE on
 * `status = 'in-progress'`, so a cancel, a finish and a failure can race (a resumed execution, a
 * DELETE during the last page) and exactly one of them wins; the others change nothing.
 */
export type Job = typeof bulkExportTable.$inferSelect;

const t = bulkExportTable;

export function scopeOf(job: Pick<Job, "level" | "groupDoctorId">): Scope {
  return job.level === "group" ? { level: "group", doctorId: job.groupDoctorId! } : { level: job.level };
}

export async function create(input: { scope: Scope; types: string[]; since?: Date; request: string; requestedBy: string; requestedRole: string }): Promise<Job> {
  const [row] = await useTransaction((tx) =>
    tx
      .insert(t)
      .values({
        id: createId("bulkExport"),
        level: input.scope.level,
        groupDoctorId: input.scope.level === "group" ? input.scope.doctorId : null,
        types: input.types,
        since: input.since ?? null,
        request: input.request,
        requestedBy: input.requestedBy,
        requestedRole: input.requestedRole,
        transactionTime: new Date(),
        progress: Object.fromEntries(input.types.map((type) => [type, { written: 0, done: false }])),
      })
      .returning(),
  );
  return row!;
}

export async function get(id: string): Promise<Job | undefined> {
  const [row] = await useTransaction((tx) => tx.select().from(t).where(eq(t.id, id)));
  return row;
}

export async function setExecution(id: string, executionArn: string) {
  await useTransaction((tx) => tx.update(t).set({ executionArn }).where(eq(t.id, id)));
}

/** One type's count so far (its own key of `progress`: concurrent types never overwrite each other). */
export async function setProgress(id: string, type: string, written: number, done: boolean) {
  await useTransaction((tx) =>
    tx
      .update(t)
      .set({ progress: sql`${t.progress} || jsonb_build_object(${type}::text, jsonb_build_object('written', ${written}::int, 'done', ${done}::boolean))`, updatedAt: new Date() })
      .where(eq(t.id, id)),
  );
}

/**
 * Count a poll unless the last one was less than `intervalSeconds` ago: false means "too soon"
 * (a 429). One conditional UPDATE, so two clients polling at once cannot both get through.
 */
export async function recordPoll(id: string, intervalSeconds: number): Promise<boolean> {
  const now = new Date();
  const rows = await useTransaction((tx) =>
    tx
      .update(t)
      .set({ lastPolledAt: now, polls: sql`${t.polls} + 1` })
      .where(and(eq(t.id, id), or(isNull(t.lastPolledAt), lt(t.lastPolledAt, new Date(now.getTime() - intervalSeconds * 1000)))))
      .returning({ id: t.id }),
  );
  return rows.length > 0;
}

/** in-progress → completed with the manifest's files; false if the job was cancelled or already ended. */
export async function complete(id: string, output: ExportFile[]): Promise<boolean> {
  const rows = await useTransaction((tx) =>
    tx
      .update(t)
      .set({ status: "completed", output, errorFiles: [], updatedAt: new Date() })
      .where(and(eq(t.id, id), eq(t.status, "in-progress")))
      .returning({ id: t.id }),
  );
  return rows.length > 0;
}

/** in-progress → failed, with the OperationOutcome file(s) the manifest's `error` lists. */
export async function fail(id: string, failure: string, errorFiles: ExportFile[]): Promise<boolean> {
  const rows = await useTransaction((tx) =>
    tx
      .update(t)
      .set({ status: "failed", failure: failure.slice(0, 200), output: [], errorFiles, updatedAt: new Date() })
      .where(and(eq(t.id, id), eq(t.status, "in-progress")))
      .returning({ id: t.id }),
  );
  return rows.length > 0;
}

/** Any state → cancelled (a DELETE); false if there is no such job or it was cancelled already. */
export async function cancel(id: string): Promise<Job | undefined> {
  const [row] = await useTransaction((tx) =>
    tx
      .update(t)
      .set({ status: "cancelled", updatedAt: new Date() })
      .where(and(eq(t.id, id), sql`${t.status} <> 'cancelled'`))
      .returning(),
  );
  return row;
}
