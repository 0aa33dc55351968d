import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import { StateMachine } from "aws-local-stepfunctions";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { startTestApp, type TestApp, type TestUser } from "./testing";
import { billingHandlers } from "./billing";
import { definition, localTaskArns } from "@carebeat/core/billing/workflow";
import { slot, newDoctor, newPatient } from "@carebeat/functions/api/routes/clinic.fixtures";

/**
 * The billing definition run directly by aws-local-stepfunctions with the real task
 * handlers against a real throw-away stack (no Step Functions endpoint involved): the
 * workflow's semantics — idempotency, retries, failure, cancellation, numbering.
 */
let t: TestApp;
let admin: TestUser;
let staff: TestUser;
let n = 0;

before(async () => {
  t = await startTestApp();
  admin = await t.user("admin");
  staff = await t.user("staff");
});
after(async () => t?.stop());

const machine = () => new StateMachine(definition(localTaskArns("test")) as any);

async function run(appointmentId: string, opts: { fastRetries?: boolean } = {}) {
  const execution = machine().run(
    { appointmentId },
    {
      overrides: {
        taskResourceLocalHandlers: billingHandlers as any,
        // The definition's backoff is 1 s, 2 s, 4 s; this test only needs the order of events.
        retryIntervalOverrides: opts.fastRetries ? { RenderPdf: 10, MarkFailed: 10 } : undefined,
      },
    },
  );
  const events: any[] = [];
  const collecting = (async () => {
    for await (const e of execution.eventLogs) events.push(e);
  })();
  let output: any;
  let error: any;
  try {
    output = await execution.result;
  } catch (err) {
    error = err;
  }
  await collecting;
  return { output, error, events };
}

async function book(doctorId: string) {
  const patientId = await newPatient(t, staff.token);
  const res = await t.call("POST", "/api/appointments", { token: staff.token, body: { doctorId, patientId, ...slot(n++) } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as { id: string; patientId: string };
}

async function invoiceOf(appointmentId: string) {
  const { useDb } = await import("@carebeat/core/drizzle");
  const rows = (await useDb().execute(sql`select * from invoices where appointment_id = ${appointmentId}`)) as unknown as any[];
  return rows;
}

test("a booking runs to an issued invoice with a number, a PDF in S3 and an invoice.issued outbox row; a second run changes nothing", async () => {
  const doctor = await newDoctor(t, admin.token);
  const a = await book(doctor.id);
  const first = await run(a.id);
  assert.equal(first.error, undefined, String(first.error));
  assert.equal(first.output.invoice.status, "issued");
  assert.match(first.output.invoice.number, /^\d{4}-\d{6}$/);
  const [inv] = await invoiceOf(a.id);
  assert.equal(inv.status, "issued");
  assert.equal(inv.total_cents, 8000);
  assert.equal(inv.pdf_key, `invoices/${inv.id}.pdf`);
  const { useS3 } = await import("@carebeat/core/s3");
  const obj = await useS3().send(new GetObjectCommand({ Bucket: JSON.parse(process.env.SST_RESOURCE_Invoices!).name, Key: inv.pdf_key }));
  assert.equal((await obj.Body!.transformToString()).slice(0, 5), "%PDF-");
  const { useDb } = await import("@carebeat/core/drizzle");
  const events = (await useDb().execute(sql`select type, key from outbox where key = ${inv.id}`)) as unknown as any[];
  assert.deepEqual(events.map((e) => e.type), ["invoice.issued"]);

  const again = await run(a.id);
  assert.equal(again.error, undefined);
  assert.ok(again.events.some((e) => e.type === "StateEntered" && e.state.name === "AlreadySettled"));
  const after = await invoiceOf(a.id);
  assert.equal(after.length, 1);
  assert.equal(after[0].number, inv.number);
});

test("render fails twice then succeeds: issued, and the retries are in the event log", async () => {
  const { Billing } = await import("@carebeat/core/billing");
  const doctor = await newDoctor(t, admin.token);
  const a = await book(doctor.id);
  Billing.faults.failNext = 2;
  const r = await run(a.id, { fastRetries: true });
  assert.equal(r.error, undefined, String(r.error));
  assert.equal(r.events.filter((e) => e.type === "StateRetried" && e.state.name === "RenderPdf").length, 2);
  assert.equal((await invoiceOf(a.id))[0].status, "issued");
});

test("a persistent render failure leaves the invoice failed with the error; a retry after the fault is gone issues it", async () => {
  const { Billing } = await import("@carebeat/core/billing");
  const doctor = await newDoctor(t, admin.token);
  const a = await book(doctor.id);
  Billing.faults.failNext = 4; // the first attempt and all three retries
  const r = await run(a.id, { fastRetries: true });
  assert.ok(r.error, "the execution fails");
  assert.ok(r.events.some((e) => e.type === "StateEntered" && e.state.name === "MarkFailed"));
  const [failed] = await invoiceOf(a.id);
  assert.equal(failed.status, "failed");
  assert.match(failed.error, /RenderFault/);
  assert.match(failed.number, /^\d{4}-\d{6}$/, "the number it got stays with it");
  assert.equal(Billing.faults.failNext, 0);
  const retried = await run(a.id);
  assert.equal(retried.error, undefined, String(retried.error));
  const [issued] = await invoiceOf(a.id);
  assert.equal(issued.status, "issued");
  assert.equal(issued.number, failed.number);
  assert.equal(issued.error, null);
});

test("cancelling: before billing → born void; after issue → void; after payment → refund_due", async () => {
  const doctor = await newDoctor(t, admin.token);
  const early = await book(doctor.id);
  assert.equal((await t.call("POST", `/api/appointments/${early.id}/cancel`, { token: staff.token, body: {} })).status, 200);
  const r = await run(early.id);
  assert.equal(r.error, undefined);
  const [born] = await invoiceOf(early.id);
  assert.equal(born.status, "void");
  assert.equal(born.number, null, "a void-before-issue invoice takes no number");

  const issued = await book(doctor.id);
  await run(issued.id);
  assert.equal((await t.call("POST", `/api/appointments/${issued.id}/cancel`, { token: staff.token, body: {} })).status, 200);
  assert.equal((await invoiceOf(issued.id))[0].status, "void");

  const { withActor } = await import("@carebeat/core/actor");
  const { Invoice } = await import("@carebeat/core/invoice");
  const paid = await book(doctor.id);
  await run(paid.id);
  const [inv] = await invoiceOf(paid.id);
  await withActor({ type: "user", userId: staff.id, role: "staff" }, () => Invoice.pay({ id: inv.id, idempotencyKey: "k1", payment: { method: "cash", amountCents: 3000 } }));
  assert.equal((await invoiceOf(paid.id))[0].status, "issued", "partly paid: still issued with a balance");
  assert.equal((await t.call("POST", `/api/appointments/${paid.id}/cancel`, { token: staff.token, body: {} })).status, 200);
  assert.equal((await invoiceOf(paid.id))[0].status, "refund_due");
});

test("concurrent executions get consecutive numbers with no gaps and no duplicates", async () => {
  const doctor = await newDoctor(t, admin.token);
  const booked = [];
  for (let i = 0; i < 20; i++) booked.push(await book(doctor.id));
  const results = await Promise.all(booked.map((a) => run(a.id)));
  for (const r of results) assert.equal(r.error, undefined, String(r.error));
  const { useDb } = await import("@carebeat/core/drizzle");
  const rows = (await useDb().execute(sql`select number from invoices where number is not null order by number`)) as unknown as { number: string }[];
  const seq = rows.map((r) => Number(r.number.slice(5)));
  assert.deepEqual(seq, seq.map((_, i) => i + 1), "1..N without gaps");
});
