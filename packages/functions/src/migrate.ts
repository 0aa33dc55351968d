import { runMigrations } from "@carebeat/core/drizzle/migrate";

/** Invoked on every deploy (stacks/api.ts) before the API serves the new code. */
export async function handler() {
  await runMigrations();
  return { ok: true };
}
