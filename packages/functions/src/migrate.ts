import { log } from "@carebeat/core/observability";
import { instrument } from "@carebeat/core/observability/handler";

/**
 * Invoked on every deploy (stacks/api.ts) before the API serves the new code: the SQL
 * migrations, then DynamoDB's (every index the tables declare must exist — the stack adds
 * them — and each recorded backfill not yet run here runs once). The result is the deploy's
 * `migrated` output: versions and counts, never data.
 */
export const handler = instrument("migrate", async (_event: void) => {
  // Its whole work (drizzle's migrator, the DynamoDB SDK, the directory) is imported when invoked
  // (once per deploy), not at init (docs/capacity.md, issue 19.1).
  const [{ runMigrations }, { migrateDynamo, checkSchema }, { PatientDirectory }] = await Promise.all([
    import("@carebeat/core/drizzle/migrate"),
    import("@carebeat/core/dynamo/migrations"),
    import("@carebeat/core/directory"),
  ]);
  await runMigrations();
  // Index and backfill names and counts only (packages/core/src/dynamo/migrations).
  const dynamo = await migrateDynamo({ schema: checkSchema(), log: (line) => log.info("migrate.dynamo", { detail: line }) });
  // Reconcile the patient directory with DynamoDB (its repair path; docs/patients.md).
  const directory = await PatientDirectory.backfill();
  return { ok: true, dynamo: dynamo.applied.map((m) => ({ version: m.version, name: m.name, ...m.result })), directory };
});
