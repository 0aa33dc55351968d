import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startTestApp, type TestApp, type TestUser } from "@carebeat/local/testing";
import { newDoctor, newPatient, problem, slot } from "./clinic.fixtures";

let t: TestApp;
let admin: TestUser;
let staff: TestUser;

before(async () => {
  t = await startTestApp();
  admin = await t.user("admin");
  staff = await t.user("staff");
});
after(async () => t?.stop());

async function book(doctorId: string, patientId: string, n: number) {
  const res = await t.call("POST", "/api/appointments", { token: staff.token, body: { doctorId, patientId, ...slot(n) } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

/** Follow nextCursor to the end; return every id in order. */
async function walk(query: string, token: string) {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const res: any = await t.call("GET", `/api/appointments?${query}&limit=2${cursor ? `&cursor=${cursor}` : ""}`, { token });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.ok(res.body.items.length <= 2);
    ids.push(...res.body.items.map((a: any) => a.id));
    cursor = res.body.nextCursor;
  } while (cursor);
  return ids;
}

test("list filters by doctor, patient, status and [from, to), in start order with keyset pages", async () => {
  const doctor = await newDoctor(t, admin.token);
  const [p1, p2] = [await newPatient(t, staff.token), await newPatient(t, staff.token)];
  // Booked out of order, so start order is not insertion order.
  const a3 = await book(doctor.id, p1, 3);
  const a0 = await book(doctor.id, p2, 0);
  const a2 = await book(doctor.id, p1, 2);
  const a1 = await book(doctor.id, p2, 1);
  const a4 = await book(doctor.id, p1, 4);
  assert.equal((await t.call("POST", `/api/appointments/${a2.id}/cancel`, { token: staff.token, body: {} })).status, 200);

  assert.deepEqual(
    await walk(`doctorId=${doctor.id}`, staff.token),
    [a0, a1, a2, a3, a4].map((a) => a.id),
  );
  assert.deepEqual(
    await walk(`doctorId=${doctor.id}&status=booked`, staff.token),
    [a0, a1, a3, a4].map((a) => a.id),
  );
  assert.deepEqual(await walk(`doctorId=${doctor.id}&status=cancelled`, staff.token), [a2.id]);
  assert.deepEqual(
    await walk(`patientId=${p1}`, staff.token),
    [a2, a3, a4].map((a) => a.id),
  );
  const range = `from=${encodeURIComponent(slot(1).startsAt)}&to=${encodeURIComponent(slot(3).startsAt)}`;
  assert.deepEqual(await walk(`doctorId=${doctor.id}&${range}`, staff.token), [a1.id, a2.id], "to is exclusive");

  const byPath = await t.call("GET", `/api/appointments/patient/${p2}?status=booked`, { token: staff.token });
  assert.deepEqual(
    byPath.body.items.map((a: any) => a.id),
    [a0.id, a1.id],
  );

  // A doctor listing another doctor's schedule is refused (and audited); their own works.
  const docUser = await t.user("doctor", { doctorId: doctor.id });
  assert.deepEqual(
    await walk(`status=booked`, docUser.token),
    [a0, a1, a3, a4].map((a) => a.id),
  );
  const stranger = await t.user("doctor", { doctorId: (await newDoctor(t, admin.token)).id });
  problem(await t.call("GET", `/api/appointments?doctorId=${doctor.id}`, { token: stranger.token }), 403);
});

test("reads and lists are audited with the patient id", async () => {
  const doctor = await newDoctor(t, admin.token);
  const patientId = await newPatient(t, staff.token);
  const a = await book(doctor.id, patientId, 6);
  assert.equal((await t.call("GET", `/api/appointments/${a.id}`, { token: staff.token })).status, 200);
  assert.equal((await t.call("GET", `/api/appointments/patient/${patientId}`, { token: staff.token })).status, 200);
  const log = await t.call("GET", `/api/audit?patientId=${patientId}&actorId=${staff.id}`, { token: admin.token });
  const actions = log.body.items
    .filter((e: any) => e.resourceType === "appointment")
    .map((e: any) => `${e.action}:${e.outcome}`)
    .sort();
  assert.deepEqual(actions, ["appointment.book:success", "appointment.list:success", "appointment.read:success"]);
  // Audit rows hold identifiers only, never the booking's free-text reason or the patient's name.
  assert.ok(log.body.items.every((e: any) => !JSON.stringify(e.detail ?? {}).includes("Ient")));
});

test("invalid input on every appointments route is a 400 naming the field", async () => {
  const doctor = await newDoctor(t, admin.token);
  const patientId = await newPatient(t, staff.token);
  const a = await book(doctor.id, patientId, 8);
  const longId = "x".repeat(65);
  const call = (method: string, path: string, body?: unknown) => t.call(method, path, { token: staff.token, body });

  problem(await call("GET", "/api/appointments?status=lost"), 400, "query.status");
  problem(await call("GET", "/api/appointments?from=2026-03-04"), 400, "query.from");
  problem(await call("GET", `/api/appointments?to=${encodeURIComponent("2026-03-04T10:00:00")}`), 400, "query.to");
  problem(await call("GET", "/api/appointments?limit=201"), 400, "query.limit");
  problem(await call("GET", "/api/appointments?cursor=%%%"), 400, "query.cursor");
  problem(await call("GET", `/api/appointments?cursor=${Buffer.from('{"at":"yesterday","id":1}').toString("base64url")}`), 400, "query.cursor");
  problem(await call("GET", `/api/appointments/patient/${patientId}?limit=abc`), 400, "query.limit");
  problem(await call("GET", `/api/appointments/patient/${longId}`), 400, "param.patientId");
  problem(await call("GET", `/api/appointments/${longId}`), 400, "param.id");
  problem(await call("GET", "/api/appointments/apt_nope"), 404);

  const times = slot(8);
  problem(await call("POST", "/api/appointments", { patientId, ...times }), 400, "doctorId");
  problem(await call("POST", "/api/appointments", { doctorId: doctor.id, ...times }), 400, "patientId");
  problem(await call("POST", "/api/appointments", { doctorId: doctor.id, patientId, startsAt: "2026-03-04T10:00:00", endsAt: times.endsAt }), 400, "startsAt");
  problem(await call("POST", "/api/appointments", { doctorId: doctor.id, patientId, ...slot(8, 241) }), 400, "endsAt");
  problem(await call("POST", "/api/appointments", { doctorId: doctor.id, patientId, startsAt: times.endsAt, endsAt: times.startsAt }), 400, "endsAt");
  problem(await call("POST", "/api/appointments", { doctorId: doctor.id, patientId, ...times, reason: "r".repeat(501) }), 400, "reason");
  problem(await t.call("POST", "/api/appointments", { token: staff.token, raw: "[" }), 400);

  problem(await call("PATCH", `/api/appointments/${a.id}`, {}), 400, "startsAt");
  problem(await call("PATCH", `/api/appointments/${a.id}`, { ...times, endsAt: "soon" }), 400, "endsAt");
  problem(await call("PATCH", `/api/appointments/${a.id}`, { ...times, doctorId: doctor.id }), 400);
  problem(await call("PATCH", `/api/appointments/${longId}`, times), 400, "param.id");
  problem(await call("PATCH", "/api/appointments/apt_nope", slot(9)), 404);

  problem(await call("POST", `/api/appointments/${a.id}/cancel`, { reason: "r".repeat(501) }), 400, "reason");
  problem(await call("POST", `/api/appointments/${a.id}/cancel`, { reason: 42 }), 400, "reason");
  problem(await call("POST", `/api/appointments/${longId}/cancel`, {}), 400, "param.id");
  problem(await call("POST", `/api/appointments/${longId}/complete`), 400, "param.id");
  problem(await call("POST", `/api/appointments/${longId}/no-show`), 400, "param.id");
  problem(await call("POST", "/api/appointments/apt_nope/complete"), 404);

  // Nothing above changed the appointment.
  assert.equal((await call("GET", `/api/appointments/${a.id}`)).body.status, "booked");
});

test("list rows carry patient and doctor names from the directory; the audit row names every disclosed patient", async () => {
  const doctor = await newDoctor(t, admin.token);
  const created = await t.call("POST", "/api/patients", { token: staff.token, body: { name: { given: "Ada", family: "Lovelace" } } });
  const patientId = created.body.id as string;
  const a = await book(doctor.id, patientId, 10);
  const list = await t.call("GET", `/api/appointments?doctorId=${doctor.id}`, { token: staff.token });
  const row = list.body.items.find((x: any) => x.id === a.id);
  assert.equal(row.patientName, "Ada Lovelace");
  assert.equal(row.doctorName, doctor.name);
  const log = await t.call("GET", `/api/audit?patientId=${patientId}&action=appointment.list&actorId=${staff.id}`, { token: admin.token });
  assert.ok(
    log.body.items.some((e: any) => e.patientIds.includes(patientId)),
    "the list's audit row holds the patient id",
  );

  // A rename reaches the list in the same request that made it.
  const patched = await t.call("PATCH", `/api/patients/${patientId}`, {
    token: staff.token,
    body: { name: { family: "King" } },
    headers: { "if-match": `"${created.body.version}"` },
  });
  assert.equal(patched.status, 200, JSON.stringify(patched.body));
  const renamed = await t.call("GET", `/api/appointments?doctorId=${doctor.id}`, { token: staff.token });
  assert.equal(renamed.body.items.find((x: any) => x.id === a.id).patientName, "Ada King");

  // Soft-deleted: no name in lists, and no new bookings.
  assert.equal((await t.call("DELETE", `/api/patients/${patientId}`, { token: staff.token })).status, 204);
  const after = await t.call("GET", `/api/appointments?doctorId=${doctor.id}`, { token: staff.token });
  assert.equal(after.body.items.find((x: any) => x.id === a.id).patientName, null);
  problem(await t.call("POST", "/api/appointments", { token: staff.token, body: { doctorId: doctor.id, patientId, ...slot(11) } }), 422, "patientId");
});

test("a directory entry that was lost is repaired by the booking that misses it, and by the backfill", async () => {
  const { useDb } = await import("@carebeat/core/drizzle");
  const { PatientDirectory } = await import("@carebeat/core/directory");
  const { sql } = await import("drizzle-orm");
  const doctor = await newDoctor(t, admin.token);
  const p1 = await newPatient(t, staff.token);
  const p2 = await newPatient(t, staff.token);
  await useDb().execute(sql`delete from patient_directory where id in (${p1}, ${p2})`);
  await book(doctor.id, p1, 12);
  const back = (await useDb().execute(sql`select status from patient_directory where id = ${p1}`)) as any;
  assert.equal(back[0]?.status, "active", "the miss read DynamoDB and wrote the entry back");
  await useDb().execute(sql`insert into patient_directory (id, display_name, status, version) values ('pat_ghost', 'Nobody', 'active', 1)`);
  const res = await PatientDirectory.backfill();
  assert.ok(res.removed >= 1);
  const rows = (await useDb().execute(sql`select id from patient_directory where id in (${p2}, 'pat_ghost')`)) as any;
  assert.deepEqual(
    rows.map((r: any) => r.id),
    [p2],
  );
});
