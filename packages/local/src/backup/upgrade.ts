import path from "node:path";
import type { Readable } from "node:stream";
import { appliedMigrations, type BackupSources } from "./snapshot";
import { releaseSchema } from "./schema-version";
import { writeArchive } from "./archive";
import { archiveName } from "./schedule";

/** Where automatic archives go: CAREBEAT_BACKUP_DIR, or `<dataDir>.backups` beside the data dir. */
export function backupDir(dataDir: string, env: NodeJS.ProcessEnv = process.env) {
  return path.resolve(env.CAREBEAT_BACKUP_DIR || `${dataDir}.backups`);
}

/**
 * Before a release's new migrations touch the data (docs/self-hosting.md, "Upgrades"): an
 * archive of the data as the previous release left it, `pre-upgrade-<time>.carebeat-backup`.
 * Without CAREBEAT_BACKUP_PASSPHRASE the archive cannot be encrypted, so the start stops and
 * says so — unless CAREBEAT_UPGRADE_WITHOUT_BACKUP=1 says the operator has their own copy.
 */
export async function backupBeforeUpgrade(opts: { sources: BackupSources; records(): Readable; log?: (line: string) => void; env?: NodeJS.ProcessEnv }) {
  const env = opts.env ?? process.env;
  if (opts.sources.postgres.kind !== "pglite") return; // a server's data is backed up by its own tools
  const applied = await appliedMigrations(opts.sources.postgres.link);
  const release = releaseSchema();
  if (applied === 0 || applied >= release.postgresMigrations) return;
  const pending = release.postgresMigrations - applied;
  if (!env.CAREBEAT_BACKUP_PASSPHRASE) {
    if (env.CAREBEAT_UPGRADE_WITHOUT_BACKUP === "1") return opts.log?.(`upgrade: ${pending} new migration(s), no backup taken (CAREBEAT_UPGRADE_WITHOUT_BACKUP=1)`);
    throw new Error(
      `this release has ${pending} new database migration(s) for the data in ${opts.sources.dataDir}; set CAREBEAT_BACKUP_PASSPHRASE so an encrypted backup is taken before they run ` +
        `(or CAREBEAT_UPGRADE_WITHOUT_BACKUP=1 if you have your own copy)`,
    );
  }
  const { passphraseFrom } = await import("./crypto");
  const file = path.join(backupDir(opts.sources.dataDir, env), archiveName("pre-upgrade"));
  const started = performance.now();
  const { bytes } = await writeArchive(opts.records(), file, passphraseFrom(env));
  opts.log?.(`upgrade: ${pending} new migration(s); the data as it was is in ${file} (${(bytes / 1e6).toFixed(1)} MB, ${Math.round(performance.now() - started)} ms)`);
}
