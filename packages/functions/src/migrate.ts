import { runMigrations } from "@carebeat/core/drizzle/migrate";
import { migrateDynamo, checkSchema } from "@carebeat/core/dynamo/migrations";

/**
 * Invoked on every deploy (stacks/api.ts) before the API serves the new code: the SQL
 * migrations, then DynamoDB's (every index the tables declare must exist — the stack adds
 * them — and each recorded backfill not yet run here runs once). The result is the deploy's
 * `migrated` output: versions and counts, never data.
 */
export async function handler() {
  await runMigrations();
  const dynamo = await migrateDynamo({ schema: checkSchema(), log: (line) => console.log(line) });
  return { ok: true, dynamo: dynamo.applied.map((m) => ({ version: m.version, name: m.name, ...m.result })) };
}
