import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startTestApp, type TestApp, type TestUser } from "@carebeat/local/testing";
import { query } from "./clinic.fixtures";

/**
 * A patient write whose Postgres statement fails after DynamoDB accepted it (docs/patients.md
 * "Writes and failures"). The fault is real, not a mock: the test adds a CHECK constraint that
 * makes the database refuse directory entries named "Refused …" — the statement fails exactly as
 * it would on a broken constraint or permission — and drops it afterwards. The answer is still a
 * success, the record and its audit row stay together on the DynamoDB item, and every repair path
 * hands the row to the audit log exactly once, timed when the write happened.
 */
let t: TestApp;
let admin: TestUser;
let staff: TestUser;

before(async () => {
  t = await startTestApp();
  admin = await t.user("admin");
  staff = await t.user("staff");
});
after(async () => t?.stop());

/** While it runs, Postgres refuses any new directory entry whose name starts with "Refused" (older rows are not re-checked). */
async function withRefusingDatabase<T>(f: () => Promise<T>): Promise<T> {
  await query(`alter table patient_directory add constraint test_refuse_projection check (display_name not like 'Refused%') not valid`);
  try {
    return await f();
  } finally {
    await query(`alter table patient_directory drop constraint test_refuse_projection`);
  }
}

/** The stored DynamoDB item as it is, index attributes and carried audit rows included. */
async function rawItem(id: string) {
  const { useDynamo, tableName } = await import("@carebeat/core/dynamo");
  const { GetCommand } = await import("@aws-sdk/lib-dynamodb");
  return (await useDynamo().send(new GetCommand({ TableName: tableName("Patients"), Key: { id }, ConsistentRead: true }))).Item!;
}

const auditRows = (id: string) =>
  query(`select id, action, at, outcome, detail from audit_log where resource_id = $1 and action like 'patient.%' and action <> 'patient.read' order by at, id`, [id]);
const directory = async (id: string) => (await query(`select display_name, status, version from patient_directory where id = $1`, [id]))[0];

test("a create whose Postgres statement fails is still a 201; its audit row rides on the record until the next write delivers it once", async () => {
  const created = await withRefusingDatabase(() =>
    t.call("POST", "/api/patients", { token: staff.token, body: { name: { given: "Refused", family: "Create" }, allergies: ["latex"] } }),
  );
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.id as string;
  assert.equal(await directory(id), undefined, "the statement really failed: no entry");
  assert.deepEqual(await auditRows(id), [], "…and no audit row in Postgres yet");
  const item = await rawItem(id);
  assert.equal(item.version, 1);
  assert.deepEqual(
    item.unprojected.map((a: any) => [a.action, a.outcome, a.detail.fields]),
    [["patient.create", "success", ["name", "allergies"]]],
    "the audit row is on the item",
  );
  assert.equal(JSON.stringify(item.unprojected).includes("latex"), false, "field names only, never values");

  // Acknowledged means readable, and the API never shows the carried rows.
  const read = await t.call("GET", `/api/patients/${id}`, { token: staff.token });
  assert.equal(read.status, 200);
  assert.equal(read.body.unprojected, undefined);

  // The next write (database healthy again) sends both rows in its one statement.
  const patched = await t.call("PATCH", `/api/patients/${id}`, { token: staff.token, headers: { "if-match": '"1"' }, body: { name: { given: "Now" } } });
  assert.equal(patched.status, 200, JSON.stringify(patched.body));
  const rows = await auditRows(id);
  assert.deepEqual(
    rows.map((r) => r.action),
    ["patient.create", "patient.update"],
  );
  assert.equal(rows[0].id, item.unprojected[0].id);
  assert.equal(new Date(rows[0].at).toISOString(), item.unprojected[0].at, "logged at the time of the write, not of the delivery");
  assert.deepEqual(await directory(id), { display_name: "Now Create", status: "active", version: 2 });
  assert.equal((await rawItem(id)).unprojected, undefined, "delivered rows leave the item");
});

test("an update whose statement fails is still a 200; the backfill delivers its row once, however often it runs", async () => {
  const created = await t.call("POST", "/api/patients", { token: staff.token, body: { name: { given: "Pat", family: "Backfill" } } });
  const id = created.body.id as string;
  const patched = await withRefusingDatabase(() =>
    t.call("PATCH", `/api/patients/${id}`, { token: staff.token, headers: { "if-match": '"1"' }, body: { name: { given: "Refused" }, sex: "female" } }),
  );
  assert.equal(patched.status, 200, JSON.stringify(patched.body));
  assert.equal(patched.body.version, 2);
  assert.deepEqual(
    (await auditRows(id)).map((r) => r.action),
    ["patient.create"],
    "the update's row is not in Postgres yet",
  );
  assert.deepEqual(await directory(id), { display_name: "Pat Backfill", status: "active", version: 1 }, "the entry still shows the old name");
  assert.equal((await rawItem(id)).unprojected.length, 1);

  const { PatientDirectory } = await import("@carebeat/core/directory");
  const first = await PatientDirectory.backfill();
  assert.ok(first.audits >= 1);
  await PatientDirectory.backfill();
  const rows = await auditRows(id);
  assert.deepEqual(
    rows.map((r) => [r.action, r.detail.fields]),
    [
      ["patient.create", ["name"]],
      ["patient.update", ["name.given", "sex"]],
    ],
  );
  assert.deepEqual(await directory(id), { display_name: "Refused Backfill", status: "active", version: 2 });
  assert.equal((await rawItem(id)).unprojected, undefined);
  // The audit API shows it like any other row.
  const log = await t.call("GET", `/api/audit?patientId=${id}&action=patient.update`, { token: admin.token });
  assert.equal(log.body.items.length, 1);
});

test("booking a patient whose create was not projected repairs the entry and delivers the audit row", async () => {
  const created = await withRefusingDatabase(() => t.call("POST", "/api/patients", { token: staff.token, body: { name: { given: "Refused", family: "Booking" } } }));
  assert.equal(created.status, 201);
  const id = created.body.id as string;
  const doctor = await t.call("POST", "/api/doctors", {
    token: admin.token,
    body: {
      name: "Dr Repair",
      specialty: "General practice",
      visitFeeCents: 5000,
      currency: "EUR",
      timezone: "UTC",
      workingHours: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: "00:00", end: "24:00" })),
    },
  });
  const start = new Date(Date.now() + 3 * 86_400_000);
  start.setUTCHours(9, 0, 0, 0);
  const booked = await t.call("POST", "/api/appointments", {
    token: staff.token,
    body: { doctorId: doctor.body.id, patientId: id, startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 1_800_000).toISOString() },
  });
  assert.equal(booked.status, 201, JSON.stringify(booked.body));
  assert.deepEqual(await directory(id), { display_name: "Refused Booking", status: "active", version: 1 });
  assert.deepEqual(
    (await auditRows(id)).map((r) => r.action),
    ["patient.create"],
  );
  assert.equal((await rawItem(id)).unprojected, undefined);
});
