import { readdirSync, rmSync, statSync, mkdirSync, chmodSync } from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import { writeArchive } from "./archive";

const ARCHIVE_SUFFIX = ".carebeat-backup";

/** `carebeat-2026-12-06T19-55-41Z.carebeat-backup`: sorts by time, safe in any file system. */
export function archiveName(prefix = "carebeat", at = new Date()) {
  return `${prefix}-${at
    .toISOString()
    .replace(/\.\d+Z$/, "Z")
    .replace(/:/g, "-")}${ARCHIVE_SUFFIX}`;
}

/** Keep the `keep` newest scheduled archives in `dir`; delete the older ones. Returns what was deleted. */
function prune(dir: string, keep: number, prefix = "carebeat-"): string[] {
  const archives = readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && f.endsWith(ARCHIVE_SUFFIX))
    .sort()
    .reverse();
  const old = archives.slice(keep);
  for (const f of old) rmSync(path.join(dir, f), { force: true });
  return old;
}

/**
 * Scheduled backups (CAREBEAT_BACKUP_DIR): one every `intervalMs` (a day by default), the
 * first one `firstAfterMs` after start unless the newest archive in the dir is younger than an
 * interval; the `keep` newest are kept. A failed backup is logged and retried at the next tick.
 */
export function startBackupSchedule(opts: {
  dir: string;
  keep: number;
  intervalMs: number;
  firstAfterMs?: number;
  passphrase: string;
  records(): Readable;
  log: (line: string) => void;
}): { stop(): Promise<void>; runNow(): Promise<string> } {
  mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
  chmodSync(opts.dir, 0o700);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<string> | undefined;
  let stopped = false;
  const runNow = () =>
    (running ??= (async () => {
      const file = path.join(opts.dir, archiveName());
      const started = performance.now();
      try {
        const { bytes } = await writeArchive(opts.records(), file, opts.passphrase);
        const removed = prune(opts.dir, opts.keep);
        opts.log(`backup: ${file} (${(bytes / 1e6).toFixed(1)} MB, ${Math.round(performance.now() - started)} ms)${removed.length ? `; removed ${removed.length} older` : ""}`);
        return file;
      } finally {
        running = undefined;
      }
    })());
  const schedule = (ms: number) => {
    if (stopped) return;
    const t = setTimeout(() => {
      runNow()
        .catch((err: Error) => opts.log(`backup failed: ${err.message} (next try in ${Math.round(opts.intervalMs / 60_000)} min)`))
        .finally(() => schedule(opts.intervalMs));
    }, ms);
    t.unref();
    timer = t;
  };
  const newest = readdirSync(opts.dir)
    .filter((f) => f.endsWith(ARCHIVE_SUFFIX))
    .map((f) => statSync(path.join(opts.dir, f)).mtimeMs)
    .sort((a, b) => b - a)[0];
  const due = newest === undefined ? 0 : Math.max(0, newest + opts.intervalMs - Date.now());
  schedule(Math.max(due, opts.firstAfterMs ?? 60_000));
  return {
    runNow,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => {});
    },
  };
}
