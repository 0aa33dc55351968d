import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "./ports";

/**
 * docs/observability.md, as a new user would see it: `npm start`'s entry point runs as a real
 * process with everything it writes captured; a patient with a distinctive name is created,
 * books, is read, is billed, reaches analytics and the invoice push. Then:
 * - no line holds the patient's name, email, phone, the tokens or the password;
 * - the booking's request id (`x-request-id`) is the correlation id on the lines of the API,
 *   every billing task, the relay, the analytics batch and the invoice push;
 * - handler lines are JSON, and the metrics are CloudWatch EMF.
 */
const GIVEN = "Zyxwvutsson";
const FAMILY = "Qxjvbrekkadottir";
const EMAIL = "zyxwvutsson.q@clinic-example.test";
const PHONE = "+15557654321";
const PASSWORD = "a very long patient passphrase";

const children = new Set<ChildProcess>();

test("no patient data, token or body in any line the runtime writes; one correlation id from booking to push", { timeout: 240_000 }, async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "carebeat-obs-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const { DATABASE_URL: _ignored, POWERTOOLS_METRICS_DISABLED: _shown, ...inherited } = process.env;
  const child = spawn(process.execPath, ["--import", "tsx", "packages/local/src/main.ts"], {
    // DEBUG: lines a developer would switch on must be clean too.
    env: {
      ...inherited,
      PORT: String(port),
      CAREBEAT_DATA_DIR: dataDir,
      CAREBEAT_ADMIN_EMAIL: "boss@clinic.test",
      CAREBEAT_ADMIN_PASSWORD: "first-admin-password",
      POWERTOOLS_LOG_LEVEL: "DEBUG",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const waitFor = async (what: string, ok: () => boolean, ms = 60_000) => {
    const deadline = Date.now() + ms;
    while (!ok()) {
      if (Date.now() > deadline) {
        const file = path.join(tmpdir(), "carebeat-observability-runtime.log");
        writeFileSync(file, output);
        throw new Error(`${what} not seen in ${ms} ms; the runtime's whole output is in ${file}`);
      }
      if (child.exitCode !== null) throw new Error(`runtime exited ${child.exitCode}:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const call = async (method: string, p: string, body?: unknown, token?: string, extra: Record<string, string> = {}) => {
    const res = await fetch(base + p, {
      method,
      headers: { ...(body ? { "content-type": "application/json" } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, requestId: res.headers.get("x-request-id"), etag: res.headers.get("etag"), body: text ? JSON.parse(text) : undefined };
  };
  try {
    await waitFor("ready", () => output.includes("ready in"));
    const admin = await call("POST", "/api/auth/login", { email: "boss@clinic.test", password: "first-admin-password" });
    assert.equal(admin.status, 200);
    const adminToken = admin.body.accessToken as string;
    const allWeek = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: "00:00", end: "24:00" }));
    const doctor = await call(
      "POST",
      "/api/doctors",
      { name: "Dr Obs", specialty: "General practice", visitFeeCents: 8000, currency: "EUR", timezone: "UTC", workingHours: allWeek },
      adminToken,
    );
    assert.equal(doctor.status, 201, JSON.stringify(doctor.body));

    // The patient signs up, signs in and books; staff then read the record.
    assert.equal((await call("POST", "/api/auth/register", { email: EMAIL, password: PASSWORD, name: `${GIVEN} ${FAMILY}` })).status, 202);
    const login = await call("POST", "/api/auth/login", { email: EMAIL, password: PASSWORD });
    assert.equal(login.status, 200);
    const patientToken = login.body.accessToken as string;
    const patientId = login.body.user.patientId as string;
    const read = await call("GET", `/api/patients/${patientId}`, undefined, adminToken);
    const update = await call("PATCH", `/api/patients/${patientId}`, { name: { given: GIVEN, family: FAMILY }, contact: { email: EMAIL, phone: PHONE } }, adminToken, {
      "if-match": read.etag!,
    });
    assert.equal(update.status, 200, JSON.stringify(update.body));
    // A record created by staff, and a refused one that echoes the name in a 400 (the body is not logged).
    assert.equal((await call("POST", "/api/patients", { name: { given: GIVEN, family: `${FAMILY}-two` }, contact: { email: `two.${EMAIL}` } }, adminToken)).status, 201);
    assert.equal((await call("POST", "/api/patients", { name: { given: GIVEN, family: FAMILY }, colour: GIVEN }, adminToken)).status, 400);

    const start = new Date(Date.now() + 2 * 86_400_000);
    start.setUTCHours(10, 0, 0, 0);
    const booking = await call(
      "POST",
      "/api/appointments",
      { doctorId: doctor.body.id, patientId, startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 30 * 60_000).toISOString(), reason: `${GIVEN} has a cough` },
      patientToken,
    );
    assert.equal(booking.status, 201, JSON.stringify(booking.body));
    const correlationId = booking.requestId!;
    assert.match(correlationId, /^req_/);
    assert.equal((await call("GET", `/api/patients/${patientId}`, undefined, adminToken)).status, 200);
    assert.equal((await call("GET", `/api/appointments/${booking.body.id}`, undefined, patientToken)).status, 200);
    assert.equal((await call("GET", `/api/patients?q=${GIVEN}`, undefined, adminToken)).status < 500, true);
    // A refused token is audited, not logged.
    assert.equal((await call("GET", `/api/patients/${patientId}`, undefined, `${patientToken}x`)).status, 401);

    // Billing issues the invoice, the relay publishes it, analytics and the invoice push consume.
    const lines = () =>
      output
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as Record<string, any>);
    const carries = (l: Record<string, any>) => l.correlationId === correlationId || (Array.isArray(l.correlationIds) && l.correlationIds.includes(correlationId));
    const handlers = () =>
      new Set(
        lines()
          .filter(carries)
          .map((l) => String(l.handler ?? l.message)),
      );
    const expected = ["api", "billing.LoadContext", "billing.PriceVisit", "billing.CreateInvoice", "billing.AssignNumber", "billing.RenderPdf", "billing.IssueInvoice"];
    await waitFor("the booking's correlation id through billing, the relay, analytics and the push", () => {
      const seen = handlers();
      const relayed = lines().some((l) => l.message === "relay.published" && carries(l));
      return expected.every((h) => seen.has(h)) && relayed && seen.has("analytics") && seen.has("invoice-push");
    });
    const invoices = await call("GET", `/api/invoices?appointmentId=${booking.body.id}`, undefined, adminToken);
    assert.equal(invoices.body.items[0]?.status, "issued");

    const all = output;
    for (const [what, secret] of [
      ["given name", GIVEN],
      ["family name", FAMILY],
      ["email", EMAIL],
      ["phone", PHONE],
      ["patient password", PASSWORD],
      ["admin password", "first-admin-password"],
      ["access token", patientToken],
      ["admin token", adminToken],
      ["token signature", patientToken.split(".")[2]!],
    ] as const) {
      assert.ok(!all.toLowerCase().includes(secret.toLowerCase()), `the runtime's output holds the ${what}`);
    }
    // Every handler line is one JSON object with level, message, service and stage; metrics are EMF.
    const json = lines();
    assert.ok(json.length > 10, `structured lines: ${json.length}`);
    for (const l of json.filter((l) => !l._aws)) {
      assert.ok(l.level && l.message && l.service === "carebeat" && l.stage === "local" && l.timestamp, JSON.stringify(l));
    }
    const emf = json.filter((l) => l._aws);
    const metric = (name: string) => emf.filter((l) => l._aws.CloudWatchMetrics[0].Metrics.some((m: any) => m.Name === name));
    for (const name of ["BookingsCreated", "InvoicesIssued", "EventsPublished", "EventsApplied", "PushLatency"]) assert.ok(metric(name).length > 0, `EMF metric ${name}`);
    assert.deepEqual(metric("BookingsCreated")[0]._aws.CloudWatchMetrics[0], {
      Namespace: "Carebeat",
      Dimensions: [["service", "stage"]],
      Metrics: [{ Name: "BookingsCreated", Unit: "Count" }],
    });
    const access = json.find((l) => l.message === "api.request" && l.requestId === correlationId);
    assert.deepEqual([access?.method, access?.route, access?.status], ["POST", "/api/appointments", 201]);
  } finally {
    for (const c of children) c.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  }
});
