import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { existsSync } from "node:fs";
import { migrationsFolder } from "@carebeat/core/drizzle/migrate";

/** The data's schema as an archive records it, and what this release can run. */
export interface SchemaVersion {
  release: string;
  /** PostgreSQL migrations applied to the data (migrations/meta/_journal.json entries). */
  postgresMigrations: number;
  /** The tag of the last of them, for the message a refusal prints. */
  postgresTag?: string;
}

function journal(): { tag: string }[] {
  return (JSON.parse(readFileSync(path.join(migrationsFolder(), "meta", "_journal.json"), "utf8")) as { entries: { tag: string }[] }).entries;
}

function releaseVersion(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, "package.json");
    if (existsSync(pkg)) {
      const p = JSON.parse(readFileSync(pkg, "utf8")) as { name?: string; version?: string; workspaces?: unknown };
      if (p.workspaces) return p.version ?? "0.0.0";
    }
    if (path.dirname(dir) === dir) return "0.0.0";
  }
}

/** This release: its version and how many migrations it knows. */
export function releaseSchema(): { release: string; postgresMigrations: number; postgresTag?: string } {
  const j = journal();
  return { release: releaseVersion(), postgresMigrations: j.length, postgresTag: j.at(-1)?.tag };
}

export function tagOf(applied: number): string | undefined {
  return applied > 0 ? journal()[applied - 1]?.tag : undefined;
}

/** Refuse data written by a newer release: its tables have columns this code does not know. */
export function checkRestorable(archived: SchemaVersion) {
  const here = releaseSchema();
  if (archived.postgresMigrations > here.postgresMigrations)
    throw new Error(
      `this archive was made by a newer Carebeat (release ${archived.release}, database schema ${archived.postgresMigrations} migrations, last ${archived.postgresTag ?? "?"}); ` +
        `this release (${here.release}) knows ${here.postgresMigrations} (last ${here.postgresTag}). Restore it with that release or a later one.`,
    );
}
