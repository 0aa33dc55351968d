import { createWriteStream, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { encryptStream } from "./crypto";
import { verifyEntries } from "./container";

/**
 * Archive records (snapshot.ts) → verified complete → gzip → encrypted → `file` (mode 0600).
 * Written to `<file>.partial` and renamed, so a file under the final name is always whole.
 */
export async function writeArchive(records: Readable, file: string, passphrase: string): Promise<{ bytes: number }> {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const partial = `${file}.partial`;
  try {
    await pipeline(records, verifyEntries(), createGzip({ level: 6 }), await encryptStream(passphrase), createWriteStream(partial, { mode: 0o600 }));
    renameSync(partial, file);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
  return { bytes: statSync(file).size };
}
