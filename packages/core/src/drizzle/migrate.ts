import { migrate } from "drizzle-orm/postgres-js/migrator";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { useDb } from "./index";

/** Repository root `migrations/` folder; a Lambda bundle copies it next to the handler. */
export function migrationsFolder(): string {
  const configured = process.env.CAREBEAT_MIGRATIONS_DIR;
  // In Lambda, copyFiles puts the folder beside the bundle in LAMBDA_TASK_ROOT (/var/task).
  if (configured) return path.resolve(process.env.LAMBDA_TASK_ROOT ?? process.cwd(), configured);
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.resolve(here, "../../../../migrations");
}

export async function runMigrations(folder = migrationsFolder()) {
  await migrate(useDb(), { migrationsFolder: folder });
}
