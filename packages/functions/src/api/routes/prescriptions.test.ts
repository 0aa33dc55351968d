import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { startTestApp, type TestApp, type TestUser } from "@carebeat/local/testing";
import { slot, problem, newDoctor, query } from "./clinic.fixtures";

/**
 * Prescriptions through the API (docs/prescriptions.md): prescribing from a seen visit, the
 * pharmacy's narrow view, dispensing against quantity × (1 + repeats) with an Idempotency-Key,
 * the over-dispense race, the repeat request flow, the audit rows and the outbox events.
 */
let t: TestApp;
let admin: TestUser;
let staff: TestUser;
let doctor: TestUser;
let otherDoctor: TestUser;
let pharmacist: TestUser;
let patient: TestUser;
let otherPatient: TestUser;
let n = 0;
const PARACETAMOL = "med_seed_paracetamol_500";
const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);

async function newPatientWithBirthDate(family: string) {
  const res = await t.call("POST", "/api/patients", {
    token: staff.token,
    body: { name: { given: "Rita", family }, birthDate: "1980-04-02", contact: { email: `${family.toLowerCase()}@example.com` } },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id as string;
}

before(async () => {
  t = await startTestApp();
  admin = await t.user("admin");
  staff = await t.user("staff");
  const d1 = await newDoctor(t, admin.token, { name: "Dr Rx Prescriber" });
  const d2 = await newDoctor(t, admin.token);
  doctor = await t.user("doctor", { doctorId: d1.id });
  otherDoctor = await t.user("doctor", { doctorId: d2.id });
  pharmacist = await t.user("pharmacist");
  patient = await t.user("patient", { patientId: await newPatientWithBirthDate("Receta") });
  otherPatient = await t.user("patient", { patientId: await newPatientWithBirthDate("Other") });
});
after(async () => t?.stop());

/** A visit of `doc` with `pat`, moved into the past and completed (or only started). */
async function seenVisit(pat = patient, doc = doctor, complete = true) {
  const booked = await t.call("POST", "/api/appointments", { token: staff.token, body: { doctorId: doc.doctorId, patientId: pat.patientId, ...slot(n++) } });
  assert.equal(booked.status, 201, JSON.stringify(booked.body));
  // Booking in the past is refused by design: move it there in the database (a started one: begun 10 minutes ago).
  if (complete) await query("update appointments set starts_at = starts_at - interval '3 days', ends_at = ends_at - interval '3 days' where id = $1", [booked.body.id]);
  else await query("update appointments set starts_at = now() - interval '10 minutes', ends_at = now() + interval '20 minutes' where id = $1", [booked.body.id]);
  if (complete) assert.equal((await t.call("POST", `/api/appointments/${booked.body.id}/complete`, { token: doc.token })).status, 200);
  return booked.body.id as string;
}

async function prescribe(appointmentId: string, extra: Record<string, unknown> = {}, token = doctor.token) {
  return t.call("POST", "/api/prescriptions", {
    token,
    body: {
      appointmentId,
      medicationId: PARACETAMOL,
      dose: { amount: 1, unit: "tablet", frequency: "three_times_daily" },
      instructions: "After meals",
      quantity: 20,
      repeats: 1,
      validUntil: inDays(30),
      ...extra,
    },
  });
}

const dispense = (id: string, units: number, key = `k-${Math.random()}`, token = pharmacist.token) =>
  t.call("POST", `/api/prescriptions/${id}/dispense`, { token, body: { units }, headers: { "idempotency-key": key } });

test("life cycle: prescribe from a seen visit, dispense fill by fill, completed; every step audited and announced", async () => {
  const visit = await seenVisit();
  const rx = await prescribe(visit);
  assert.equal(rx.status, 201, JSON.stringify(rx.body));
  assert.equal(rx.body.status, "active");
  assert.equal(rx.body.patientName, "Rita Receta");
  assert.equal(rx.body.doctorName, "Dr Rx Prescriber");
  assert.equal(rx.body.dose.text, "1 tablet three times a day");
  assert.equal(rx.body.remainingUnits, 40);
  const id = rx.body.id as string;

  // The pharmacy sees the name and birth date, no ids of the record.
  const q = await t.call("GET", "/api/prescriptions/queue", { token: pharmacist.token });
  assert.equal(q.status, 200);
  const item = q.body.items.find((i: any) => i.id === id);
  assert.deepEqual(item.patient, { name: "Rita Receta", birthDate: "1980-04-02" });
  assert.equal(item.patientId, undefined);
  assert.equal(item.appointmentId, undefined);
  assert.doesNotMatch(JSON.stringify(item), /@example\.com|pat_/);

  let r = await dispense(id, 15);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.prescription.status, "partly_dispensed");
  assert.equal(r.body.prescription.fillRemainingUnits, 5);
  // A dispense never crosses into the repeat: 6 > the 5 left of this fill.
  problem(await dispense(id, 6), 409, "units");
  r = await dispense(id, 5);
  assert.equal(r.body.prescription.status, "dispensed");
  r = await dispense(id, 20);
  assert.equal(r.body.prescription.status, "completed");
  assert.equal(r.body.prescription.remainingUnits, 0);
  problem(await dispense(id, 1), 409);
  const read = await t.call("GET", `/api/prescriptions/${id}`, { token: patient.token });
  assert.equal(read.body.status, "completed");
  assert.equal(read.body.dispensedUnits, 40);

  const events = await query<{ type: string; payload: any }>("select type, payload from outbox where key = $1 order by seq", [id]);
  assert.deepEqual(
    events.map((e) => e.type),
    ["prescription.prescribed", "prescription.dispensed", "prescription.dispensed", "prescription.dispensed"],
  );
  assert.deepEqual(
    events.slice(1).map((e) => e.payload.data.units),
    [15, 5, 20],
  );
  assert.doesNotMatch(JSON.stringify(events), /Receta|Paracetamol|After meals/, "no names or doses in events");
  const audit = await query<{ action: string; patient_id: string }>("select action, patient_id from audit_log where resource_id = $1 and outcome = 'success' order by at", [id]);
  assert.deepEqual([...new Set(audit.map((a) => a.action))].sort(), ["prescription.create", "prescription.dispense", "prescription.read"]);
  assert.ok(audit.every((a) => a.patient_id === patient.patientId));
});

test("prescribing needs your own visit, completed or in progress, and a catalogue medication", async () => {
  const future = await t.call("POST", "/api/appointments", { token: staff.token, body: { doctorId: doctor.doctorId, patientId: patient.patientId, ...slot(n++) } });
  problem(await prescribe(future.body.id), 422, "appointmentId");
  const started = await seenVisit(patient, doctor, false);
  assert.equal((await prescribe(started)).status, 201, "a visit in progress counts");
  const theirs = await seenVisit(patient, otherDoctor);
  problem(await prescribe(theirs), 403);
  problem(await prescribe(started, { medicationId: "med_nope" }), 422, "medicationId");
  problem(await prescribe(started, { validUntil: inDays(-1) }), 400, "validUntil");
  problem(await prescribe(started, { dose: { amount: 0.0001, unit: "tablet", frequency: "once_daily" } }), 400, "dose.amount");
  problem(await prescribe(started, { quantity: 0 }), 400, "quantity");
  problem(await prescribe(started, {}, pharmacist.token), 403);
});

test("a patient and a doctor see their own; cancelled and expired prescriptions cannot be dispensed", async () => {
  const rx = (await prescribe(await seenVisit())).body;
  problem(await t.call("GET", `/api/prescriptions/${rx.id}`, { token: otherPatient.token }), 403);
  problem(await t.call("GET", `/api/prescriptions/${rx.id}`, { token: otherDoctor.token }), 403);
  const mine = await t.call("GET", "/api/prescriptions", { token: otherPatient.token });
  assert.ok(mine.body.items.every((i: any) => i.patientId === otherPatient.patientId));
  problem(await t.call("GET", `/api/prescriptions?patientId=${patient.patientId}`, { token: otherPatient.token }), 403);

  problem(await t.call("POST", `/api/prescriptions/${rx.id}/cancel`, { token: otherDoctor.token, body: { reason: "not mine" } }), 403);
  const cancelled = await t.call("POST", `/api/prescriptions/${rx.id}/cancel`, { token: doctor.token, body: { reason: "Dose change" } });
  assert.equal(cancelled.body.status, "cancelled");
  assert.equal(cancelled.body.remainingUnits, 0);
  problem(await dispense(rx.id, 1), 409);
  problem(await t.call("POST", `/api/prescriptions/${rx.id}/cancel`, { token: doctor.token, body: { reason: "again" } }), 409);

  const old = (await prescribe(await seenVisit())).body;
  await query("update prescriptions set valid_until = $1 where id = $2", [inDays(-1), old.id]);
  assert.equal((await t.call("GET", `/api/prescriptions/${old.id}`, { token: doctor.token })).body.status, "expired");
  problem(await dispense(old.id, 1), 409);
  const queue = await t.call("GET", "/api/prescriptions/queue?limit=200", { token: pharmacist.token });
  assert.ok(!queue.body.items.some((i: any) => i.id === old.id || i.id === rx.id));
  const expired = await t.call("GET", `/api/prescriptions?status=expired`, { token: doctor.token });
  assert.ok(expired.body.items.some((i: any) => i.id === old.id));
});

test("dispense is idempotent on its Idempotency-Key", async () => {
  const rx = (await prescribe(await seenVisit(), { quantity: 10, repeats: 0 })).body;
  problem(await t.call("POST", `/api/prescriptions/${rx.id}/dispense`, { token: pharmacist.token, body: { units: 1 } }), 400, "Idempotency-Key");
  const first = await dispense(rx.id, 4, "same-key");
  const again = await dispense(rx.id, 4, "same-key");
  assert.equal(again.status, 200);
  assert.equal(again.headers.get("idempotent-replayed"), "true");
  assert.equal(again.body.dispense.id, first.body.dispense.id);
  problem(await dispense(rx.id, 5, "same-key"), 422);
  const [row] = await query<{ dispensed_units: number }>("select dispensed_units from prescriptions where id = $1", [rx.id]);
  assert.equal(row!.dispensed_units, 4);
});

test("race: 50 concurrent dispenses of the last unit → exactly one wins", async () => {
  const rx = (await prescribe(await seenVisit(), { quantity: 50, repeats: 0 })).body;
  assert.equal((await dispense(rx.id, 49)).status, 200);
  const results = await Promise.all(Array.from({ length: 50 }, (_, i) => dispense(rx.id, 1, `race-${i}`)));
  const statuses = results.map((r) => r.status);
  assert.equal(statuses.filter((s) => s === 200).length, 1, JSON.stringify(statuses));
  assert.equal(statuses.filter((s) => s === 409).length, 49, JSON.stringify(statuses));
  const [row] = await query<{ dispensed_units: number; status: string }>("select dispensed_units, status from prescriptions where id = $1", [rx.id]);
  assert.deepEqual({ ...row }, { dispensed_units: 50, status: "completed" });
  const [count] = await query<{ n: number }>("select count(*)::int as n from prescription_dispenses where prescription_id = $1", [rx.id]);
  assert.equal(count!.n, 2);
});

test("the database refuses over-dispensing even without the application's check", async () => {
  const rx = (await prescribe(await seenVisit(), { quantity: 5, repeats: 0 })).body;
  await assert.rejects(query("update prescriptions set dispensed_units = 6 where id = $1", [rx.id]), /prescriptions_dispensed_within/);
});

test("repeat flow: the patient asks, the prescriber approves (a new prescription) or declines", async () => {
  const rx = (await prescribe(await seenVisit(), { quantity: 10, repeats: 0 })).body;
  problem(await t.call("POST", `/api/prescriptions/${rx.id}/repeat-requests`, { token: otherPatient.token, body: {} }), 403);
  const req = await t.call("POST", `/api/prescriptions/${rx.id}/repeat-requests`, { token: patient.token, body: { note: "Running low" } });
  assert.equal(req.status, 201, JSON.stringify(req.body));
  assert.equal(req.body.status, "pending");
  problem(await t.call("POST", `/api/prescriptions/${rx.id}/repeat-requests`, { token: patient.token, body: {} }), 409);

  const pending = await t.call("GET", "/api/prescriptions/repeat-requests", { token: doctor.token });
  assert.ok(pending.body.items.some((r: any) => r.id === req.body.id));
  const notTheirs = await t.call("GET", "/api/prescriptions/repeat-requests", { token: otherDoctor.token });
  assert.ok(!notTheirs.body.items.some((r: any) => r.id === req.body.id));
  problem(await t.call("POST", `/api/prescriptions/repeat-requests/${req.body.id}/approve`, { token: otherDoctor.token, body: {} }), 403);

  const approved = await t.call("POST", `/api/prescriptions/repeat-requests/${req.body.id}/approve`, { token: doctor.token, body: {} });
  assert.equal(approved.status, 200, JSON.stringify(approved.body));
  assert.equal(approved.body.request.status, "approved");
  const fresh = approved.body.prescription;
  assert.equal(fresh.replaces, rx.id);
  assert.equal(fresh.status, "active");
  assert.equal(fresh.medication.id, PARACETAMOL);
  assert.equal(fresh.quantity, 10);
  assert.equal(approved.body.request.newPrescriptionId, fresh.id);
  problem(await t.call("POST", `/api/prescriptions/repeat-requests/${req.body.id}/decline`, { token: doctor.token, body: { reason: "late" } }), 409);
  // The original is untouched (never edited in place).
  assert.equal((await t.call("GET", `/api/prescriptions/${rx.id}`, { token: doctor.token })).body.status, "active");

  const second = await t.call("POST", `/api/prescriptions/${rx.id}/repeat-requests`, { token: patient.token, body: {} });
  assert.equal(second.status, 201, "a decided request frees the slot");
  const declined = await t.call("POST", `/api/prescriptions/repeat-requests/${second.body.id}/decline`, { token: doctor.token, body: { reason: "Come in for a review first" } });
  assert.equal(declined.body.request.status, "declined");
  const mine = await t.call("GET", "/api/prescriptions/repeat-requests?status=declined", { token: patient.token });
  assert.equal(mine.body.items.find((r: any) => r.id === second.body.id)?.reason, "Come in for a review first");
  const types = (await query<{ type: string }>("select type from outbox where key in ($1, $2) order by seq", [rx.id, fresh.id])).map((e) => e.type);
  assert.deepEqual(types, [
    "prescription.prescribed",
    "prescription.repeat_requested",
    "prescription.prescribed",
    "prescription.repeat_approved",
    "prescription.repeat_requested",
    "prescription.repeat_declined",
  ]);
});

test("the catalogue: everyone reads it, admins add and retire", async () => {
  const list = await t.call("GET", "/api/prescriptions/medications", { token: doctor.token });
  assert.ok(list.body.items.length >= 10, "the seed list");
  assert.ok(list.body.items.some((m: any) => m.id === PARACETAMOL && m.atcCode === "N02BE01"));
  problem(await t.call("POST", "/api/prescriptions/medications", { token: doctor.token, body: {} }), 403);
  const added = await t.call("POST", "/api/prescriptions/medications", {
    token: admin.token,
    body: { name: `Testamol ${n++}`, strength: "5 mg", form: "tablet", packSize: 30, atcCode: "N02BE99" },
  });
  assert.equal(added.status, 201, JSON.stringify(added.body));
  problem(await t.call("POST", "/api/prescriptions/medications", { token: admin.token, body: { name: added.body.name, strength: "5 mg", form: "tablet", packSize: 30 } }), 409);
  problem(
    await t.call("POST", "/api/prescriptions/medications", { token: admin.token, body: { name: "X", strength: "1", form: "tablet", packSize: 1, atcCode: "bad" } }),
    400,
    "atcCode",
  );
  await t.call("PATCH", `/api/prescriptions/medications/${added.body.id}`, { token: admin.token, body: { active: false } });
  problem(await prescribe(await seenVisit(), { medicationId: added.body.id }), 422, "medicationId");
});

test("the printable prescription is stored in S3 and linked", async () => {
  const rx = (await prescribe(await seenVisit())).body;
  problem(await t.call("GET", `/api/prescriptions/${rx.id}/pdf?format=json`, { token: otherPatient.token }), 403);
  const link = await t.call("GET", `/api/prescriptions/${rx.id}/pdf?format=json`, { token: patient.token });
  assert.equal(link.status, 200, JSON.stringify(link.body));
  assert.match(link.body.url, /prescriptions%2F|prescriptions\//);
  const { GetObjectCommand, S3Client } = await import("@aws-sdk/client-s3");
  const bucket = JSON.parse(process.env.SST_RESOURCE_Invoices!).name;
  const object = await new S3Client({ forcePathStyle: true }).send(new GetObjectCommand({ Bucket: bucket, Key: `prescriptions/${rx.id}.pdf` }));
  const bytes = Buffer.from(await object.Body!.transformToByteArray());
  assert.equal(bytes.subarray(0, 5).toString(), "%PDF-");
  const text = execFileSync("pdftotext", ["-layout", "-", "-"], { input: bytes }).toString();
  for (const expected of ["Paracetamol 500 mg tablet", "1 tablet three times a day", "Dr Rx Prescriber", "Rita Receta", "1980-04-02"])
    assert.ok(text.includes(expected), `${expected} in:\n${text}`);
  assert.equal((await t.call("GET", `/api/prescriptions/${rx.id}/pdf`, { token: pharmacist.token })).status, 302);
  const downloads = await query("select 1 from audit_log where resource_id = $1 and action = 'prescription.download' and outcome = 'success' and patient_id = $2", [
    rx.id,
    patient.patientId,
  ]);
  assert.equal(downloads.length, 2);
});
