import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startTestApp, type TestApp, type TestUser } from "@carebeat/local/testing";
import { newDoctor, newPatient, slot } from "./clinic.fixtures";

/** The audit trail has no blind spots: each kind of event below must be findable. */
let t: TestApp;
let admin: TestUser;
let staff: TestUser;
before(async () => {
  t = await startTestApp();
  admin = await t.user("admin");
  staff = await t.user("staff");
});
after(async () => t?.stop());

async function audit(query: string) {
  const res = await t.call("GET", `/api/audit?limit=200&${query}`, { token: admin.token });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.items as any[];
}

test("a request with an invalid token is recorded, with the patient the URL names", async () => {
  const patientId = await newPatient(t, staff.token);
  const res = await t.call("GET", `/api/patients/${patientId}`, { token: "not.a.jwt" });
  assert.equal(res.status, 401);
  const rows = await audit(`patientId=${patientId}&action=auth.token_rejected`);
  assert.equal(rows.length, 1);
  assert.equal(rows[0].outcome, "denied");
  assert.equal(rows[0].requestId, res.body.requestId);
  assert.equal(rows[0].detail.code, "auth.invalid_token");
});

test("account administration is recorded: listing accounts and creating one (an admin above all)", async () => {
  const created = await t.call("POST", "/api/auth/users", {
    token: admin.token,
    body: { email: `adm-${Date.now()}@test.carebeat`, password: "correct horse battery", name: "New Admin", role: "admin" },
  });
  assert.equal(created.status, 201);
  const list = await t.call("GET", "/api/auth/users", { token: admin.token });
  assert.equal(list.status, 200);
  const rows = await audit(`actorId=${admin.id}`);
  const create = rows.find((r) => r.action === "account.create" && r.resourceId === created.body.id);
  assert.ok(create, "account.create recorded");
  assert.equal(create.detail.role, "admin");
  assert.ok(rows.some((r) => r.action === "account.list" && r.detail.count === list.body.items.length));
});

test("reading the audit log is itself recorded", async () => {
  await audit("action=patient.read");
  const rows = await audit(`actorId=${admin.id}&action=audit.read`);
  assert.ok(
    rows.some((r) => r.detail.filters.action === "patient.read"),
    JSON.stringify(rows[0]),
  );
});

test("failed sign-ins, lockouts and refresh-token reuse are recorded, without the email address", async () => {
  const u = await t.user("patient");
  for (let i = 0; i < 6; i++) await t.call("POST", "/api/auth/login", { body: { email: u.email, password: `wrong-${i}` } });
  const failed = await audit("action=auth.login&outcome=failed");
  const mine = failed.filter((r) => r.resourceId === u.id);
  assert.equal(mine.length, 5);
  assert.equal(mine[0].detail.reason, "wrong_password");
  assert.ok(!JSON.stringify(failed).includes(u.email), "no email addresses in the log");
  const locked = await audit("action=auth.locked");
  assert.ok(locked.some((r) => r.detail.account === mine[0].detail.account && r.detail.scope === "email"));

  const other = await t.user("staff");
  const first = await t.call("POST", "/api/auth/refresh", { body: { refreshToken: other.refreshToken } });
  assert.equal(first.status, 200);
  const replay = await t.call("POST", "/api/auth/refresh", { body: { refreshToken: other.refreshToken } });
  assert.equal(replay.body.code, "auth.refresh_token_reused");
  const reused = await audit("action=auth.refresh_reused");
  assert.ok(reused.some((r) => r.resourceId === other.id && r.outcome === "denied" && r.requestId === replay.body.requestId));
});

test("every patient a list discloses is findable by that patient's id (patients and appointments)", async () => {
  const doctor = await newDoctor(t, admin.token);
  const patients = [await newPatient(t, staff.token), await newPatient(t, staff.token), await newPatient(t, staff.token)];
  for (const [i, p] of patients.entries()) {
    const res = await t.call("POST", "/api/appointments", { token: staff.token, body: { doctorId: doctor.id, patientId: p, ...slot(i) } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  }
  const appointments = await t.call("GET", `/api/appointments?doctorId=${doctor.id}`, { token: staff.token });
  assert.equal(appointments.body.items.length, 3);
  const listed = await t.call("GET", `/api/patients?limit=100`, { token: staff.token });
  assert.equal(listed.status, 200);
  const shown = listed.body.items.map((p: any) => p.id).filter((id: string) => patients.includes(id));
  for (const p of patients) {
    const rows = await audit(`patientId=${p}`);
    const apptList = rows.find((r) => r.action === "appointment.list" && r.requestId === appointments.headers.get("x-request-id"));
    assert.ok(apptList, `appointment list disclosing ${p} is found by its id`);
    assert.deepEqual([...apptList.patientIds].sort(), [...patients].sort());
    if (shown.includes(p))
      assert.ok(
        rows.some((r) => r.action === "patient.list" && r.patientIds.includes(p)),
        `patient list disclosing ${p}`,
      );
  }
  assert.ok(shown.length > 0, "the patient list showed some of them");
});
