import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { sql } from "drizzle-orm";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { startTestApp, type TestApp, type TestUser } from "@carebeat/local/testing";
import { slot, problem, newDoctor as createDoctor, newPatient } from "./clinic.fixtures";

/**
 * Billing end to end through the API and the local Step Functions endpoint: booking starts
 * the execution (StartExecution after commit), the workflow issues the invoice, the API
 * reads progress with DescribeExecution/GetExecutionHistory — the calls AWS gets.
 */
// The definition's RenderPdf backoff is 1 s, 2 s, 4 s; the local endpoint scales waits down for tests.
process.env.CAREBEAT_SFN_RETRY_SCALE ??= "0.05";

let t: TestApp;
let admin: TestUser;
let staff: TestUser;
let patient: { token: string; patientId: string; family: string };
let n = 0;

before(async () => {
  t = await startTestApp();
  admin = await t.user("admin");
  staff = await t.user("staff");
  const email = `payer${Date.now()}@example.com`;
  // Registration answers 202 without ids (no account enumeration, docs/auth.md); sign in to learn them.
  assert.equal((await t.call("POST", "/api/auth/register", { body: { email, password: "correct horse battery", name: "Pia Payer" } })).status, 202);
  const login = await t.call("POST", "/api/auth/login", { body: { email, password: "correct horse battery" } });
  const patientId = login.body.user.patientId as string;
  const me = await t.call("GET", `/api/patients/${patientId}`, { token: login.body.accessToken });
  assert.equal(me.status, 200, JSON.stringify(me.body));
  patient = { token: login.body.accessToken, patientId, family: me.body.name.family };
});
after(async () => t?.stop());

const newDoctor = (extra: Record<string, unknown> = {}) => createDoctor(t, admin.token, extra);

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function book(doctorId: string, patientId: string, token = staff.token) {
  const res = await t.call("POST", "/api/appointments", { token, body: { doctorId, patientId, ...slot(n++) } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as { id: string };
}

async function invoiceFor(appointmentId: string, status: string, timeoutMs?: number) {
  return waitFor(
    `invoice of ${appointmentId} ${status}`,
    async () => {
      const res = await t.call("GET", `/api/invoices?appointmentId=${appointmentId}`, { token: staff.token });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.ok(res.body.items.length <= 1, "at most one invoice per appointment");
      return res.body.items[0]?.status === status ? res.body.items[0] : undefined;
    },
    timeoutMs,
  );
}

test("booking with an 80.00 fee → one issued invoice (latency: npm run bench); its PDF reads right; only the patient, staff and admin may download it", async () => {
  const doctor = await newDoctor({ visitFeeCents: 8000, currency: "EUR", name: `Dr Ada ${Date.now()}` });
  const a = await book(doctor.id, patient.patientId, patient.token);
  // Booking → issued latency is measured in `npm run bench`; a loaded CI machine is no benchmark.
  const invoice = await invoiceFor(a.id, "issued");
  assert.match(invoice.number, /^\d{4}-\d{6}$/);
  assert.equal(invoice.totalCents, 8000);
  assert.equal(invoice.balanceCents, 8000);

  const redirect = await t.call("GET", `/api/invoices/${invoice.id}/pdf`, { token: patient.token });
  assert.equal(redirect.status, 302, JSON.stringify(redirect.body));
  const url = redirect.headers.get("location")!;
  assert.match(url, /X-Amz-Expires=300/);
  // Offline the link is root-relative (/_s3/… on whichever origin reached the site: invoice/store.ts);
  // here it is opened on the S3 port, which serves the same paths (web/e2e opens it on the site's).
  assert.match(url, /^\/_s3\/carebeat-test-invoices\//);
  const s3Origin = new URL(t.stack.resources.s3Endpoint).origin;
  const pdf = Buffer.from(await (await fetch(new URL(url, s3Origin))).arrayBuffer());
  assert.equal(pdf.subarray(0, 5).toString(), "%PDF-");
  const text = execFileSync("pdftotext", ["-layout", "-", "-"], { input: pdf }).toString();
  for (const expected of [patient.family, doctor.name, "consultation", "80.00", invoice.number]) assert.ok(text.includes(expected), `${expected} in the PDF:\n${text}`);

  assert.equal((await t.call("GET", `/api/invoices/${invoice.id}/pdf`, { token: staff.token })).status, 302);
  const doctorUser = await t.user("doctor", { doctorId: doctor.id });
  problem(await t.call("GET", `/api/invoices/${invoice.id}/pdf`, { token: doctorUser.token }), 403);
  const stranger = await t.user("patient", { patientId: await newPatient(t, staff.token) });
  problem(await t.call("GET", `/api/invoices/${invoice.id}/pdf`, { token: stranger.token }), 403);
  problem(await t.call("GET", `/api/invoices/${invoice.id}`, { token: stranger.token }), 403);
  // The doctor reads the invoice of their own patient, not its PDF.
  assert.equal((await t.call("GET", `/api/invoices/${invoice.id}`, { token: doctorUser.token })).status, 200);

  const { useDb } = await import("@carebeat/core/drizzle");
  const audit = (await useDb().execute(sql`select action, outcome, actor_role from audit_log where resource_id = ${invoice.id} order by at`)) as unknown as any[];
  // The doctor is refused by the route's role check (audited as `invoices.get`), the other patient by the record rule.
  const downloads = audit.filter((r) => r.action === "invoice.download" || r.action === "invoices.get");
  assert.deepEqual(
    downloads.map((r) => `${r.actor_role}:${r.outcome}`),
    ["patient:success", "staff:success", "doctor:denied", "patient:denied"],
  );

  // `?format=json`: the same presigned URL as JSON (a page cannot read a redirect's Location), audited the same way.
  const link = await t.call("GET", `/api/invoices/${invoice.id}/pdf?format=json`, { token: patient.token });
  assert.equal(link.status, 200, JSON.stringify(link.body));
  const { url: jsonUrl, expiresAt } = link.body as { url: string; expiresAt: string };
  assert.match(jsonUrl, /X-Amz-Expires=300/);
  assert.ok(Math.abs(Date.parse(expiresAt) - Date.now() - 300_000) < 10_000, expiresAt);
  const viaJson = await fetch(new URL(jsonUrl, s3Origin));
  assert.equal(viaJson.headers.get("content-type"), "application/pdf");
  assert.equal(
    Buffer.from(await viaJson.arrayBuffer())
      .subarray(0, 5)
      .toString(),
    "%PDF-",
  );
  problem(await t.call("GET", `/api/invoices/${invoice.id}/pdf?format=json`, { token: doctorUser.token }), 403);
  const after = (await useDb().execute(
    sql`select actor_role, outcome from audit_log where resource_id = ${invoice.id} and action = 'invoice.download' order by at`,
  )) as unknown as any[];
  assert.deepEqual(
    after.map((r) => `${r.actor_role}:${r.outcome}`),
    ["patient:success", "staff:success", "patient:denied", "patient:success"],
  );
});

test("a patient lists only their own invoices; filters and the cursor work", async () => {
  const doctor = await newDoctor();
  const mine = await book(doctor.id, patient.patientId, patient.token);
  const other = await book(doctor.id, await newPatient(t, staff.token));
  await invoiceFor(mine.id, "issued");
  await invoiceFor(other.id, "issued");
  const own = await t.call("GET", "/api/invoices?limit=200", { token: patient.token });
  assert.equal(own.status, 200);
  assert.ok(own.body.items.length >= 1);
  assert.ok(own.body.items.every((i: any) => i.patientId === patient.patientId));
  const other403 = await t.call("GET", `/api/invoices?patientId=${encodeURIComponent("pat_someoneelse")}`, { token: patient.token });
  problem(other403, 403);
  const byDoctor = await t.call("GET", `/api/invoices?doctorId=${doctor.id}&limit=1`, { token: staff.token });
  assert.equal(byDoctor.body.items.length, 1);
  assert.ok(byDoctor.body.nextCursor);
  const page2 = await t.call("GET", `/api/invoices?doctorId=${doctor.id}&limit=1&cursor=${byDoctor.body.nextCursor}`, { token: staff.token });
  assert.equal(page2.body.items.length, 1);
  assert.notEqual(page2.body.items[0].id, byDoctor.body.items[0].id);
  assert.equal(page2.body.nextCursor, null);
  const issued = await t.call("GET", `/api/invoices?doctorId=${doctor.id}&status=issued`, { token: staff.token });
  assert.equal(issued.body.items.length, 2);
  // Rows name their patient and doctor (no request per row), and the list's audit row names every patient shown.
  const row = issued.body.items.find((i: any) => i.patientId === patient.patientId);
  assert.equal(row.patientName, "Pia Payer");
  assert.equal(row.doctorName, doctor.name);
  const audit = await t.call("GET", `/api/audit?action=invoice.list&actorId=${staff.id}&limit=1`, { token: admin.token });
  assert.deepEqual([...audit.body.items[0].patientIds].sort(), [...new Set(issued.body.items.map((i: any) => i.patientId))].sort());
  problem(await t.call("GET", "/api/invoices?status=lost", { token: staff.token }), 400, "query.status");
});

test("the detail shows the workflow: each step with its times, succeeded", async () => {
  const doctor = await newDoctor();
  const a = await book(doctor.id, await newPatient(t, staff.token));
  const invoice = await invoiceFor(a.id, "issued");
  const detail = await waitFor("execution to succeed", async () => {
    const d = await t.call("GET", `/api/invoices/${invoice.id}`, { token: staff.token });
    return d.body.workflow?.status === "SUCCEEDED" ? d : undefined;
  });
  assert.equal(detail.body.workflow.executionName, a.id);
  assert.deepEqual(
    detail.body.workflow.steps.map((s: any) => s.name),
    ["LoadContext", "PriceVisit", "CreateInvoice", "StillPending", "AssignNumber", "RenderPdf", "IssueInvoice"],
  );
  for (const s of detail.body.workflow.steps) {
    assert.equal(s.status, "succeeded", s.name);
    assert.ok(s.exitedAt >= s.enteredAt);
  }
  assert.deepEqual(detail.body.payments, []);
});

test("pay: Idempotency-Key required; the same key replays one payment; another body with it is 422; a partial payment leaves a balance", async () => {
  const doctor = await newDoctor({ visitFeeCents: 8000 });
  const a = await book(doctor.id, await newPatient(t, staff.token));
  const invoice = await invoiceFor(a.id, "issued");
  const path = `/api/invoices/${invoice.id}/pay`;
  problem(await t.call("POST", path, { token: staff.token, body: { method: "cash" } }), 400, "Idempotency-Key");
  problem(await t.call("POST", path, { token: patient.token, body: { method: "cash" }, headers: { "idempotency-key": "p1" } }), 403);
  problem(await t.call("POST", path, { token: staff.token, body: { method: "cheque" }, headers: { "idempotency-key": "bad" } }), 400, "method");

  const key = `pay-${Date.now()}`;
  const first = await t.call("POST", path, { token: staff.token, body: { method: "card", reference: "T-1" }, headers: { "idempotency-key": key } });
  assert.equal(first.status, 200, JSON.stringify(first.body));
  assert.equal(first.body.invoice.status, "paid");
  assert.equal(first.body.payment.amountCents, 8000);
  const again = await t.call("POST", path, { token: staff.token, body: { reference: "T-1", method: "card" }, headers: { "idempotency-key": key } });
  assert.equal(again.status, 200);
  assert.equal(again.headers.get("idempotent-replayed"), "true");
  assert.deepEqual(again.body, first.body);
  problem(await t.call("POST", path, { token: staff.token, body: { method: "cash" }, headers: { "idempotency-key": key } }), 422, "Idempotency-Key");
  problem(await t.call("POST", path, { token: staff.token, body: { method: "cash" }, headers: { "idempotency-key": `${key}-b` } }), 409);
  const { useDb } = await import("@carebeat/core/drizzle");
  const payments = (await useDb().execute(sql`select count(*)::int as n from invoice_payments where invoice_id = ${invoice.id}`)) as unknown as { n: number }[];
  assert.equal(payments[0]!.n, 1);

  const b = await book(doctor.id, await newPatient(t, staff.token));
  const second = await invoiceFor(b.id, "issued");
  const part = await t.call("POST", `/api/invoices/${second.id}/pay`, {
    token: staff.token,
    body: { method: "cash", amountCents: 3000 },
    headers: { "idempotency-key": `part-${Date.now()}` },
  });
  assert.equal(part.status, 200);
  assert.equal(part.body.invoice.status, "issued");
  assert.equal(part.body.invoice.balanceCents, 5000);
  problem(
    await t.call("POST", `/api/invoices/${second.id}/pay`, {
      token: staff.token,
      body: { method: "cash", amountCents: 6000 },
      headers: { "idempotency-key": `over-${Date.now()}` },
    }),
    422,
    "amountCents",
  );
  const rest = await t.call("POST", `/api/invoices/${second.id}/pay`, { token: staff.token, body: { method: "transfer" }, headers: { "idempotency-key": `rest-${Date.now()}` } });
  assert.equal(rest.body.invoice.status, "paid");
  assert.equal(rest.body.payment.amountCents, 5000);
});

test("render fails twice then succeeds: issued, the retries visible in the workflow history", async () => {
  const { renderFaults } = await import("@carebeat/core/billing/render");
  const doctor = await newDoctor();
  renderFaults.failNext = 2;
  const a = await book(doctor.id, await newPatient(t, staff.token));
  const invoice = await invoiceFor(a.id, "issued");
  const d = await waitFor("execution to succeed", async () => {
    const r = await t.call("GET", `/api/invoices/${invoice.id}`, { token: staff.token });
    return r.body.workflow?.status === "SUCCEEDED" ? r : undefined;
  });
  const render = d.body.workflow.steps.find((s: any) => s.name === "RenderPdf");
  assert.equal(render.attempts, 3);
  assert.equal(render.errors.length, 2);
  assert.match(render.errors[0].error, /RenderFault/);
  assert.equal(render.status, "succeeded");
});

test("a persistent render failure: invoice failed with the error visible; retry issues it once the fault is gone", async () => {
  const { renderFaults } = await import("@carebeat/core/billing/render");
  const doctor = await newDoctor();
  renderFaults.failNext = 1_000;
  const a = await book(doctor.id, await newPatient(t, staff.token));
  let failed;
  try {
    failed = await invoiceFor(a.id, "failed");
  } finally {
    renderFaults.failNext = 0;
  }
  assert.match(failed.error, /RenderFault/);
  const d = await waitFor("execution to fail", async () => {
    const r = await t.call("GET", `/api/invoices/${failed.id}`, { token: staff.token });
    return r.body.workflow?.status === "FAILED" ? r : undefined;
  });
  assert.equal(d.body.workflow.error, "RenderFault");
  assert.ok(d.body.workflow.steps.some((s: any) => s.name === "MarkFailed"));
  problem(await t.call("POST", `/api/invoices/${failed.id}/retry`, { token: patient.token }), 403);
  const retry = await t.call("POST", `/api/invoices/${failed.id}/retry`, { token: staff.token });
  assert.equal(retry.status, 202, JSON.stringify(retry.body));
  assert.equal(retry.body.executionName, `${a.id}-retry-2`);
  const issued = await invoiceFor(a.id, "issued");
  assert.equal(issued.number, failed.number, "the number it was given stays");
  assert.equal(issued.error, null);
  problem(await t.call("POST", `/api/invoices/${failed.id}/retry`, { token: staff.token }), 409);
});

test("cancelling voids the unpaid invoice; a paid one becomes refund_due", async () => {
  const doctor = await newDoctor();
  const a = await book(doctor.id, await newPatient(t, staff.token));
  await invoiceFor(a.id, "issued");
  assert.equal((await t.call("POST", `/api/appointments/${a.id}/cancel`, { token: staff.token, body: {} })).status, 200);
  await invoiceFor(a.id, "void");
  const b = await book(doctor.id, await newPatient(t, staff.token));
  const inv = await invoiceFor(b.id, "issued");
  await t.call("POST", `/api/invoices/${inv.id}/pay`, { token: staff.token, body: { method: "cash" }, headers: { "idempotency-key": `c-${Date.now()}` } });
  assert.equal((await t.call("POST", `/api/appointments/${b.id}/cancel`, { token: staff.token, body: {} })).status, 200);
  await invoiceFor(b.id, "refund_due");
});

test("200 bookings in a burst → 200 issued invoices, 200 PDFs, consecutive numbers, no duplicates", async () => {
  const doctors = await Promise.all([0, 1, 2, 3].map(() => newDoctor()));
  const patients: string[] = [];
  for (let i = 0; i < 20; i++) patients.push(await newPatient(t, staff.token));
  const { useDb } = await import("@carebeat/core/drizzle");
  const before = (await useDb().execute(sql`select count(*)::int as n from invoices where number is not null`)) as unknown as { n: number }[];
  const jobs = Array.from({ length: 200 }, (_, i) => ({ doctorId: doctors[i % 4]!.id, patientId: patients[i % 20]!, ...slot(1000 + Math.floor(i / 4)) }));
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < jobs.length) {
        const body = jobs[next++]!;
        const res = await t.call("POST", "/api/appointments", { token: staff.token, body });
        assert.equal(res.status, 201, JSON.stringify(res.body));
        ids.push(res.body.id);
      }
    }),
  );
  const rows = await waitFor(
    "200 issued invoices",
    async () => {
      const r = (await useDb().execute(
        sql`select id, number, status from invoices where appointment_id in ${sql.raw(`(${ids.map((id) => `'${id}'`).join(",")})`)}`,
      )) as unknown as any[];
      return r.length === 200 && r.every((x) => x.status === "issued") ? r : undefined;
    },
    60_000,
  );
  assert.equal(new Set(rows.map((r) => r.number)).size, 200, "no duplicate numbers");
  const all = (await useDb().execute(sql`select number from invoices where number is not null order by number`)) as unknown as { number: string }[];
  const seq = all.map((r) => Number(r.number.slice(5)));
  assert.deepEqual(
    seq,
    seq.map((_, i) => i + 1),
    "gapless from 1",
  );
  assert.equal(all.length, before[0]!.n + 200);
  const { useS3 } = await import("@carebeat/core/s3");
  const bucket = JSON.parse(process.env.SST_RESOURCE_Invoices!).name;
  const keys = new Set<string>();
  let token: string | undefined;
  do {
    const page = await useS3().send(new ListObjectsV2Command({ Bucket: bucket, Prefix: "invoices/", ContinuationToken: token }));
    for (const o of page.Contents ?? []) keys.add(o.Key!);
    token = page.NextContinuationToken;
  } while (token);
  for (const r of rows) assert.ok(keys.has(`invoices/${r.id}.pdf`), `PDF of ${r.id}`);
});
