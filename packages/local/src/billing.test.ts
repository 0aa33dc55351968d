import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import { StateMachine } from "aws-local-stepfunctions";
import { SFNClient, ListExecutionsCommand } from "@aws-sdk/client-sfn";
import { startTestApp, type TestApp, type TestUser } from "./testing";
import { billingHandlers } from "./billing";
import { definition, localTaskArns } from "@carebeat/core/billing/workflow";
import { slot, newDoctor, newPatient } from "@carebeat/functions/api/routes/clinic.fixtures";

/**
 * Billing's guarantees where they are hardest: a repeated execution, a cancel racing the
 * booking's execution, a booking whose StartExecution never happened (the sweeper). The
 * booking's own execution runs on the local endpoint; "a second execution" is the same
 * definition run directly by aws-local-stepfunctions with the same handlers.
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

async function runDirectly(appointmentId: string) {
  const execution = new StateMachine(definition(localTaskArns("test")) as any).run({ appointmentId }, { overrides: { taskResourceLocalHandlers: billingHandlers as any } });
  const events: any[] = [];
  const collecting = (async () => {
    for await (const e of execution.eventLogs) events.push(e);
  })();
  const output = await execution.result;
  await collecting;
  return { output, events };
}

async function book(doctorId: string) {
  const patientId = await newPatient(t, staff.token);
  const res = await t.call("POST", "/api/appointments", { token: staff.token, body: { doctorId, patientId, ...slot(n++) } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as { id: string; patientId: string };
}

async function db<T = any>(query: ReturnType<typeof sql>): Promise<T[]> {
  const { useDb } = await import("@carebeat/core/drizzle");
  return (await useDb().execute(query)) as unknown as T[];
}

async function settled(appointmentId: string, status: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const [inv] = await db(sql`select * from invoices where appointment_id = ${appointmentId}`);
    if (inv?.status === status) return inv;
    if (Date.now() > deadline) throw new Error(`invoice of ${appointmentId} never became ${status} (is ${inv?.status})`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

test("a second execution for an issued appointment changes nothing: same invoice, same number, one invoice.issued", async () => {
  const doctor = await newDoctor(t, admin.token);
  const a = await book(doctor.id);
  const inv = await settled(a.id, "issued");
  const again = await runDirectly(a.id);
  assert.ok(again.events.some((e) => e.type === "StateEntered" && e.state.name === "AlreadySettled"));
  assert.ok(!again.events.some((e) => e.type === "StateEntered" && e.state.name === "AssignNumber"));
  const rows = await db(sql`select id, number from invoices where appointment_id = ${a.id}`);
  assert.deepEqual([...rows], [{ id: inv.id, number: inv.number }]);
  const events = await db(sql`select type from outbox where key = ${inv.id}`);
  assert.deepEqual(
    events.map((e) => e.type),
    ["invoice.issued"],
  );
});

test("a cancel racing the booking's execution always ends void, whichever commits first", async () => {
  const doctor = await newDoctor(t, admin.token);
  for (let i = 0; i < 5; i++) {
    const a = await book(doctor.id);
    // Immediately: the execution is somewhere between LoadContext and IssueInvoice, or not started.
    assert.equal((await t.call("POST", `/api/appointments/${a.id}/cancel`, { token: staff.token, body: {} })).status, 200);
    const inv = await settled(a.id, "void");
    const [again] = await db(sql`select status from invoices where id = ${inv.id}`);
    assert.equal(again.status, "void");
    // And it stays void once the execution has finished.
    await runDirectly(a.id);
    assert.equal((await db(sql`select status from invoices where appointment_id = ${a.id}`))[0].status, "void");
  }
});

test("the sweeper bills a booking whose StartExecution never happened (a crash after commit)", async () => {
  const doctor = await newDoctor(t, admin.token);
  const patientId = await newPatient(t, staff.token);
  const { createId } = await import("@carebeat/core/util/id");
  const id = createId("appointment");
  const s = slot(n++);
  // Written the way book() writes it, minus the afterCommit start, and two minutes old.
  await db(sql`insert into appointments (id, doctor_id, patient_id, starts_at, ends_at, fee_cents, currency, created_by, created_at)
                values (${id}, ${doctor.id}, ${patientId}, ${s.startsAt}, ${s.endsAt}, 8000, 'EUR', 'test', now() - interval '2 minutes')`);
  const { Billing } = await import("@carebeat/core/billing");
  const { withActor } = await import("@carebeat/core/actor");
  const swept = await withActor({ type: "system", name: "test" }, () => Billing.sweep({ olderThanSeconds: 60 }));
  assert.ok(swept.started >= 1, JSON.stringify(swept));
  await settled(id, "issued");
  const again = await withActor({ type: "system", name: "test" }, () => Billing.sweep({ olderThanSeconds: 60 }));
  assert.equal(again.candidates, 0, "nothing left to sweep");

  const sfn = new SFNClient({});
  const listed = await sfn.send(new ListExecutionsCommand({ stateMachineArn: JSON.parse(process.env.SST_RESOURCE_BillingWorkflow!).arn, maxResults: 1000 }));
  assert.equal(listed.executions!.filter((e) => e.name === id).length, 1, "one execution, named after the appointment");
});
