import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import net from "node:net";
import { startTestApp, type TestApp } from "./testing";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startServer, type RunningServer } from "./server";

/**
 * Limits seen from outside, through the real Node server the runtime uses (not `app.request`):
 * oversize bodies and headers, and the per-address sign-in throttle, which needs a socket.
 */
let t: TestApp;
let server: RunningServer;
let doc: any;
before(async () => {
  t = await startTestApp();
  // A stand-in for the built site, so the site's headers are checked on the real server too.
  const webDist = mkdtempSync(path.join(tmpdir(), "carebeat-web-"));
  writeFileSync(path.join(webDist, "index.html"), "<!doctype html><title>Carebeat</title>");
  server = await startServer({ port: 0, webDist });
  doc = (await t.call("GET", "/openapi.json")).body;
});
after(async () => {
  await server?.stop();
  await t?.stop();
});

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Stream `bytes` of body (declared with Content-Length, or chunked), stopping when the server answers. */
function send(method: string, path: string, opts: { bytes?: number; chunked?: boolean; headers?: Record<string, string>; body?: string } = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { "content-type": "application/json", ...opts.headers };
    if (opts.bytes !== undefined && !opts.chunked) headers["content-length"] = String(opts.bytes);
    // Node's client frames DELETE without a body by default: ask for chunked explicitly.
    if (opts.chunked) headers["transfer-encoding"] = "chunked";
    if (opts.body !== undefined) headers["content-length"] = String(Buffer.byteLength(opts.body));
    const req = http.request(`${server.url}${path}`, { method, headers, agent: false });
    let answered = false;
    req.on("response", (res) => {
      answered = true;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      res.on("error", reject);
    });
    // The server may close while we are still sending (it has refused the body): a reset
    // before any answer is reported as status 0, so the caller can tell it from a 413.
    req.on("error", (err: NodeJS.ErrnoException) =>
      answered ? undefined : ["EPIPE", "ECONNRESET"].includes(err.code ?? "") ? resolve({ status: 0, headers: {}, body: err.code! }) : reject(err),
    );
    if (opts.body !== undefined) return void req.end(opts.body);
    let left = opts.bytes ?? 0;
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const pump = () => {
      while (left > 0 && !answered) {
        const n = Math.min(left, chunk.length);
        left -= n;
        if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
}

const MB = 1024 * 1024;
const fill = (p: string) => p.replace(/\{(\w+)\}/g, "x_01jzzzzzzzzzzzzzzzzzzzzzzz");

test("a 20 MB body to every route → 413 problem+json, and the runtime keeps serving", { timeout: 300_000 }, async () => {
  const ops = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, o]) => Object.keys(o).map((m) => ({ method: m.toUpperCase(), path: fill(p) })));
  assert.ok(ops.length >= 20);
  const before = process.memoryUsage().rss;
  for (const o of ops) {
    const res = await send(o.method, o.path, { bytes: 20 * MB });
    assert.equal(res.status, 413, `${o.method} ${o.path}: ${res.status} ${res.body.slice(0, 200)}`);
    // Under /fhir every error is an OperationOutcome (docs/fhir.md), with the same code.
    const fhir = o.path.startsWith("/fhir/");
    assert.match(String(res.headers["content-type"]), fhir ? /application\/fhir\+json/ : /application\/problem\+json/);
    const body = JSON.parse(res.body);
    assert.equal(fhir ? body.issue[0].details.coding[0].code : body.code, "body_too_large");
    // The rest of the body is not read, so the connection ends with this answer, and it says so.
    assert.equal(res.headers.connection, "close", `${o.method} ${o.path}: Connection ${res.headers.connection}`);
  }
  // Chunked (no Content-Length): counted while streaming, refused at the limit.
  for (const o of ops.filter((o) => o.method !== "GET")) {
    const res = await send(o.method, o.path, { bytes: 20 * MB, chunked: true });
    assert.equal(res.status, 413, `chunked ${o.method} ${o.path}: ${res.status} ${res.body.slice(0, 200)}`);
  }
  // Ten at once, 256 MB declared each: nothing is buffered, nothing falls over.
  const burst = await Promise.all(Array.from({ length: 10 }, () => send("POST", "/api/auth/login", { bytes: 256 * MB })));
  assert.ok(burst.every((r) => r.status === 413));
  assert.ok(process.memoryUsage().rss - before < 200 * MB, "bodies were not buffered");
  const health = await fetch(`${server.url}/health`);
  assert.equal(health.status, 200);
});

test("auth routes take a few KB; a patient record more", async () => {
  const login = await send("POST", "/api/auth/register", { body: JSON.stringify({ email: "a@b.co", password: "x".repeat(5000), name: "A" }) });
  assert.equal(login.status, 413);
  const staff = await t.user("staff");
  const big = await send("POST", "/api/patients", { headers: { authorization: `Bearer ${staff.token}` }, body: JSON.stringify({ name: "Ann Lee", notes: "x".repeat(20_000) }) });
  assert.notEqual(big.status, 413, "a 20 KB patient body is within the patients limit");
});

test("oversize headers → 431 problem+json, and the server keeps serving", async () => {
  const res = await new Promise<string>((resolve, reject) => {
    const socket = net.connect(server.port, "127.0.0.1", () => socket.write(`GET /api/auth/me HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(40_000)}\r\n\r\n`));
    let data = "";
    socket.on("data", (d) => (data += d));
    socket.on("end", () => resolve(data));
    socket.on("error", reject);
  });
  assert.match(res, /^HTTP\/1.1 431/);
  assert.match(res, /application\/problem\+json/);
  assert.equal(JSON.parse(res.slice(res.indexOf("\r\n\r\n") + 4)).code, "headers_too_large");
  assert.equal((await fetch(`${server.url}/health`)).status, 200);
});

test("one source address cannot spray guesses over many accounts", { timeout: 120_000 }, async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 35; i++) {
    const res = await send("POST", "/api/auth/login", { body: JSON.stringify({ email: `spray-${i}-${Date.now()}@test.carebeat`, password: "guess-guess" }) });
    statuses.push(res.status);
    if (res.status === 429) assert.ok(Number(res.headers["retry-after"]) > 0);
  }
  assert.equal(statuses.filter((s) => s === 401).length, 30, JSON.stringify(statuses));
  assert.equal(statuses.filter((s) => s === 429).length, 5);
});

// HSTS: the app sets it (in AWS every answer comes through CloudFront over HTTPS); this server is
// plain HTTP, where RFC 6797 §7.2 says not to send it, so the offline home drops it (issue 22).
// HSTS over HTTPS and through a trusted proxy: tls.test.ts.
test("site, /docs and API answers carry CSP, frame protection, nosniff, referrer policy, and HSTS only over HTTPS", async () => {
  for (const p of ["/", "/patients/pat_1", "/docs", "/docs/interactive", "/openapi.json", "/api/auth/me", "/api/nope", "/health"]) {
    const res = await fetch(`${server.url}${p}`);
    const csp = res.headers.get("content-security-policy") ?? "";
    assert.match(csp, /frame-ancestors 'none'/, `${p}: ${csp}`);
    assert.equal(res.headers.get("x-frame-options"), "DENY", p);
    assert.equal(res.headers.get("x-content-type-options"), "nosniff", p);
    assert.equal(res.headers.get("referrer-policy"), "no-referrer", p);
    assert.equal(res.headers.get("strict-transport-security"), null, `${p}: no HSTS over plain HTTP`);
    if (!p.startsWith("/docs") && p !== "/" && !p.startsWith("/patients")) assert.match(csp, /default-src 'none'/, p);
  }
  const site = await fetch(`${server.url}/`);
  assert.match(site.headers.get("content-security-policy")!, /script-src 'self'(;|$)/);
  const docs = await fetch(`${server.url}/docs`);
  assert.doesNotMatch(docs.headers.get("content-security-policy")!, /script-src/, "the reference page runs no script");
});

test("the interactive reference loads only a pinned, integrity-checked script under a nonce CSP", async () => {
  const res = await fetch(`${server.url}/docs/interactive`);
  const html = await res.text();
  const csp = res.headers.get("content-security-policy")!;
  const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]!);
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  assert.ok(nonce, csp);
  const external = scripts.filter((a) => /src=/.test(a));
  assert.equal(external.length, 1, html);
  assert.match(external[0]!, /src="https:\/\/cdn\.jsdelivr\.net\/npm\/@scalar\/api-reference@\d+\.\d+\.\d+\/dist\/browser\/standalone\.js"/);
  assert.match(external[0]!, /integrity="sha384-[A-Za-z0-9+/=]{64}"/);
  for (const attrs of scripts) assert.ok(attrs.includes(`nonce="${nonce}"`), attrs);
  assert.doesNotMatch(csp, /unsafe-eval|script-src[^;]*unsafe-inline|script-src[^;]*\*/);
  assert.notEqual((await fetch(`${server.url}/docs/interactive`)).headers.get("content-security-policy"), csp, "a fresh nonce per request");
});

test("every answer carries x-request-id (errors too, matching the body); the JWKS stays publicly cacheable", async () => {
  for (const [p, init] of [
    ["/api/auth/me", {}],
    ["/api/auth/me", { headers: { authorization: "Bearer nope" } }],
    ["/api/nope", {}],
    ["/api/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: "{" }],
    ["/health", {}],
    ["/openapi.json", {}],
  ] as const) {
    const res = await fetch(`${server.url}${p}`, init as RequestInit);
    const id = res.headers.get("x-request-id");
    assert.match(id ?? "", /^req_/, `${p} ${res.status}`);
    if (res.status >= 400) assert.equal((await res.json()).requestId, id);
  }
  const jwks = await fetch(`${server.url}/api/auth/jwks.json`);
  assert.equal(jwks.headers.get("cache-control"), "public, max-age=300");
  assert.equal((await fetch(`${server.url}/api/auth/me`)).headers.get("cache-control"), "no-store");
});
