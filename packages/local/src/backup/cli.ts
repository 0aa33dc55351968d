import path from "node:path";
import { existsSync } from "node:fs";
import { passphraseFrom, ArchiveError } from "./crypto";
import { requestBackup } from "./control";
import { writeArchive } from "./archive";
import { restoreArchive } from "./restore";

/**
 * `npm run backup -- <file>` and `npm run restore -- <file> [--force]` (docs/self-hosting.md).
 * The data dir is CAREBEAT_DATA_DIR (default `.data`), the passphrase CAREBEAT_BACKUP_PASSPHRASE.
 */
const log = (line: string) => console.log(`[carebeat] ${line}`);

async function backup(file: string) {
  const passphrase = passphraseFrom();
  const dataDir = path.resolve(process.env.CAREBEAT_DATA_DIR ?? ".data");
  const started = performance.now();
  let records = await requestBackup(dataDir);
  let stop = async () => {};
  if (records) log(`backup: the runtime on ${dataDir} is serving; it copies its stores while it runs`);
  else {
    if (!existsSync(dataDir)) throw new Error(`no data in ${dataDir} (set CAREBEAT_DATA_DIR)`);
    log(`backup: no runtime is running on ${dataDir}; opening its stores here`);
    const { startLocalStack } = await import("../stack");
    const stack = await startLocalStack({ dataDir, stage: process.env.CAREBEAT_STAGE ?? "local", storesOnly: true });
    records = stack.backup.records();
    stop = () => stack.stop();
  }
  try {
    const { bytes } = await writeArchive(records, file, passphrase);
    log(`backup: ${path.resolve(file)} (${(bytes / 1e6).toFixed(2)} MB, ${Math.round(performance.now() - started)} ms), encrypted with CAREBEAT_BACKUP_PASSPHRASE`);
  } finally {
    await stop();
  }
}

async function restore(file: string, force: boolean) {
  if (!existsSync(file)) throw new Error(`${file}: no such file`);
  const passphrase = passphraseFrom();
  const dataDir = path.resolve(process.env.CAREBEAT_DATA_DIR ?? ".data");
  const started = performance.now();
  const { summary } = await restoreArchive({ file, dataDir, passphrase, force, log });
  const counts = Object.entries(summary.counts)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  log(`restore: ${dataDir} (${counts}) in ${Math.round(performance.now() - started)} ms; start it with npm start`);
}

const [command, file, ...rest] = process.argv.slice(2);
try {
  if (!file || (command !== "backup" && command !== "restore")) throw new Error("usage: npm run backup -- <file>  |  npm run restore -- <file> [--force]");
  if (command === "backup") await backup(file);
  else await restore(file, rest.includes("--force"));
  process.exit(0);
} catch (err) {
  console.error(`[carebeat] ${command ?? "backup"} failed: ${(err as Error).message}`);
  process.exit(err instanceof ArchiveError ? 3 : 1);
}
