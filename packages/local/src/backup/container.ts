import { createWriteStream, mkdirSync } from "node:fs";
import path from "node:path";
import { Transform, Writable } from "node:stream";
import { once } from "node:events";

/**
 * What the archive holds before it is compressed and encrypted: named entries, each streamed in
 * chunks so no store has to be held in memory whole. Records: `E <u16 name length> <name>` opens
 * an entry, `C <u32 length> <bytes>` continues it, `Z` ends the archive (a missing `Z` is a
 * truncated archive, refused).
 */
export interface Entry {
  name: string;
  /** Buffers (or one Buffer) in order. */
  data: Buffer | AsyncIterable<Buffer> | Iterable<Buffer>;
}

const NAME = /^[a-z0-9][a-z0-9._-]*(\/[a-zA-Z0-9][a-zA-Z0-9._=+-]*)*$/;

function checkName(name: string) {
  if (!NAME.test(name) || name.split("/").includes("..")) throw new Error(`backup entry name not allowed: ${JSON.stringify(name)}`);
}

export async function* encodeEntries(entries: AsyncIterable<Entry> | Iterable<Entry>): AsyncGenerator<Buffer> {
  for await (const entry of entries) {
    checkName(entry.name);
    const name = Buffer.from(entry.name);
    const head = Buffer.alloc(3);
    head.write("E", 0);
    head.writeUInt16BE(name.length, 1);
    yield Buffer.concat([head, name]);
    const chunks = Buffer.isBuffer(entry.data) ? [entry.data] : entry.data;
    for await (const chunk of chunks) {
      if (!chunk.length) continue;
      const h = Buffer.alloc(5);
      h.write("C", 0);
      h.writeUInt32BE(chunk.length, 1);
      yield h;
      yield chunk;
    }
  }
  yield Buffer.from("Z");
}

/**
 * The entries of a decrypted, decompressed archive written as files under `dir` (restore.ts
 * stages there first). Resolves with the entry names once `Z` is read.
 */
export function writeEntriesTo(dir: string): Writable & { names: Promise<string[]> } {
  let buf: Buffer = Buffer.alloc(0);
  let current: ReturnType<typeof createWriteStream> | undefined;
  let finished = false;
  const names: string[] = [];
  let resolveNames!: (n: string[]) => void;
  let rejectNames!: (e: Error) => void;
  const namesPromise = new Promise<string[]>((res, rej) => ((resolveNames = res), (rejectNames = rej)));
  namesPromise.catch(() => {});
  const closeCurrent = async () => {
    if (!current) return;
    const c = current;
    current = undefined;
    c.end();
    await once(c, "close");
  };
  const w = new Writable({
    async write(chunk: Buffer, _enc, done) {
      try {
        buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
        for (;;) {
          if (!buf.length) break;
          const kind = String.fromCharCode(buf[0]!);
          if (finished) throw new Error("data after the end of the archive");
          if (kind === "Z") {
            await closeCurrent();
            finished = true;
            buf = buf.subarray(1);
            continue;
          }
          if (kind === "E") {
            if (buf.length < 3) break;
            const n = buf.readUInt16BE(1);
            if (buf.length < 3 + n) break;
            const name = buf.subarray(3, 3 + n).toString("utf8");
            checkName(name);
            await closeCurrent();
            const file = path.join(dir, name);
            mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
            current = createWriteStream(file, { mode: 0o600 });
            names.push(name);
            buf = buf.subarray(3 + n);
            continue;
          }
          if (kind === "C") {
            if (buf.length < 5) break;
            const n = buf.readUInt32BE(1);
            if (buf.length < 5 + n) break;
            if (!current) throw new Error("archive chunk outside an entry");
            if (!current.write(buf.subarray(5, 5 + n))) await once(current, "drain");
            buf = buf.subarray(5 + n);
            continue;
          }
          throw new Error("unreadable archive record");
        }
        done();
      } catch (err) {
        done(err as Error);
      }
    },
    async final(done) {
      try {
        await closeCurrent();
        if (!finished) throw new Error("the archive ends early (no end record)");
        resolveNames(names);
        done();
      } catch (err) {
        rejectNames(err as Error);
        done(err as Error);
      }
    },
  });
  w.on("error", (e) => rejectNames(e));
  return Object.assign(w, { names: namesPromise });
}

/**
 * A pass-through that checks the records as they stream by and fails at the end unless the
 * archive's end record arrived — so a backup cut off mid-way (the runtime stopped, the socket
 * dropped) is never kept as if it were whole. Only record heads are parsed; bodies are counted.
 */
export function verifyEntries(): Transform {
  let head: number[] = [];
  let skip = 0;
  let finished = false;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      let i = 0;
      while (i < chunk.length) {
        if (skip) {
          const n = Math.min(skip, chunk.length - i);
          skip -= n;
          i += n;
          continue;
        }
        if (finished) return done(new Error("data after the end of the archive"));
        head.push(chunk[i++]!);
        const need = head[0] === 0x5a ? 1 : head[0] === 0x45 ? 3 : head[0] === 0x43 ? 5 : -1;
        if (need < 0) return done(new Error("unreadable archive record"));
        if (head.length < need) continue;
        const b = Buffer.from(head);
        if (need === 1) finished = true;
        else skip = need === 3 ? b.readUInt16BE(1) : b.readUInt32BE(1);
        head = [];
      }
      done(null, chunk);
    },
    flush(done) {
      done(finished ? null : new Error("the backup stream ended early (no end record): nothing was kept"));
    },
  });
}
