import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startTestApp, type TestApp, type TestResponse, type TestUser } from "@carebeat/local/testing";
import { validateR4 } from "@carebeat/core/fhir/validate.testing";
import { IDENTIFIER_SYSTEM, toFhirId } from "@carebeat/core/fhir/ids";
import { newDoctor, newPatient, outbox, slot, unique } from "./clinic.fixtures";

/**
 * FHIR writes through the real app and stand-ins: Patient create through the patients domain,
 * Appointment create as a booking (409/422, outbox, billing), cancellation and moves through
 * update and JSON Patch, If-Match → 412 with nothing written; every body validated as R4.
 */
process.env.CAREBEAT_SFN_RETRY_SCALE ??= "0.05";

let t: TestApp;
let admin: TestUser;
let staff: TestUser;
const FHIR = { "content-type": "application/fhir+json" };
const PATCH = { "content-type": "application/json-patch+json" };

before(async () => {
  t = await startTestApp();
  admin = await t.user("admin");
  staff = await t.user("staff");
});
after(async () => t?.stop());

function fhir(res: TestResponse, status: number) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.match(res.contentType, /^application\/fhir\+json/);
  validateR4(res.body);
  return res.body;
}
function outcome(res: TestResponse, status: number, field?: string) {
  const body = fhir(res, status);
  assert.equal(body.resourceType, "OperationOutcome");
  if (field)
    assert.ok(
      body.issue.some((i: any) => i.expression?.includes(field)),
      JSON.stringify(body.issue),
    );
  return body;
}
const send = (method: string, path: string, token: string | undefined, body: unknown, headers: Record<string, string> = FHIR) => t.call(method, path, { token, body, headers });

const patientResource = (family: string, extra: Record<string, unknown> = {}) => ({
  resourceType: "Patient",
  name: [{ use: "official", family, given: ["Ada", "May"] }],
  gender: "female",
  birthDate: "1985-03-01",
  telecom: [
    { system: "email", value: `ada.${family.toLowerCase()}@example.org` },
    { system: "phone", value: "+15551234567" },
  ],
  address: [{ line: ["1 Main St", "Flat 2"], city: "Springfield", state: "IL", postalCode: "62701", country: "US" }],
  ...extra,
});

test("Patient create: through the patients domain (201, Location, ETag, audit); the REST API reads the same record", async () => {
  const family = `Fhirw${unique()}`;
  const res = await send("POST", "/fhir/R4/Patient", staff.token, patientResource(family));
  const p = fhir(res, 201);
  assert.equal(res.headers.get("etag"), 'W/"1"');
  assert.equal(res.headers.get("location"), `http://localhost/fhir/R4/Patient/${p.id}`);
  const carebeatId = p.identifier[0].value as string;
  assert.equal(p.identifier[0].system, IDENTIFIER_SYSTEM.patient);
  const rest = await t.call("GET", `/api/patients/${carebeatId}`, { token: staff.token });
  assert.equal(rest.status, 200);
  assert.deepEqual(rest.body.name, { given: "Ada May", family });
  assert.equal(rest.body.sex, "female");
  assert.equal(rest.body.contact.phone, "+15551234567");
  assert.deepEqual(rest.body.address, { line1: "1 Main St", line2: "Flat 2", city: "Springfield", region: "IL", postalCode: "62701", country: "US" });
  const audit = (await t.call("GET", `/api/audit?patientId=${carebeatId}&limit=50`, { token: admin.token })).body.items as any[];
  assert.ok(audit.some((e) => e.action === "patient.create" && e.actorId === staff.id));
  // application/json is accepted too.
  fhir(await send("POST", "/fhir/R4/Patient", staff.token, patientResource(`${family}j`), { "content-type": "application/json" }), 201);
});

test("Patient create refusals: unstorable elements, domain rules, roles, media type — each an OperationOutcome, nothing written", async () => {
  const family = `Fhirx${unique()}`;
  outcome(await send("POST", "/fhir/R4/Patient", staff.token, patientResource(family, { maritalStatus: { text: "M" } })), 400, "body.maritalStatus");
  outcome(await send("POST", "/fhir/R4/Patient", staff.token, patientResource(family, { birthDate: "1985" })), 400, "body.birthDate");
  outcome(await send("POST", "/fhir/R4/Patient", staff.token, patientResource(family, { birthDate: "2999-01-01" })), 400, "body.birthDate");
  outcome(await send("POST", "/fhir/R4/Patient", staff.token, patientResource(family, { telecom: [{ system: "fax", value: "1" }] })), 400, "body.telecom.0.system");
  outcome(await send("POST", "/fhir/R4/Patient", staff.token, patientResource(family, { name: [] })), 400, "body.name");
  outcome(await send("POST", "/fhir/R4/Patient", staff.token, { ...patientResource(family), resourceType: "Practitioner" }), 400, "body.resourceType");
  outcome(await t.call("POST", "/fhir/R4/Patient", { token: staff.token, raw: "{not json", headers: FHIR }), 400);
  outcome(await t.call("POST", "/fhir/R4/Patient", { token: staff.token, raw: "x", headers: { "content-type": "text/plain" } }), 415);
  outcome(await send("POST", "/fhir/R4/Patient", undefined, patientResource(family)), 401);
  for (const role of ["doctor", "patient"] as const) outcome(await send("POST", "/fhir/R4/Patient", (await t.user(role)).token, patientResource(family)), 403);
  const found = fhir(await t.call("GET", `/fhir/R4/Patient?family=${family}`, { token: staff.token }), 200);
  assert.equal(found.entry, undefined, "no refused create wrote a record");
});

const appointmentResource = (patientId: string, doctorId: string, times: { startsAt: string; endsAt: string }, extra: Record<string, unknown> = {}) => ({
  resourceType: "Appointment",
  status: "booked",
  description: "Check-up",
  start: times.startsAt,
  end: times.endsAt,
  participant: [
    { actor: { reference: `Patient/${toFhirId(patientId)}` }, status: "accepted" },
    { actor: { reference: `Practitioner/${toFhirId(doctorId)}` }, status: "accepted" },
  ],
  ...extra,
});

test("Appointment create is a booking: 201, the outbox event, billing starts; 409 on an overlap, 422 out of hours; nothing half written", async () => {
  const dr = await newDoctor(t, admin.token, { name: `Dr Fw ${unique()}` });
  const patientId = await newPatient(t, staff.token);
  const res = await send("POST", "/fhir/R4/Appointment", staff.token, appointmentResource(patientId, dr.id, slot(0)));
  const a = fhir(res, 201);
  assert.equal(a.status, "booked");
  assert.equal(a.description, "Check-up");
  assert.equal(res.headers.get("etag"), `W/"${a.meta.versionId}"`);
  const id = a.identifier[0].value as string;
  assert.deepEqual(
    (await outbox(id)).map((e) => e.type),
    ["appointment.booked"],
  );
  const deadline = Date.now() + 15_000;
  let invoice: any;
  while (!invoice && Date.now() < deadline) {
    invoice = (await t.call("GET", `/api/invoices?appointmentId=${id}`, { token: staff.token })).body.items[0];
    if (!invoice) await new Promise((r) => setTimeout(r, 50));
  }
  assert.ok(invoice, "billing started for the FHIR booking");

  const clash = await send("POST", "/fhir/R4/Appointment", staff.token, appointmentResource(await newPatient(t, staff.token), dr.id, slot(0)));
  outcome(clash, 409);
  const night = await newDoctor(t, admin.token, { workingHours: [{ day: 1, start: "09:00", end: "09:30" }] });
  outcome(await send("POST", "/fhir/R4/Appointment", staff.token, appointmentResource(patientId, night.id, slot(0))), 422);
  const past = { startsAt: new Date(Date.now() - 86_400_000).toISOString(), endsAt: new Date(Date.now() - 86_400_000 + 1_800_000).toISOString() };
  outcome(await send("POST", "/fhir/R4/Appointment", staff.token, appointmentResource(patientId, dr.id, past)), 422);
  outcome(await send("POST", "/fhir/R4/Appointment", staff.token, appointmentResource(patientId, dr.id, slot(2), { status: "proposed" })), 422, "body.status");
  outcome(await send("POST", "/fhir/R4/Appointment", staff.token, appointmentResource(patientId, dr.id, slot(2), { participant: [] })), 400, "body.participant");
  outcome(
    await send("POST", "/fhir/R4/Appointment", staff.token, appointmentResource(patientId, dr.id, { startsAt: slot(2).startsAt, endsAt: slot(2).startsAt })),
    400,
    "body.end",
  );
  outcome(await send("POST", "/fhir/R4/Appointment", staff.token, appointmentResource(patientId, dr.id, slot(2), { minutesDuration: 5 })), 400, "body.minutesDuration");
  // A patient books for themself only; a doctor may not book (as POST /api/appointments).
  const self = await t.user("patient", { patientId });
  fhir(await send("POST", "/fhir/R4/Appointment", self.token, appointmentResource(patientId, dr.id, slot(4))), 201);
  outcome(await send("POST", "/fhir/R4/Appointment", self.token, appointmentResource(await newPatient(t, staff.token), dr.id, slot(6))), 403);
  outcome(await send("POST", "/fhir/R4/Appointment", (await t.user("doctor", { doctorId: dr.id })).token, appointmentResource(patientId, dr.id, slot(8))), 403);
  const list = fhir(await t.call("GET", `/fhir/R4/Appointment?practitioner=${toFhirId(dr.id)}`, { token: staff.token }), 200);
  assert.equal(list.total, 2, "only the two accepted bookings exist");
});

test("update (PUT) with status cancelled is a cancellation; If-Match stale → 412 and nothing changes; other changes 422", async () => {
  const dr = await newDoctor(t, admin.token);
  const patientId = await newPatient(t, staff.token);
  const booked = fhir(await send("POST", "/fhir/R4/Appointment", staff.token, appointmentResource(patientId, dr.id, slot(0))), 201);
  const path = `/fhir/R4/Appointment/${booked.id}`;
  const read = await t.call("GET", path, { token: staff.token });
  const etag = read.headers.get("etag")!;
  assert.equal(etag, `W/"${read.body.meta.versionId}"`);
  const current = fhir(read, 200);

  outcome(await send("PUT", path, staff.token, { ...current, description: "Other" }), 422, "body.description");
  outcome(await send("PUT", path, staff.token, { ...current, status: "fulfilled" }), 422, "body.status");
  outcome(await send("PUT", path, staff.token, { ...current, id: "apt-other" }), 400, "body.id");
  outcome(await send("PUT", path, staff.token, { ...current, status: "cancelled" }, { ...FHIR, "if-match": 'W/"1"' }), 412, "If-Match");
  outcome(await send("PUT", path, staff.token, { ...current, status: "cancelled" }, { ...FHIR, "if-match": "yesterday" }), 400, "If-Match");
  assert.equal(fhir(await t.call("GET", path, { token: staff.token }), 200).status, "booked", "a refused update changed nothing");
  assert.deepEqual(
    (await outbox(booked.identifier[0].value)).map((e) => e.type),
    ["appointment.booked"],
  );
  // Unchanged: a no-op that answers the current resource.
  assert.equal(fhir(await send("PUT", path, staff.token, current, { ...FHIR, "if-match": etag }), 200).status, "booked");

  const res = await send("PUT", path, staff.token, { ...current, status: "cancelled", cancelationReason: { text: "ill" } }, { ...FHIR, "if-match": etag });
  const cancelled = fhir(res, 200);
  assert.equal(cancelled.status, "cancelled");
  assert.equal(cancelled.cancelationReason.text, "ill");
  assert.notEqual(res.headers.get("etag"), etag, "the version moved");
  assert.deepEqual(
    (await outbox(booked.identifier[0].value)).map((e) => e.type),
    ["appointment.booked", "appointment.cancelled"],
  );
  const rest = await t.call("GET", `/api/appointments/${booked.identifier[0].value}`, { token: staff.token });
  assert.equal(rest.body.status, "cancelled");
  assert.equal(rest.body.cancelReason, "ill");
  // The same PUT again: the old If-Match is stale now.
  outcome(await send("PUT", path, staff.token, { ...current, status: "cancelled" }, { ...FHIR, "if-match": etag }), 412);
  outcome(await send("PUT", "/fhir/R4/Appointment/apt-01jzzzzzzzzzzzzzzzzzzzzzzz", staff.token, { ...current, id: "apt-01jzzzzzzzzzzzzzzzzzzzzzzz" }), 404);
});

test("patch (JSON Patch): replace /status cancels, replace /start + /end reschedules; a failed test is 422, a bad path 400, other media 415", async () => {
  const dr = await newDoctor(t, admin.token);
  const patientId = await newPatient(t, staff.token);
  const self = await t.user("patient", { patientId });
  const booked = fhir(await send("POST", "/fhir/R4/Appointment", self.token, appointmentResource(patientId, dr.id, slot(0))), 201);
  const path = `/fhir/R4/Appointment/${booked.id}`;
  const moved = fhir(
    await send(
      "PATCH",
      path,
      self.token,
      [
        { op: "test", path: "/status", value: "booked" },
        { op: "replace", path: "/start", value: slot(4).startsAt },
        { op: "replace", path: "/end", value: slot(4).endsAt },
      ],
      PATCH,
    ),
    200,
  );
  assert.equal(moved.start, slot(4).startsAt);
  assert.deepEqual(
    (await outbox(booked.identifier[0].value)).map((e) => e.type),
    ["appointment.booked", "appointment.rescheduled"],
  );
  outcome(await send("PATCH", path, self.token, [{ op: "test", path: "/status", value: "cancelled" }], PATCH), 422);
  outcome(await send("PATCH", path, self.token, [{ op: "replace", path: "/nothing/here", value: 1 }], PATCH), 400, "body.0.path");
  outcome(await send("PATCH", path, self.token, [{ op: "jump", path: "/status" }], PATCH), 400);
  outcome(await send("PATCH", path, self.token, [{ op: "replace", path: "/status", value: "cancelled" }], FHIR), 415);
  outcome(await send("PATCH", path, self.token, [{ op: "replace", path: "/status", value: "cancelled" }], { ...PATCH, "if-match": 'W/"1"' }), 412);
  outcome(
    await send("PATCH", path, (await t.user("patient", { patientId: await newPatient(t, staff.token) })).token, [{ op: "replace", path: "/status", value: "cancelled" }], PATCH),
    404,
  );
  const etag = (await t.call("GET", path, { token: self.token })).headers.get("etag")!;
  const cancelled = fhir(await send("PATCH", path, self.token, [{ op: "replace", path: "/status", value: "cancelled" }], { ...PATCH, "if-match": etag }), 200);
  assert.equal(cancelled.status, "cancelled");
  const invoiceEvents = await outbox(booked.identifier[0].value);
  assert.equal(invoiceEvents.at(-1)!.type, "appointment.cancelled");
  const again = [
    { op: "replace", path: "/start", value: slot(6).startsAt },
    { op: "replace", path: "/end", value: slot(6).endsAt },
  ];
  outcome(await send("PATCH", path, self.token, again, PATCH), 409);
});
