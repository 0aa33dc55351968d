import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startTestApp, type TestApp, type TestUser } from "@carebeat/local/testing";
import { newDoctor, slot, query, problem } from "../api/routes/clinic.fixtures";

/** prescription.* events → the outbox → the event log → this consumer → the per-doctor, per-day counts. */
let t: TestApp;
let admin: TestUser, staff: TestUser, pharmacist: TestUser;
let log: { stop(): Promise<void>; drain(): Promise<void> };
before(async () => {
  t = await startTestApp();
  const { startEventLog } = await import("@carebeat/local/events/index");
  log = await startEventLog({});
  admin = await t.user("admin");
  staff = await t.user("staff");
  pharmacist = await t.user("pharmacist");
});
after(async () => {
  await log?.stop();
  await t?.stop();
});

async function until<T>(probe: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 25));
  }
}

test("prescriptions and dispenses are counted per prescriber and day; a doctor sees their own; a redelivery counts nothing", async () => {
  const d = await newDoctor(t, admin.token);
  const doctor = await t.user("doctor", { doctorId: d.id });
  const pat = await t.call("POST", "/api/patients", { token: staff.token, body: { name: { given: "Ana", family: "Lytics" } } });
  const visit = await t.call("POST", "/api/appointments", { token: staff.token, body: { doctorId: d.id, patientId: pat.body.id, ...slot(0) } });
  await query("update appointments set starts_at = starts_at - interval '3 days', ends_at = ends_at - interval '3 days' where id = $1", [visit.body.id]);
  const body = {
    appointmentId: visit.body.id,
    medicationId: "med_seed_ibuprofen_400",
    dose: { amount: 1, unit: "tablet", frequency: "as_needed" },
    quantity: 24,
    validUntil: new Date(Date.now() + 9e8).toISOString().slice(0, 10),
  };
  const a = await t.call("POST", "/api/prescriptions", { token: doctor.token, body });
  const b = await t.call("POST", "/api/prescriptions", { token: doctor.token, body });
  assert.equal(a.status, 201, JSON.stringify(a.body));
  for (const units of [10, 14])
    assert.equal(
      (await t.call("POST", `/api/prescriptions/${a.body.id}/dispense`, { token: pharmacist.token, body: { units }, headers: { "idempotency-key": `a-${units}` } })).status,
      200,
    );
  await t.call("POST", `/api/prescriptions/${b.body.id}/cancel`, { token: doctor.token, body: { reason: "duplicate" } });

  const today = new Date().toISOString().slice(0, 10);
  const mine = await until(async () => {
    const res = await t.call("GET", "/api/analytics/prescriptions", { token: doctor.token });
    return res.body.totals.cancelled === 1 && res.body.totals.dispenses === 2 ? res.body : undefined;
  });
  assert.deepEqual(mine.totals, { prescribed: 2, dispenses: 2, dispensedUnits: 24, cancelled: 1 });
  assert.deepEqual(
    mine.doctors.map((x: any) => x.doctorId),
    [d.id],
  );
  assert.deepEqual(mine.daily[0], { day: today, prescribed: 2, dispenses: 2, dispensedUnits: 24, cancelled: 1 });
  const clinic = (await t.call("GET", "/api/analytics/prescriptions", { token: staff.token })).body;
  assert.ok(clinic.doctors.some((x: any) => x.doctorId === d.id && x.prescribed === 2));
  problem(await t.call("GET", "/api/analytics/prescriptions", { token: pharmacist.token }), 403);

  // Redelivery (a Kafka retry): the same events again add nothing.
  const { Analytics } = await import("@carebeat/core/analytics");
  const rows = await query<{ payload: any }>("select payload from outbox where key = $1 order by seq", [a.body.id]);
  const again = await Analytics.applyPrescriptions(rows.map((r) => r.payload));
  assert.deepEqual(again, { applied: 0, duplicates: 3 });
  assert.deepEqual((await t.call("GET", "/api/analytics/prescriptions", { token: doctor.token })).body.totals, mine.totals);
});
