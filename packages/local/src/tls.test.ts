import { test } from "node:test";
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import https from "node:https";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import WebSocket from "ws";
import { freePort } from "./ports";
import { startRuntime, killRuntimes, stopRuntime } from "./runtime-process";

/**
 * The offline home over HTTPS (docs/self-hosting.md, "HTTPS"), as a browser on another machine
 * would use it: a generated certificate, the Secure refresh cookie set and refresh working over
 * it, the live dashboard's WebSocket over wss://, an invoice PDF downloaded through its link;
 * and a network HOST without HTTPS refusing to start.
 */
const admin = { CAREBEAT_ADMIN_EMAIL: "boss@clinic.test", CAREBEAT_ADMIN_PASSWORD: "first-admin-password" };

function request(port: number, ca: string, method: string, p: string, headers: Record<string, string> = {}, body?: unknown) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = https.request(
      {
        host: "127.0.0.1",
        servername: "localhost",
        port,
        method,
        path: p,
        ca,
        headers: { host: `localhost:${port}`, ...(payload ? { "content-type": "application/json" } : {}), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}
const json = (r: { body: Buffer }) => JSON.parse(r.body.toString("utf8"));

test("a network HOST without HTTPS refuses to start, and says what to set", { timeout: 120_000 }, async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "cb-tls-"));
  try {
    const rt = startRuntime({ HOST: "0.0.0.0", PORT: String(await freePort()), CAREBEAT_DATA_DIR: dataDir });
    await assert.rejects(rt.ready, /exited 1/);
    assert.match(rt.output(), /CAREBEAT_TLS=self-signed/);
    assert.match(rt.output(), /CAREBEAT_TLS_CERT and CAREBEAT_TLS_KEY/);
    assert.match(rt.output(), /CAREBEAT_TRUST_PROXY=1/);
  } finally {
    killRuntimes();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test("self-signed HTTPS: fingerprint printed, Secure refresh cookie, refresh, wss://, the PDF link", { timeout: 300_000 }, async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "cb-tls-"));
  const port = await freePort();
  try {
    const rt = startRuntime({ ...admin, PORT: String(port), CAREBEAT_DATA_DIR: dataDir, CAREBEAT_TLS: "self-signed" });
    await rt.ready;
    const cert = readFileSync(path.join(dataDir, "tls", "cert.pem"), "utf8");
    assert.equal(statSync(path.join(dataDir, "tls", "key.pem")).mode & 0o777, 0o600, "the key is 0600");
    const x = new X509Certificate(cert);
    assert.ok(rt.output().includes(x.fingerprint256), "the log names the certificate's fingerprint");
    assert.match(x.subjectAltName ?? "", /DNS:localhost/);

    const login = await request(port, cert, "POST", "/api/auth/login", {}, { email: "boss@clinic.test", password: "first-admin-password" });
    assert.equal(login.status, 200, login.body.toString());
    assert.match(String(login.headers["strict-transport-security"]), /max-age=\d+/, "HSTS over HTTPS");
    const cookie = ([] as string[]).concat(login.headers["set-cookie"] ?? []).find((c) => c.startsWith("__Secure-carebeat-refresh="));
    assert.ok(cookie, "the refresh cookie is set");
    assert.match(cookie!, /; Secure/i);
    assert.match(cookie!, /HttpOnly/i);
    const refreshed = await request(port, cert, "POST", "/api/auth/refresh", { cookie: cookie!.split(";")[0]!, "x-carebeat-csrf": "1", origin: `https://localhost:${port}` });
    assert.equal(refreshed.status, 200, refreshed.body.toString());
    const token = json(refreshed).accessToken as string;
    assert.ok(token);

    // The dashboard's WebSocket on the same origin, over TLS.
    const ws = new WebSocket(`wss://localhost:${port}/ws?token=${token}`, { ca: cert });
    await new Promise<void>((resolve, reject) => (ws.once("open", () => resolve()), ws.once("error", reject)));
    ws.close();
    // A token-less upgrade is still refused over wss.
    const anon = new WebSocket(`wss://localhost:${port}/ws`, { ca: cert });
    await assert.rejects(new Promise((resolve, reject) => (anon.once("open", resolve), anon.once("error", reject))));

    // An invoice PDF through its presigned link, on the HTTPS origin.
    const auth = { authorization: `Bearer ${token}` };
    const allWeek = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: "00:00", end: "24:00" }));
    const doctor = json(
      await request(port, cert, "POST", "/api/doctors", auth, {
        name: "Dr Tls",
        specialty: "General practice",
        visitFeeCents: 5000,
        currency: "EUR",
        timezone: "UTC",
        workingHours: allWeek,
      }),
    );
    const patient = json(await request(port, cert, "POST", "/api/patients", auth, { name: { given: "Tia", family: "Secure" } }));
    const startsAt = new Date(Math.ceil((Date.now() + 86_400_000) / 1_800_000) * 1_800_000);
    const booked = await request(port, cert, "POST", "/api/appointments", auth, {
      doctorId: doctor.id,
      patientId: patient.id,
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 1_800_000).toISOString(),
    });
    assert.equal(booked.status, 201, booked.body.toString());
    let invoice: any;
    for (const until = Date.now() + 60_000; !(invoice?.status === "issued"); await new Promise((r) => setTimeout(r, 250))) {
      if (Date.now() > until) throw new Error(`not issued: ${JSON.stringify(invoice)}`);
      invoice = json(await request(port, cert, "GET", "/api/invoices?limit=10", auth)).items.find((i: any) => i.appointmentId === json(booked).id);
    }
    const link = json(await request(port, cert, "GET", `/api/invoices/${invoice.id}/pdf?format=json`, auth));
    const url = new URL(link.url, `https://localhost:${port}`);
    assert.equal(url.protocol, "https:");
    const pdf = await request(port, cert, "GET", url.pathname + url.search);
    assert.equal(pdf.status, 200, pdf.body.toString().slice(0, 300));
    assert.equal(pdf.body.subarray(0, 5).toString(), "%PDF-");
    assert.equal(await stopRuntime(rt.child), 0);

    // The certificate is made once: a restart serves the same one.
    const again = startRuntime({ ...admin, PORT: String(port), CAREBEAT_DATA_DIR: dataDir, CAREBEAT_TLS: "self-signed" });
    await again.ready;
    assert.ok(again.output().includes(x.fingerprint256), "same certificate after a restart");
    assert.equal(await stopRuntime(again.child), 0);
  } finally {
    killRuntimes();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test("behind a proxy: X-Forwarded-Proto is honoured only with CAREBEAT_TRUST_PROXY, and HSTS goes only over HTTPS", { timeout: 180_000 }, async () => {
  const dirs = [mkdtempSync(path.join(tmpdir(), "cb-tls-")), mkdtempSync(path.join(tmpdir(), "cb-tls-"))];
  try {
    const proxied = await freePort();
    const plain = await freePort();
    const behind = startRuntime({ HOST: "0.0.0.0", PORT: String(proxied), CAREBEAT_DATA_DIR: dirs[0]!, CAREBEAT_TRUST_PROXY: "1" });
    const local = startRuntime({ PORT: String(plain), CAREBEAT_DATA_DIR: dirs[1]! });
    await Promise.all([behind.ready, local.ready]);
    const hsts = async (port: number, headers: Record<string, string>) => (await fetch(`http://127.0.0.1:${port}/health`, { headers })).headers.get("strict-transport-security");
    assert.match(String(await hsts(proxied, { "x-forwarded-proto": "https", "x-forwarded-host": "clinic.example" })), /max-age/, "the trusted proxy says HTTPS");
    assert.equal(await hsts(proxied, {}), null, "plain HTTP from the proxy: no HSTS");
    assert.equal(await hsts(plain, { "x-forwarded-proto": "https" }), null, "an untrusted X-Forwarded-Proto is ignored");
    assert.equal(await hsts(plain, {}), null, "no HSTS over plain HTTP");
    assert.equal(await stopRuntime(behind.child), 0);
    assert.equal(await stopRuntime(local.child), 0);
  } finally {
    killRuntimes();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
});
