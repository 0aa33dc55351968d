import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startTestApp, type TestApp, type TestResponse, type TestUser } from "@carebeat/local/testing";
import { validateR4 } from "@carebeat/core/fhir/validate.testing";
import { toFhirId } from "@carebeat/core/fhir/ids";
import { newDoctor, query, slot } from "./clinic.fixtures";

/**
 * Medication, MedicationRequest and MedicationDispense through the real app (PGlite or
 * DATABASE_URL): read and search by role, refusals as OperationOutcomes, every body valid R4,
 * the audit rows, and a `$export` of the three types counted against the REST list.
 */
process.env.CAREBEAT_EXPORT_PAGE_SIZE = "3";
process.env.CAREBEAT_EXPORT_POLL_SECONDS = "0.2";

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
const rx: string[] = [];
let dispenseId = "";

async function newPatientId(family: string) {
  const res = await t.call("POST", "/api/patients", { token: staff.token, body: { name: { given: "Ana", family }, birthDate: "1975-01-02" } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id as string;
}

async function seenVisit(pat: TestUser, doc: TestUser) {
  const booked = await t.call("POST", "/api/appointments", { token: staff.token, body: { doctorId: doc.doctorId, patientId: pat.patientId, ...slot(n++) } });
  assert.equal(booked.status, 201, JSON.stringify(booked.body));
  await query("update appointments set starts_at = starts_at - interval '3 days', ends_at = ends_at - interval '3 days' where id = $1", [booked.body.id]);
  assert.equal((await t.call("POST", `/api/appointments/${booked.body.id}/complete`, { token: doc.token })).status, 200);
  return booked.body.id as string;
}

async function prescribe(pat: TestUser, doc: TestUser, frequency = "three_times_daily") {
  const res = await t.call("POST", "/api/prescriptions", {
    token: doc.token,
    body: {
      appointmentId: await seenVisit(pat, doc),
      medicationId: PARACETAMOL,
      dose: { amount: 1, unit: "tablet", frequency },
      instructions: "After meals",
      quantity: 10,
      repeats: 1,
      validUntil: inDays(30),
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id as string;
}

before(async () => {
  t = await startTestApp();
  admin = await t.user("admin");
  staff = await t.user("staff");
  doctor = await t.user("doctor", { doctorId: (await newDoctor(t, admin.token, { name: "Dr Fhir Rx" })).id });
  otherDoctor = await t.user("doctor", { doctorId: (await newDoctor(t, admin.token)).id });
  pharmacist = await t.user("pharmacist");
  patient = await t.user("patient", { patientId: await newPatientId("Medina") });
  otherPatient = await t.user("patient", { patientId: await newPatientId("Otra") });
  rx.push(await prescribe(patient, doctor));
  rx.push(await prescribe(patient, doctor, "as_needed"));
  rx.push(await prescribe(otherPatient, otherDoctor, "weekly"));
  rx.push(await prescribe(patient, doctor, "at_bedtime"));
  // rx[0]: one fill dispensed (dispensed, a repeat left → active); rx[1] cancelled; rx[3] expired; rx[2] partly dispensed.
  const d = await t.call("POST", `/api/prescriptions/${rx[0]}/dispense`, { token: pharmacist.token, body: { units: 10 }, headers: { "idempotency-key": "fx-1" } });
  assert.equal(d.status, 200, JSON.stringify(d.body));
  dispenseId = d.body.dispense.id;
  assert.equal((await t.call("POST", `/api/prescriptions/${rx[2]}/dispense`, { token: pharmacist.token, body: { units: 3 }, headers: { "idempotency-key": "fx-2" } })).status, 200);
  assert.equal((await t.call("POST", `/api/prescriptions/${rx[1]}/cancel`, { token: doctor.token, body: { reason: "Wrong dose" } })).status, 200);
  await query("update prescriptions set valid_until = $2 where id = $1", [rx[3], inDays(-2)]);
});
after(async () => t?.stop());

function fhir(res: TestResponse, status: number) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.match(res.contentType, /^application\/fhir\+json/);
  validateR4(res.body);
  for (const e of res.body.entry ?? []) validateR4(e.resource);
  return res.body;
}
const get = (path: string, token?: string, headers?: Record<string, string>) => t.call("GET", path, { token, headers });
const ids = (bundle: any) => (bundle.entry ?? []).map((e: any) => e.resource.id);
const fid = toFhirId;

test("Medication: read by id (seed ids with several _), search by ATC code and _id, unknown parameter 400 unless lenient", async () => {
  const m = fhir(await get(`/fhir/R4/Medication/med-seed-paracetamol-500`, patient.token), 200);
  assert.equal(m.resourceType, "Medication");
  assert.equal(m.status, "active");
  assert.match(m.code.text, /Paracetamol/);
  const atc = m.code.coding?.find((c: any) => c.system === "http://www.whocc.no/atc")?.code;
  if (atc) {
    const found = fhir(await get(`/fhir/R4/Medication?code=http://www.whocc.no/atc|${atc}`, pharmacist.token), 200);
    assert.ok(ids(found).includes(m.id));
    assert.equal(ids(fhir(await get(`/fhir/R4/Medication?code=http://other|${atc}`, pharmacist.token), 200)).length, 0);
  }
  assert.deepEqual(ids(fhir(await get(`/fhir/R4/Medication?_id=${m.id}`, doctor.token), 200)), [m.id]);
  const all = fhir(await get(`/fhir/R4/Medication?_count=2`, staff.token), 200);
  assert.equal(all.entry.length, 2);
  const next = all.link.find((l: any) => l.relation === "next");
  assert.ok(next, "a next link");
  const page2 = fhir(await get(next.url.replace(/^https?:\/\/[^/]+/, ""), staff.token), 200);
  assert.ok(!ids(page2).some((i: string) => ids(all).includes(i)), "pages do not overlap");
  fhir(await get(`/fhir/R4/Medication?colour=red`, staff.token), 400);
  fhir(await get(`/fhir/R4/Medication?colour=red`, staff.token, { prefer: "handling=lenient" }), 200);
  fhir(await get(`/fhir/R4/Medication/med-nope`, staff.token), 404);
  fhir(await get(`/fhir/R4/Medication`), 401);
});

test("MedicationRequest: status mapping, timing, read and search by role; refusals audited", async () => {
  const r0 = fhir(await get(`/fhir/R4/MedicationRequest/${fid(rx[0]!)}`, patient.token), 200);
  assert.equal(r0.status, "active", "one whole fill dispensed with a repeat left is still active");
  assert.equal(r0.subject.reference, `Patient/${fid(patient.patientId!)}`);
  assert.equal(r0.requester.reference, `Practitioner/${fid(doctor.doctorId!)}`);
  assert.deepEqual(r0.dosageInstruction[0].timing.repeat, { frequency: 3, period: 1, periodUnit: "d" });
  assert.equal(r0.dispenseRequest.numberOfRepeatsAllowed, 1);
  const r1 = fhir(await get(`/fhir/R4/MedicationRequest/${fid(rx[1]!)}`, doctor.token), 200);
  assert.equal(r1.status, "cancelled");
  assert.equal(r1.dosageInstruction[0].asNeededBoolean, true);
  assert.equal(fhir(await get(`/fhir/R4/MedicationRequest/${fid(rx[2]!)}`, staff.token), 200).status, "active");
  assert.equal(fhir(await get(`/fhir/R4/MedicationRequest/${fid(rx[3]!)}`, admin.token), 200).status, "stopped");

  // Refusals: another patient's, another doctor's prescription (403, audited with the patient id).
  fhir(await get(`/fhir/R4/MedicationRequest/${fid(rx[2]!)}`, patient.token), 403);
  fhir(await get(`/fhir/R4/MedicationRequest/${fid(rx[0]!)}`, otherDoctor.token), 403);
  const [denied] = await query("select count(*)::int as n from audit_log where action = 'prescription.read' and outcome = 'denied' and patient_id = $1", [otherPatient.patientId]);
  assert.ok(denied.n >= 1, "the refusal is audited with the patient id");
  fhir(await get(`/fhir/R4/MedicationRequest/rx-01jzzzzzzzzzzzzzzzzzzzzzzz`, admin.token), 404);
  fhir(await get(`/fhir/R4/MedicationRequest`), 401);

  // Search: a patient sees their own only; naming another is a 403.
  const mine = fhir(await get(`/fhir/R4/MedicationRequest`, patient.token), 200);
  assert.deepEqual(new Set(ids(mine)), new Set([rx[0], rx[1], rx[3]].map((i) => fid(i!))));
  fhir(await get(`/fhir/R4/MedicationRequest?patient=Patient/${fid(otherPatient.patientId!)}`, patient.token), 403);
  assert.deepEqual(
    new Set(ids(fhir(await get(`/fhir/R4/MedicationRequest?subject=Patient/${fid(patient.patientId!)}&status=active,stopped`, staff.token), 200))),
    new Set([rx[0], rx[3]].map((i) => fid(i!))),
  );
  assert.deepEqual(ids(fhir(await get(`/fhir/R4/MedicationRequest?subject=Patient/${fid(patient.patientId!)}&status=completed`, staff.token), 200)), []);
  assert.deepEqual(ids(fhir(await get(`/fhir/R4/MedicationRequest?requester=Practitioner/${fid(otherDoctor.doctorId!)}`, admin.token), 200)), [fid(rx[2]!)]);
  assert.equal(ids(fhir(await get(`/fhir/R4/MedicationRequest`, otherDoctor.token), 200)).length, 1, "a doctor sees what they prescribed");
  assert.equal(ids(fhir(await get(`/fhir/R4/MedicationRequest?status=on-hold`, staff.token), 200)).length, 0);
  fhir(await get(`/fhir/R4/MedicationRequest?status=paused`, staff.token), 400);
  fhir(await get(`/fhir/R4/MedicationRequest?intent=order`, staff.token), 400);
  const since = fhir(await get(`/fhir/R4/MedicationRequest?_lastUpdated=ge2000-01-01&patient=${fid(patient.patientId!)}`, staff.token), 200);
  assert.equal(ids(since).length, 3);
  const paged = fhir(await get(`/fhir/R4/MedicationRequest?_count=2`, admin.token), 200);
  assert.equal(paged.entry.length, 2);
  assert.ok(paged.link.some((l: any) => l.relation === "next"));

  // The pharmacist: the dispensable queue, the patient by name only; never by patient id.
  const queue = fhir(await get(`/fhir/R4/MedicationRequest`, pharmacist.token), 200);
  assert.ok(!ids(queue).includes(fid(rx[1]!)) && !ids(queue).includes(fid(rx[3]!)), "no cancelled or expired");
  assert.ok(ids(queue).includes(fid(rx[2]!)));
  for (const e of queue.entry) assert.equal(e.resource.subject.reference, undefined);
  const one = fhir(await get(`/fhir/R4/MedicationRequest/${fid(rx[2]!)}`, pharmacist.token), 200);
  assert.deepEqual(one.subject, { display: "Ana Otra" });
  fhir(await get(`/fhir/R4/MedicationRequest?patient=${fid(patient.patientId!)}`, pharmacist.token), 403);
});

test("MedicationDispense: read and search by patient and prescription, scoped by role", async () => {
  const d = fhir(await get(`/fhir/R4/MedicationDispense/${fid(dispenseId)}`, patient.token), 200);
  assert.equal(d.status, "completed");
  assert.deepEqual(d.authorizingPrescription, [{ reference: `MedicationRequest/${fid(rx[0]!)}` }]);
  assert.equal(d.quantity.value, 10);
  fhir(await get(`/fhir/R4/MedicationDispense/${fid(dispenseId)}`, otherPatient.token), 403);
  fhir(await get(`/fhir/R4/MedicationDispense/dsp-01jzzzzzzzzzzzzzzzzzzzzzzz`, admin.token), 404);
  assert.deepEqual(ids(fhir(await get(`/fhir/R4/MedicationDispense?prescription=MedicationRequest/${fid(rx[0]!)}`, doctor.token), 200)), [fid(dispenseId)]);
  assert.equal(ids(fhir(await get(`/fhir/R4/MedicationDispense?patient=Patient/${fid(patient.patientId!)}`, staff.token), 200)).length, 1);
  assert.equal(ids(fhir(await get(`/fhir/R4/MedicationDispense`, otherPatient.token), 200)).length, 1, "their own only");
  fhir(await get(`/fhir/R4/MedicationDispense?patient=Patient/${fid(patient.patientId!)}`, otherPatient.token), 403);
  assert.equal(ids(fhir(await get(`/fhir/R4/MedicationDispense`, pharmacist.token), 200)).length >= 2, true);
  fhir(await get(`/fhir/R4/MedicationDispense?prescription=Patient/x1`, staff.token), 400);
  const [audited] = await query("select count(*)::int as n from audit_log where action = 'prescription.dispense.read' and patient_id = $1", [patient.patientId]);
  assert.ok(audited.n >= 1, "reads are audited with the patient id");
});

test("CapabilityStatement lists the three types with their search parameters", async () => {
  const cs = fhir(await get(`/fhir/R4/metadata`), 200);
  const byType = Object.fromEntries(cs.rest[0].resource.map((r: any) => [r.type, r]));
  for (const type of ["Medication", "MedicationRequest", "MedicationDispense"])
    assert.deepEqual(
      byType[type].interaction.map((i: any) => i.code),
      ["read", "search-type"],
    );
  assert.ok(byType.MedicationRequest.searchParam.some((p: any) => p.name === "status"));
  assert.ok(byType.MedicationDispense.searchParam.some((p: any) => p.name === "prescription"));
});

async function restCount(path: string) {
  let count = 0;
  let cursor: string | null = null;
  do {
    const res: TestResponse = await t.call("GET", `${path}?limit=100${cursor ? `&cursor=${cursor}` : ""}`, { token: admin.token });
    assert.equal(res.status, 200);
    count += res.body.items.length;
    cursor = res.body.nextCursor;
  } while (cursor);
  return count;
}

test("$export _type=Medication,MedicationRequest,MedicationDispense: every line valid R4, counts equal to the REST lists", async () => {
  const kick = await t.call("GET", "/fhir/R4/$export?_type=Medication,MedicationRequest,MedicationDispense", { token: admin.token, headers: { prefer: "respond-async" } });
  assert.equal(kick.status, 202, JSON.stringify(kick.body));
  const status = kick.headers.get("content-location")!.replace(/^https?:\/\/[^/]+/, "");
  let m: any;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await t.call("GET", status, { token: admin.token });
    if (res.status === 200) {
      m = res.body;
      break;
    }
    assert.equal(res.status, 202, JSON.stringify(res.body));
    if (Date.now() > deadline) throw new Error("export did not finish");
    await new Promise((r) => setTimeout(r, 250));
  }
  const counts: Record<string, number> = {};
  for (const o of m.output) {
    const res = await t.app.request(o.url.replace(/^https?:\/\/[^/]+/, ""), { headers: { authorization: `Bearer ${admin.token}` } });
    assert.equal(res.status, 200);
    const lines = (await res.text()).split("\n").filter(Boolean);
    for (const line of lines) {
      const r = JSON.parse(line);
      assert.equal(r.resourceType, o.type);
      validateR4(r);
    }
    counts[o.type] = (counts[o.type] ?? 0) + lines.length;
  }
  assert.equal(counts.MedicationRequest, await restCount("/api/prescriptions"));
  const meds = await t.call("GET", "/api/prescriptions/medications?includeRetired=true", { token: admin.token });
  assert.equal(meds.status, 200, JSON.stringify(meds.body));
  assert.equal(counts.Medication, meds.body.items.length);
  const [dispenses] = await query("select count(*)::int as n from prescription_dispenses");
  assert.equal(counts.MedicationDispense, dispenses.n);
});
