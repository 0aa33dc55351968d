import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import http from "node:http";
import { createHash } from "node:crypto";
import { S3Client, PutObjectCommand, GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { startS3, type RunningS3 } from "./s3";
import { localCredentials } from "./credentials";

// The offline S3 against the real SDK: what S3 refuses, it refuses (issue 18, "Offline S3 is not S3").
const dir = mkdtempSync(path.join(tmpdir(), "carebeat-s3-"));
const credentials = localCredentials();
const Bucket = "carebeat-t-invoices";
let s3: RunningS3;
let client: S3Client;
const clientWith = (accessKeyId: string, secretAccessKey: string) =>
  new S3Client({ endpoint: s3.endpoint, forcePathStyle: true, region: "us-east-1", credentials: { accessKeyId, secretAccessKey } });

before(async () => {
  s3 = await startS3({ directory: dir, buckets: { Invoices: Bucket }, credentials });
  client = clientWith(credentials.accessKeyId, credentials.secretAccessKey);
  await client.send(new PutObjectCommand({ Bucket, Key: "invoices/2026/INV-1.pdf", Body: Buffer.from("%PDF-1.7 test"), ContentType: "application/pdf" }));
});
after(async () => {
  await s3.stop();
  rmSync(dir, { recursive: true, force: true });
});

const presignGet = (opts: { expiresIn?: number; signingDate?: Date } = {}) =>
  getSignedUrl(
    client,
    new GetObjectCommand({ Bucket, Key: "invoices/2026/INV-1.pdf", ResponseContentType: "application/pdf", ResponseContentDisposition: 'inline; filename="INV-1.pdf"' }),
    {
      expiresIn: opts.expiresIn ?? 300,
      signingDate: opts.signingDate,
    },
  );

async function s3Error(res: Response) {
  const body = await res.text();
  return { status: res.status, code: /<Code>([^<]+)<\/Code>/.exec(body)?.[1], message: /<Message>([^<]+)<\/Message>/.exec(body)?.[1] };
}

test("the runtime's own credentials read and write; the presigned link opens with the overrides it signed", async () => {
  const got = await client.send(new GetObjectCommand({ Bucket, Key: "invoices/2026/INV-1.pdf" }));
  assert.equal(await got.Body!.transformToString(), "%PDF-1.7 test");
  const res = await fetch(await presignGet());
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "application/pdf");
  assert.match(res.headers.get("content-disposition") ?? "", /INV-1\.pdf/);
});

test("a tampered presigned signature, an edited expiry and an edited date answer 403 SignatureDoesNotMatch", async () => {
  const url = new URL(await presignGet());
  const sig = url.searchParams.get("X-Amz-Signature")!;
  const tampered = new URL(url);
  tampered.searchParams.set("X-Amz-Signature", (sig[0] === "a" ? "b" : "a") + sig.slice(1));
  assert.deepEqual(await s3Error(await fetch(tampered)), {
    status: 403,
    code: "SignatureDoesNotMatch",
    message: "The request signature we calculated does not match the signature you provided.",
  });
  const longer = new URL(url);
  longer.searchParams.set("X-Amz-Expires", "604800");
  assert.equal((await s3Error(await fetch(longer))).code, "SignatureDoesNotMatch");
  const otherKey = new URL(url);
  otherKey.pathname = otherKey.pathname.replace("INV-1", "INV-2");
  assert.equal((await s3Error(await fetch(otherKey))).code, "SignatureDoesNotMatch");
});

test("an expired link is refused, and stays refused when its date or expiry is edited", async () => {
  const expired = await presignGet({ expiresIn: 60, signingDate: new Date(Date.now() - 120_000) });
  assert.deepEqual(await s3Error(await fetch(expired)), { status: 403, code: "AccessDenied", message: "Request has expired" });
  const revived = new URL(expired);
  const now = new Date().toISOString().replace(/[-:]|\.\d{3}/g, "");
  revived.searchParams.set("X-Amz-Date", now);
  assert.equal((await s3Error(await fetch(revived))).status, 403);
  const tooLong = new URL(expired);
  tooLong.searchParams.set("X-Amz-Expires", "604801");
  assert.equal((await fetch(tooLong)).status, 400);
});

test("a presigned GET replayed as PUT or DELETE is refused and the object is unchanged", async () => {
  const url = await presignGet();
  const put = await fetch(url, { method: "PUT", body: "overwritten" });
  assert.equal((await s3Error(put)).code, "SignatureDoesNotMatch");
  assert.equal((await fetch(url, { method: "DELETE" })).status, 403);
  const got = await client.send(new GetObjectCommand({ Bucket, Key: "invoices/2026/INV-1.pdf" }));
  assert.equal(await got.Body!.transformToString(), "%PDF-1.7 test");
});

test("anonymous requests — get, list, put, delete — answer 403 AccessDenied", async () => {
  const base = `${s3.endpoint}/${Bucket}`;
  for (const [method, url] of [
    ["GET", `${base}/invoices/2026/INV-1.pdf`],
    ["GET", base],
    ["GET", `${s3.endpoint}/`],
    ["PUT", `${base}/x.pdf`],
    ["DELETE", `${base}/invoices/2026/INV-1.pdf`],
  ] as const) {
    const res = await fetch(url, { method, body: method === "PUT" ? "x" : undefined });
    const err = await s3Error(res);
    assert.equal(err.status, 403, `${method} ${url}`);
    assert.equal(err.code, "AccessDenied", `${method} ${url}`);
  }
  const list = await client.send(new ListObjectsV2Command({ Bucket }));
  assert.deepEqual(
    list.Contents?.map((o) => o.Key),
    ["invoices/2026/INV-1.pdf"],
  );
});

test("a wrong key id or a wrong secret is refused (the SDK sees S3's error codes)", async () => {
  await assert.rejects(clientWith("S3RVER", "S3RVER").send(new GetObjectCommand({ Bucket, Key: "invoices/2026/INV-1.pdf" })), (e: Error) => e.name === "InvalidAccessKeyId");
  await assert.rejects(clientWith(credentials.accessKeyId, "wrong").send(new ListObjectsV2Command({ Bucket })), (e: Error) => e.name === "SignatureDoesNotMatch");
  await assert.rejects(
    clientWith(credentials.accessKeyId, "wrong").send(new PutObjectCommand({ Bucket, Key: "y.pdf", Body: "y" })),
    (e: Error) => e.name === "SignatureDoesNotMatch",
  );
});

test("the same link opens under /_s3/ on another origin (the site's), and tampering is refused there too", async () => {
  // The site's server hands /_s3/… to serveSameOrigin (server.ts); a plain server here, reached
  // as "localhost" where the link was signed for 127.0.0.1, stands for "another machine's view".
  const site = http.createServer((req, res) => s3.serveSameOrigin(req, res));
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  try {
    const port = (site.address() as { port: number }).port;
    const signed = new URL(await presignGet());
    assert.ok(signed.pathname.startsWith(`/_s3/${Bucket}/`), signed.pathname);
    const relative = `${signed.pathname}${signed.search}`;
    const res = await fetch(`http://localhost:${port}${relative}`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), "%PDF-1.7 test");
    const tampered = relative.replace("INV-1.pdf?", "INV-2.pdf?");
    assert.equal((await s3Error(await fetch(`http://localhost:${port}${tampered}`))).code, "SignatureDoesNotMatch");
    assert.equal((await s3Error(await fetch(`http://localhost:${port}/_s3/${Bucket}`))).code, "AccessDenied");
    assert.equal((await fetch(`http://localhost:${port}${relative}`, { method: "PUT", body: "x" })).status, 403);
  } finally {
    await new Promise<void>((resolve) => site.close(() => resolve()));
  }
});

test("paths outside /_s3/ are not S3: 404 NoSuchBucket, signed or not", async () => {
  const res = await fetch(`${new URL(s3.endpoint).origin}/${Bucket}/invoices/2026/INV-1.pdf`);
  assert.deepEqual((await s3Error(res)).status, 404);
});

test("credentials persist in the data dir (mode 600) and survive a restart", () => {
  const d = mkdtempSync(path.join(tmpdir(), "carebeat-creds-"));
  try {
    const a = localCredentials(d);
    assert.deepEqual(localCredentials(d), a);
    assert.notDeepEqual(localCredentials(), a);
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});

test("a header-signed PUT whose body is not the one it signed is refused with XAmzContentSHA256Mismatch, and nothing is stored", async () => {
  const { signerFor } = await import("./sigv4");
  const url = new URL(`${s3.endpoint}/${Bucket}/invoices/2026/INV-1.pdf`);
  const signed = Buffer.from("%PDF-1.7 signed body");
  const hash = createHash("sha256").update(signed).digest("hex");
  const request = await signerFor(credentials, "s3").sign({
    method: "PUT",
    protocol: "http:",
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    query: {},
    headers: { host: url.host, "content-type": "application/pdf", "x-amz-content-sha256": hash, "content-length": String(signed.length) },
    body: signed,
  } as never);
  const headers = (request as unknown as { headers: Record<string, string> }).headers;
  const swapped = Buffer.from("%PDF-1.7 OTHER body!");
  assert.equal(swapped.length, signed.length);
  const refused = await fetch(url, { method: "PUT", headers, body: swapped });
  const error = await s3Error(refused);
  assert.equal(error.status, 400);
  assert.equal(error.code, "XAmzContentSHA256Mismatch");
  assert.match(error.message ?? "", /does not match what was computed/);
  const kept = await client.send(new GetObjectCommand({ Bucket, Key: "invoices/2026/INV-1.pdf" }));
  assert.equal(await kept.Body!.transformToString(), "%PDF-1.7 test");
  // The same signed request with the body it signed is stored (the check is not a refusal of every PUT).
  const accepted = await fetch(url, { method: "PUT", headers, body: signed });
  assert.equal(accepted.status, 200, await accepted.text());
  const now = await client.send(new GetObjectCommand({ Bucket, Key: "invoices/2026/INV-1.pdf" }));
  assert.equal(await now.Body!.transformToString(), "%PDF-1.7 signed body");
  await client.send(new PutObjectCommand({ Bucket, Key: "invoices/2026/INV-1.pdf", Body: Buffer.from("%PDF-1.7 test"), ContentType: "application/pdf" }));
});
