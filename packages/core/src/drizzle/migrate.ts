import { migrate } from "drizzle-orm/postgres-js/migrator";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { useDb } from "./index";

/** Repository root `migrations/` folder; a Lambda bundle copies it next to the handler. */
export function migrationsFolder(): string {
  if (process.env.CAREBEAT_MIGRATIONS_DIR) return process.env.CAREBEAT_MIGRATIONS_DIR;
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.resolve(here, "../../../../migrations");
}

export async function runMigrations(folder = migrationsFolder()) {
  await migrate(useDb(), { migrationsFolder: folder });
}
