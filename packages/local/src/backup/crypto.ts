import { createCipheriv, createDecipheriv, createHmac, randomBytes, scrypt as scryptCb, timingSafeEqual } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";

/**
 * The backup archive's encryption (docs/self-hosting.md, "The archive"): AES-256-GCM over
 * 1 MiB frames, the key derived from a passphrase with scrypt. Every frame is authenticated
 * with its position and a final-frame flag (the STREAM construction), and the header is part
 * of every frame's associated data, so a changed byte anywhere, frames swapped, dropped or
 * appended, or an archive cut short are all refused — not restored in part. A check value in
 * the header tells a wrong passphrase apart from a damaged archive.
 *
 * Layout: "CBBACKUP" (8 bytes), u32 header length, header JSON, then frames of
 * [u32 ciphertext length][u8 final][ciphertext][16-byte tag].
 */
const MAGIC = Buffer.from("CBBACKUP");
const FRAME = 1 << 20;
const KDF = { name: "scrypt", N: 1 << 15, r: 8, p: 1 } as const;

interface Header {
  format: 1;
  kdf: { name: "scrypt"; N: number; r: number; p: number; salt: string };
  cipher: "aes-256-gcm";
  frame: number;
  nonce: string;
  check: string;
}

export class ArchiveError extends Error {
  constructor(
    readonly code: "not_an_archive" | "wrong_passphrase" | "damaged",
    message: string,
  ) {
    super(message);
  }
}

function derive(passphrase: string, salt: Buffer, kdf: Pick<Header["kdf"], "N" | "r" | "p">): Promise<{ key: Buffer; check: Buffer }> {
  return new Promise((resolve, reject) =>
    scryptCb(passphrase.normalize("NFC"), salt, 64, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r }, (err, out) =>
      err ? reject(err) : resolve({ key: out.subarray(0, 32), check: createHmac("sha256", out.subarray(32)).update("carebeat-backup-check").digest() }),
    ),
  );
}

/** A passphrase the archive can be trusted with: from the environment, never a default. */
export function passphraseFrom(env: NodeJS.ProcessEnv = process.env): string {
  const value = env.CAREBEAT_BACKUP_PASSPHRASE;
  if (!value) throw new Error("CAREBEAT_BACKUP_PASSPHRASE is not set: backups are encrypted with it (at least 12 characters; keep it apart from the archives)");
  if (value.length < 12) throw new Error("CAREBEAT_BACKUP_PASSPHRASE is too short: use at least 12 characters");
  return value;
}

function nonceFor(prefix: Buffer, counter: number): Buffer {
  const n = Buffer.alloc(12);
  prefix.copy(n, 0, 0, 4);
  n.writeBigUInt64BE(BigInt(counter), 4);
  return n;
}

function aad(header: Buffer, counter: number, final: boolean): Buffer {
  const tail = Buffer.alloc(9);
  tail.writeBigUInt64BE(BigInt(counter), 0);
  tail[8] = final ? 1 : 0;
  return Buffer.concat([header, tail]);
}

/** plaintext in → archive bytes out. */
export async function encryptStream(passphrase: string): Promise<Transform> {
  const salt = randomBytes(16);
  const prefix = randomBytes(4);
  const { key, check } = await derive(passphrase, salt, KDF);
  const header: Header = {
    format: 1,
    kdf: { ...KDF, salt: salt.toString("base64") },
    cipher: "aes-256-gcm",
    frame: FRAME,
    nonce: prefix.toString("base64"),
    check: check.toString("base64"),
  };
  const headerBytes = Buffer.from(JSON.stringify(header));
  const len = Buffer.alloc(4);
  len.writeUInt32BE(headerBytes.length);
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let counter = 0;
  let wroteHeader = false;
  const seal = (plain: Buffer, final: boolean) => {
    const cipher = createCipheriv("aes-256-gcm", key, nonceFor(prefix, counter));
    cipher.setAAD(aad(headerBytes, counter, final));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    counter++;
    const head = Buffer.alloc(5);
    head.writeUInt32BE(body.length);
    head[4] = final ? 1 : 0;
    return Buffer.concat([head, body, cipher.getAuthTag()]);
  };
  const start = (t: Transform) => {
    if (!wroteHeader) t.push(Buffer.concat([MAGIC, len, headerBytes]));
    wroteHeader = true;
  };
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      start(this);
      pending.push(chunk);
      pendingBytes += chunk.length;
      while (pendingBytes > FRAME) {
        const all = Buffer.concat(pending);
        this.push(seal(all.subarray(0, FRAME), false));
        pending = [all.subarray(FRAME)];
        pendingBytes = pending[0]!.length;
      }
      done();
    },
    flush(done: TransformCallback) {
      start(this);
      this.push(seal(Buffer.concat(pending), true));
      done();
    },
  });
}

/**
 * archive bytes in → plaintext out; errors with ArchiveError on a wrong passphrase, a changed
 * byte, or a missing end. A consumer must not act on the plaintext until the stream ends without
 * an error (restore.ts stages everything first).
 */
export function decryptStream(passphrase: string): Transform {
  let buf: Buffer = Buffer.alloc(0);
  let header: Buffer | undefined;
  let key: Buffer | undefined;
  let prefix: Buffer | undefined;
  let counter = 0;
  let ended = false;
  const readHeader = async (): Promise<boolean> => {
    if (buf.length < 12) return false;
    if (!buf.subarray(0, 8).equals(MAGIC)) throw new ArchiveError("not_an_archive", "not a Carebeat backup archive (no CBBACKUP signature)");
    const n = buf.readUInt32BE(8);
    if (n > 64 * 1024) throw new ArchiveError("damaged", "the archive header is damaged");
    if (buf.length < 12 + n) return false;
    header = buf.subarray(12, 12 + n);
    let parsed: Header;
    try {
      parsed = JSON.parse(header.toString("utf8")) as Header;
    } catch {
      throw new ArchiveError("damaged", "the archive header is damaged");
    }
    if (parsed.format !== 1 || parsed.cipher !== "aes-256-gcm" || parsed.kdf?.name !== "scrypt") throw new ArchiveError("not_an_archive", "unknown archive format");
    const derived = await derive(passphrase, Buffer.from(parsed.kdf.salt, "base64"), parsed.kdf);
    const expected = Buffer.from(parsed.check, "base64");
    if (expected.length !== derived.check.length || !timingSafeEqual(expected, derived.check))
      throw new ArchiveError("wrong_passphrase", "wrong passphrase for this archive (CAREBEAT_BACKUP_PASSPHRASE)");
    key = derived.key;
    prefix = Buffer.from(parsed.nonce, "base64");
    buf = buf.subarray(12 + n);
    return true;
  };
  const damaged = () => new ArchiveError("damaged", "the archive has been altered or damaged: it is refused, nothing was restored");
  return new Transform({
    async transform(chunk: Buffer, _enc, done: TransformCallback) {
      try {
        buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
        if (!key && !(await readHeader())) return done();
        while (buf.length >= 5) {
          if (ended) throw damaged();
          const n = buf.readUInt32BE(0);
          if (n > FRAME + 16) throw damaged();
          if (buf.length < 5 + n + 16) break;
          const final = buf[4] === 1;
          const decipher = createDecipheriv("aes-256-gcm", key!, nonceFor(prefix!, counter));
          decipher.setAAD(aad(header!, counter, final));
          decipher.setAuthTag(buf.subarray(5 + n, 5 + n + 16));
          let plain: Buffer;
          try {
            plain = Buffer.concat([decipher.update(buf.subarray(5, 5 + n)), decipher.final()]);
          } catch {
            throw damaged();
          }
          counter++;
          ended = final;
          buf = buf.subarray(5 + n + 16);
          this.push(plain);
        }
        done();
      } catch (err) {
        done(err as Error);
      }
    },
    flush(done: TransformCallback) {
      if (!key) return done(new ArchiveError("not_an_archive", "not a Carebeat backup archive (too short)"));
      if (!ended || buf.length) return done(damaged());
      done();
    },
  });
}
