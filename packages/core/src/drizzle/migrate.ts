import { migrate } from "drizzle-orm/postgres-js/migrator";
import path from "node:path";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { useDb } from "./index";

/** Repository root `migrations/` folder; a Lambda bundle copies it next to the handler. */
export function migrationsFolder(): string {
  const configured = process.env.CAREBEAT_MIGRATIONS_DIR;
  // In Lambda, copyFiles puts the folder beside the bundle in LAMBDA_TASK_ROOT (/var/task).
  if (configured) return path.resolve(process.env.LAMBDA_TASK_ROOT ?? process.cwd(), configured);
  // The nearest `migrations/` above this module: packages/core/src/drizzle/ from source,
  // packages/local/dist/ when bundled (`npm start` runs the built runtime).
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "migrations", "meta", "_journal.json"))) return path.join(dir, "migrations");
    if (path.dirname(dir) === dir) throw new Error("migrations/ not found above " + fileURLToPath(import.meta.url));
  }
}

export async function runMigrations(folder = migrationsFolder()) {
  await migrate(useDb(), { migrationsFolder: folder });
}
