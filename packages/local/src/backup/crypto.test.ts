import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Writable } from "node:stream";
import { encryptStream, decryptStream, ArchiveError } from "./crypto";
import { encodeEntries, verifyEntries } from "./container";

async function collect(src: Readable, ...through: NodeJS.ReadWriteStream[]): Promise<Buffer> {
  const out: Buffer[] = [];
  await (pipeline as unknown as (...s: unknown[]) => Promise<void>)(src, ...through, new Writable({ write: (c, _e, d) => (out.push(c), d()) }));
  return Buffer.concat(out);
}

const PASS = "correct horse battery staple";
// Three and a half frames, so frame boundaries and the final frame are exercised.
const plain = randomBytes(3.5 * 1024 * 1024);

test("round trip: what goes in comes out, and differs from the plaintext on disk", async () => {
  const sealed = await collect(Readable.from([plain.subarray(0, 1000), plain.subarray(1000)]), await encryptStream(PASS));
  assert.equal(sealed.subarray(0, 8).toString(), "CBBACKUP");
  assert.equal(sealed.indexOf(plain.subarray(5000, 5064)), -1, "no plaintext in the archive");
  const opened = await collect(Readable.from([sealed]), decryptStream(PASS));
  assert.ok(opened.equals(plain));
});

test("a wrong passphrase, a flipped byte, a dropped tail, an appended frame: refused with what is wrong", async () => {
  const sealed = await collect(Readable.from([plain]), await encryptStream(PASS));
  const code = async (bytes: Buffer, pass = PASS) => {
    try {
      await collect(Readable.from([bytes]), decryptStream(pass));
      return "accepted";
    } catch (err) {
      assert.ok(err instanceof ArchiveError, String(err));
      return err.code;
    }
  };
  assert.equal(await code(sealed, "not the passphrase"), "wrong_passphrase");
  const flipped = Buffer.from(sealed);
  flipped[flipped.length - 2_000_000]! ^= 1;
  assert.equal(await code(flipped), "damaged");
  assert.equal(await code(sealed.subarray(0, sealed.length - 1_100_000)), "damaged", "cut at a frame boundary or not, a missing final frame is refused");
  assert.equal(await code(Buffer.concat([sealed, sealed.subarray(sealed.length - 100)])), "damaged");
  const header = Buffer.from(sealed);
  header[20]! ^= 1;
  assert.notEqual(await code(header), "accepted");
  assert.equal(await code(Buffer.from("PK\u0003\u0004 not ours")), "not_an_archive");
});

test("the record check passes a whole archive and fails a cut one", async () => {
  const entries = [
    { name: "manifest.json", data: Buffer.from("{}") },
    { name: "s3/Invoices/00000001", data: [randomBytes(70_000), randomBytes(3)] },
  ];
  const whole = await collect(Readable.from(encodeEntries(entries)));
  assert.ok((await collect(Readable.from([whole.subarray(0, 10), whole.subarray(10)]), verifyEntries())).equals(whole));
  await assert.rejects(collect(Readable.from([whole.subarray(0, whole.length - 1)]), verifyEntries()), /ended early/);
});
