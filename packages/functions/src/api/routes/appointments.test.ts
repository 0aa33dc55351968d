import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import { startTestApp, type TestApp, type TestUser } from "@carebeat/local/testing";
import { DAY, slot, problem, outbox, billingIdle, newDoctor as createDoctor, newPatient as createPatient } from "./clinic.fixtures";

let t: TestApp;
let admin: TestUser;
let staff: TestUser;
let patient: { token: string; id: string; patientId: string };

const newDoctor = (extra: Record<string, unknown> = {}) => createDoctor(t, admin.token, extra);
const newPatient = () => createPatient(t, staff.token);

before(async () => {
  t = await startTestApp();
  admin = await t.user("admin");
  staff = await t.user("staff");
  const email = `booker${Date.now()}@example.com`;
  assert.equal((await t.call("POST", "/api/auth/register", { body: { email, password: "correct horse battery", name: "Bea Booker" } })).status, 202);
  const login = await t.call("POST", "/api/auth/login", { body: { email, password: "correct horse battery" } });
  patient = { token: login.body.accessToken, id: login.body.user.id, patientId: login.body.user.patientId };
});
after(async () => t?.stop());

test("book → overlap 409 → reschedule → cancel, one outbox row per change, all audited", async () => {
  const doctor = await newDoctor();
  const booked = await t.call("POST", "/api/appointments", { token: patient.token, body: { doctorId: doctor.id, patientId: patient.patientId, ...slot(0), reason: "check-up" } });
  assert.equal(booked.status, 201, JSON.stringify(booked.body));
  assert.equal(booked.headers.get("location"), `/api/appointments/${booked.body.id}`);
  assert.equal(booked.body.status, "booked");
  assert.equal(booked.body.feeCents, 8000);
  assert.equal(booked.body.currency, "EUR");

  const otherPatient = await newPatient();
  const clash = await t.call("POST", "/api/appointments", {
    token: staff.token,
    body: { doctorId: doctor.id, patientId: otherPatient, startsAt: new Date(Date.parse(slot(0).startsAt) + 10 * 60_000).toISOString(), endsAt: slot(1).endsAt },
  });
  problem(clash, 409, "startsAt");
  assert.equal(clash.body.code, "appointment.overlap");
  // Back-to-back is fine: ranges are half-open.
  assert.equal((await t.call("POST", "/api/appointments", { token: staff.token, body: { doctorId: doctor.id, patientId: otherPatient, ...slot(1) } })).status, 201);

  const moved = await t.call("PATCH", `/api/appointments/${booked.body.id}`, { token: patient.token, body: slot(4) });
  assert.equal(moved.status, 200, JSON.stringify(moved.body));
  assert.equal(moved.body.startsAt, slot(4).startsAt);
  problem(await t.call("PATCH", `/api/appointments/${booked.body.id}`, { token: patient.token, body: slot(1) }), 409);

  const cancelled = await t.call("POST", `/api/appointments/${booked.body.id}/cancel`, { token: patient.token, body: { reason: "travelling" } });
  assert.equal(cancelled.status, 200);
  assert.equal(cancelled.body.status, "cancelled");
  problem(await t.call("POST", `/api/appointments/${booked.body.id}/complete`, { token: staff.token }), 409);
  // A cancelled slot is free again.
  assert.equal((await t.call("POST", "/api/appointments", { token: staff.token, body: { doctorId: doctor.id, patientId: otherPatient, ...slot(4) } })).status, 201);

  const events = await outbox(booked.body.id);
  assert.deepEqual(
    events.map((e) => e.type),
    ["appointment.booked", "appointment.rescheduled", "appointment.cancelled"],
  );
  for (const e of events) {
    assert.equal(e.key, doctor.id, "partition key is the doctor");
    assert.equal(e.payload.version, 1);
    assert.equal(e.payload.data.patientId, patient.patientId);
  }
  assert.equal(events[1]!.payload.data.previous.startsAt, slot(0).startsAt);

  const log = await t.call("GET", `/api/audit?patientId=${patient.patientId}&limit=200`, { token: admin.token });
  const actions = log.body.items
    .filter((e: any) => e.resourceId === booked.body.id)
    .map((e: any) => e.action)
    .sort();
  assert.deepEqual(actions, ["appointment.book", "appointment.cancel", "appointment.reschedule"]);
});

test("past, out-of-hours, unknown doctor or patient and bad durations are refused with the field named", async () => {
  const doctor = await newDoctor({ workingHours: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: "09:00", end: "11:00" })) });
  const patientId = await newPatient();
  const past = { startsAt: new Date(Date.now() - DAY).toISOString(), endsAt: new Date(Date.now() - DAY + 30 * 60_000).toISOString() };
  problem(await t.call("POST", "/api/appointments", { token: staff.token, body: { doctorId: doctor.id, patientId, ...past } }), 422, "startsAt");
  problem(await t.call("POST", "/api/appointments", { token: staff.token, body: { doctorId: doctor.id, patientId, ...slot(4) } }), 422, "startsAt"); // 12:00, after hours
  problem(await t.call("POST", "/api/appointments", { token: staff.token, body: { doctorId: doctor.id, patientId, ...slot(1, 60) } }), 422, "startsAt"); // 10:30-11:30 runs past 11:00
  problem(await t.call("POST", "/api/appointments", { token: staff.token, body: { doctorId: "doc_nope", patientId, ...slot(0) } }), 422, "doctorId");
  problem(await t.call("POST", "/api/appointments", { token: staff.token, body: { doctorId: doctor.id, patientId: "pat_nope", ...slot(0) } }), 422, "patientId");
  problem(await t.call("POST", "/api/appointments", { token: staff.token, body: { doctorId: doctor.id, patientId, ...slot(0, 3) } }), 400, "endsAt");
  problem(
    await t.call("POST", "/api/appointments", { token: staff.token, body: { doctorId: doctor.id, patientId, startsAt: "tomorrow", endsAt: slot(0).endsAt } }),
    400,
    "startsAt",
  );
  problem(await t.call("POST", "/api/appointments", { token: staff.token, body: { doctorId: doctor.id, patientId, ...slot(0), colour: "red" } }), 400);
  assert.equal(
    (await t.call("POST", "/api/appointments", { token: staff.token, body: { doctorId: doctor.id, patientId, ...slot(0) } })).status,
    201,
    "09:00+2d inside hours works",
  );
});

test("availability lists free slots minus bookings", async () => {
  const doctor = await newDoctor({ workingHours: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: "10:00", end: "12:00" })), slotMinutes: 30 });
  await t.call("POST", "/api/appointments", { token: staff.token, body: { doctorId: doctor.id, patientId: await newPatient(), ...slot(1) } });
  const date = slot(0).startsAt.slice(0, 10);
  const res = await t.call("GET", `/api/doctors/${doctor.id}/availability?date=${date}`, { token: patient.token });
  assert.equal(res.status, 200);
  assert.deepEqual(
    res.body.slots.map((s: any) => s.startsAt.slice(11, 16)),
    ["10:00", "11:00", "11:30"],
  );
  problem(await t.call("GET", `/api/doctors/${doctor.id}/availability?date=2026-02-30`, { token: patient.token }), 400, "query.date");
});

test("patients act only for themselves; doctors see only their own schedule; refusals are audited", async () => {
  const doctor = await newDoctor();
  const otherDoctor = await newDoctor();
  const other = await newPatient();
  const theirs = await t.call("POST", "/api/appointments", { token: staff.token, body: { doctorId: doctor.id, patientId: other, ...slot(6) } });
  assert.equal(theirs.status, 201);

  problem(await t.call("POST", "/api/appointments", { token: patient.token, body: { doctorId: doctor.id, patientId: other, ...slot(8) } }), 403);
  // Someone else's appointment looks exactly like one that does not exist (no id probing).
  problem(await t.call("GET", `/api/appointments/${theirs.body.id}`, { token: patient.token }), 404);
  problem(await t.call("POST", `/api/appointments/${theirs.body.id}/cancel`, { token: patient.token, body: {} }), 404);
  problem(await t.call("GET", `/api/appointments/patient/${other}`, { token: patient.token }), 403);
  const denied = await t.call("GET", `/api/audit?patientId=${other}&outcome=denied`, { token: admin.token });
  assert.ok(denied.body.items.filter((e: any) => e.actorId === patient.id).length >= 4, JSON.stringify(denied.body.items));

  const mine = await t.call("GET", "/api/appointments", { token: patient.token });
  assert.ok(mine.body.items.every((a: any) => a.patientId === patient.patientId));

  const docUser = await t.user("doctor", { doctorId: doctor.id });
  const otherDocUser = await t.user("doctor", { doctorId: otherDoctor.id });
  assert.equal((await t.call("GET", `/api/appointments/${theirs.body.id}`, { token: docUser.token })).status, 200);
  problem(await t.call("GET", `/api/appointments/${theirs.body.id}`, { token: otherDocUser.token }), 404);
  const schedule = await t.call("GET", "/api/appointments", { token: otherDocUser.token });
  assert.deepEqual(schedule.body.items, []);
  // A doctor reads the records of their own patients only.
  assert.equal((await t.call("GET", `/api/patients/${other}`, { token: docUser.token })).status, 200);
  problem(await t.call("GET", `/api/patients/${other}`, { token: otherDocUser.token }), 403);
  const docPatients = await t.call("GET", "/api/patients", { token: docUser.token });
  assert.deepEqual(
    docPatients.body.items.map((p: any) => p.id),
    [other],
  );
  // Not started yet: a doctor cannot complete it early.
  problem(await t.call("POST", `/api/appointments/${theirs.body.id}/complete`, { token: docUser.token }), 409);
});

test("completing and no-show after the start; final states stay final", async () => {
  const { useDb } = await import("@carebeat/core/drizzle");
  const doctor = await newDoctor();
  const docUser = await t.user("doctor", { doctorId: doctor.id });
  const a = await t.call("POST", "/api/appointments", { token: staff.token, body: { doctorId: doctor.id, patientId: await newPatient(), ...slot(0) } });
  const b = await t.call("POST", "/api/appointments", { token: staff.token, body: { doctorId: doctor.id, patientId: await newPatient(), ...slot(2) } });
  // Move both into the past directly in the database (booking in the past is refused by design).
  await useDb().execute(sql`update appointments set starts_at = starts_at - interval '3 days', ends_at = ends_at - interval '3 days' where id in (${a.body.id}, ${b.body.id})`);
  const done = await t.call("POST", `/api/appointments/${a.body.id}/complete`, { token: docUser.token });
  assert.equal(done.status, 200);
  assert.equal(done.body.status, "completed");
  assert.equal((await t.call("POST", `/api/appointments/${b.body.id}/no-show`, { token: docUser.token })).body.status, "no_show");
  problem(await t.call("POST", `/api/appointments/${a.body.id}/cancel`, { token: staff.token, body: {} }), 409);
  problem(await t.call("POST", `/api/appointments/${b.body.id}/complete`, { token: staff.token }), 409);
  assert.deepEqual(
    (await outbox(a.body.id)).map((e) => e.type),
    ["appointment.booked", "appointment.completed"],
  );
  assert.deepEqual(
    (await outbox(b.body.id)).map((e) => e.type),
    ["appointment.booked", "appointment.no_show"],
  );
});

test("a failure after the insert leaves neither the appointment nor an outbox row", async () => {
  const { Outbox } = await import("@carebeat/core/events");
  const { useDb } = await import("@carebeat/core/drizzle");
  const doctor = await newDoctor();
  const patientId = await newPatient();
  // Earlier bookings' billing executions write invoice events; let them finish first.
  await billingIdle();
  Outbox.testing.failNextWrite = true;
  const res = await t.call("POST", "/api/appointments", { token: staff.token, body: { doctorId: doctor.id, patientId, ...slot(0) } });
  assert.equal(res.status, 500);
  assert.equal(Outbox.testing.failNextWrite, false, "the hook fired");
  const rows = (await useDb().execute(sql`select count(*)::int as n from appointments where doctor_id = ${doctor.id}`)) as any;
  assert.equal(rows[0].n, 0);
  const events = (await useDb().execute(sql`select count(*)::int as n from outbox where key = ${doctor.id}`)) as any;
  assert.equal(events[0].n, 0);
  // And the slot is still bookable.
  assert.equal((await t.call("POST", "/api/appointments", { token: staff.token, body: { doctorId: doctor.id, patientId, ...slot(0) } })).status, 201);
});

test("50 simultaneous overlapping bookings: exactly one wins", { timeout: 120_000 }, async () => {
  const { useDb } = await import("@carebeat/core/drizzle");
  const doctor = await newDoctor();
  const patients = await Promise.all(Array.from({ length: 5 }, () => newPatient()));
  const results = await Promise.all(
    Array.from({ length: 50 }, (_, i) => {
      const start = new Date(Date.parse(slot(10).startsAt) + (i % 3) * 5 * 60_000); // 10:00, :05, :10 — all overlap
      return t.call("POST", "/api/appointments", {
        token: staff.token,
        body: { doctorId: doctor.id, patientId: patients[i % 5], startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 30 * 60_000).toISOString() },
      });
    }),
  );
  const statuses = results.map((r) => r.status);
  assert.equal(statuses.filter((s) => s === 201).length, 1, statuses.join(","));
  assert.equal(statuses.filter((s) => s === 409).length, 49, statuses.join(","));
  const rows = (await useDb().execute(sql`select count(*)::int as n from appointments where doctor_id = ${doctor.id}`)) as any;
  assert.equal(rows[0].n, 1);
  const events = (await useDb().execute(sql`select count(*)::int as n from outbox where key = ${doctor.id}`)) as any;
  assert.equal(events[0].n, 1);
});

test("simultaneous moves of different appointments into one slot: exactly one wins", { timeout: 120_000 }, async () => {
  const { useDb } = await import("@carebeat/core/drizzle");
  const doctor = await newDoctor();
  const booked = await Promise.all(
    Array.from(
      { length: 10 },
      async (_, i) => (await t.call("POST", "/api/appointments", { token: staff.token, body: { doctorId: doctor.id, patientId: await newPatient(), ...slot(20 + i) } })).body,
    ),
  );
  const results = await Promise.all(booked.map((a) => t.call("PATCH", `/api/appointments/${a.id}`, { token: staff.token, body: slot(40) })));
  const statuses = results.map((r) => r.status);
  assert.equal(statuses.filter((s) => s === 200).length, 1, statuses.join(","));
  assert.equal(statuses.filter((s) => s === 409).length, 9, statuses.join(","));
  const moved = (await useDb().execute(sql`select count(*)::int as n from outbox where key = ${doctor.id} and type = 'appointment.rescheduled'`)) as any;
  assert.equal(moved[0].n, 1);
});

test("a missing appointment and someone else's answer a patient identically, and both attempts are audited", async () => {
  const doctor = await newDoctor();
  const other = await newPatient();
  const theirs = await t.call("POST", "/api/appointments", { token: staff.token, body: { doctorId: doctor.id, patientId: other, ...slot(12) } });
  assert.equal(theirs.status, 201);
  const missingId = "apt_01jzzzzzzzzzzzzzzzzzzzzzzz";
  const shape = (r: any) => ({ status: r.status, contentType: r.contentType, body: { ...r.body, requestId: undefined, instance: undefined } });
  for (const [method, suffix, body] of [
    ["GET", "", undefined],
    ["POST", "/cancel", {}],
    ["PATCH", "", slot(14)],
  ] as const) {
    const a = await t.call(method, `/api/appointments/${theirs.body.id}${suffix}`, { token: patient.token, body });
    const b = await t.call(method, `/api/appointments/${missingId}${suffix}`, { token: patient.token, body });
    assert.deepEqual(shape(a), shape(b), `${method} ${suffix}`);
    assert.equal(a.status, 404);
  }
  const log = await t.call("GET", `/api/audit?actorId=${patient.id}&outcome=denied&limit=200`, { token: admin.token });
  const reasons = log.body.items.filter((e: any) => [theirs.body.id, missingId].includes(e.resourceId)).map((e: any) => `${e.action}:${e.detail.reason}`);
  for (const r of [
    "appointment.read:not_yours",
    "appointment.read:not_found",
    "appointment.cancel:not_yours",
    "appointment.cancel:not_found",
    "appointment.reschedule:not_yours",
    "appointment.reschedule:not_found",
  ])
    assert.ok(reasons.includes(r), `${r} in ${reasons}`);
});

test("hours narrowed and restored: bookings follow the doctor as stored, not a stale cached copy", async () => {
  const doctor = await newDoctor();
  const patientId = await newPatient();
  const book = (n: number) => t.call("POST", "/api/appointments", { token: staff.token, body: { doctorId: doctor.id, patientId, ...slot(n) } });
  assert.equal((await book(0)).status, 201);
  const day = new Date(slot(2).startsAt).getUTCDay() || 7;
  const otherDay = (day % 7) + 1;
  const setHours = (workingHours: unknown) => t.call("PATCH", `/api/doctors/${doctor.id}`, { token: admin.token, body: { workingHours } });
  assert.equal((await setHours([{ day: otherDay, start: "00:00", end: "24:00" }])).status, 200);
  problem(await book(2), 422, "startsAt");
  assert.equal((await setHours([1, 2, 3, 4, 5, 6, 7].map((d) => ({ day: d, start: "00:00", end: "24:00" })))).status, 200);
  const again = await book(2);
  assert.equal(again.status, 201, JSON.stringify(again.body));
});
