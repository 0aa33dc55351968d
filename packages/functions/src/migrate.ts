import { runMigrations } from "@carebeat/core/drizzle/migrate";
import { PatientDirectory } from "@carebeat/core/directory";

/** Invoked on every deploy (stacks/api.ts) before the API serves the new code. */
export async function handler() {
  await runMigrations();
  // Reconcile the patient directory with DynamoDB (its repair path; docs/patients.md).
  const directory = await PatientDirectory.backfill();
  return { ok: true, directory };
}
