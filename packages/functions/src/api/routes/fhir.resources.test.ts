import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startTestApp, type TestApp, type TestResponse, type TestUser } from "@carebeat/local/testing";
import { validateR4 } from "@carebeat/core/fhir/validate.testing";
import { IDENTIFIER_SYSTEM, toFhirId } from "@carebeat/core/fhir/ids";
import { DAY, newDoctor, newPatient, slot, unique } from "./clinic.fixtures";

/**
 * Schedule, Slot, Invoice, AuditEvent and `_lastUpdated` through the real app and stand-ins
 * (PGlite, dynalite, the local Step Functions endpoint that issues invoices); every body validated as R4.
 */
process.env.CAREBEAT_SFN_RETRY_SCALE ??= "0.05";

let t: TestApp;
let admin: TestUser;
let staff: TestUser;

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
const get = (path: string, token?: string) => t.call("GET", path, { token });
const resources = (bundle: any) => (bundle.entry ?? []).map((e: any) => e.resource);
const pathOf = (url: string) => url.replace(/^https?:\/\/[^/]+/, "");

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test("Schedule: one per doctor (working hours, slot length), searchable by actor and active", async () => {
  const dr = await newDoctor(t, admin.token, { name: `Dr Sched ${unique()}`, slotMinutes: 20, workingHours: [{ day: 1, start: "09:00", end: "12:00" }] });
  const s = fhir(await get(`/fhir/R4/Schedule/${toFhirId(dr.id)}`, staff.token), 200);
  assert.equal(s.resourceType, "Schedule");
  assert.equal(s.id, toFhirId(dr.id));
  assert.equal(s.active, true);
  assert.deepEqual(s.actor, [{ reference: `Practitioner/${toFhirId(dr.id)}`, display: dr.name }]);
  assert.equal(s.comment, "20-minute slots; working hours (UTC): Mon 09:00–12:00");
  const patient = await t.user("patient", { patientId: await newPatient(t, staff.token) });
  const found = fhir(await get(`/fhir/R4/Schedule?actor=Practitioner/${toFhirId(dr.id)}`, patient.token), 200);
  assert.equal(found.total, 1);
  assert.equal(resources(found)[0].id, toFhirId(dr.id));
  assert.equal(fhir(await get(`/fhir/R4/Schedule?actor=Location/x1`, staff.token), 200).total, 0, "a Location actor matches nothing");
  assert.equal(fhir(await get(`/fhir/R4/Schedule?actor=${toFhirId(dr.id)}&active=false`, staff.token), 200).total, 0);
  outcome(await get(`/fhir/R4/Schedule?active=maybe`, staff.token), 400, "query.active");
  outcome(await get(`/fhir/R4/Schedule/doc-01jzzzzzzzzzzzzzzzzzzzzzzz`, staff.token), 404);
  outcome(await get(`/fhir/R4/Schedule`), 401);
});

test("Slot: the availability route's free slots for one schedule, in a window, paged; a booked slot leaves; read by id", async () => {
  const dr = await newDoctor(t, admin.token, { name: `Dr Slot ${unique()}`, slotMinutes: 30 });
  const patientId = await newPatient(t, staff.token);
  const day = slot(0).startsAt.slice(0, 10);
  const window = `start=ge${day}T10:00:00Z&start=lt${day}T12:00:00Z`;
  const q = async (query: string, token = staff.token) => fhir(await get(`/fhir/R4/Slot?${query}`, token), 200);
  const free = await q(`schedule=Schedule/${toFhirId(dr.id)}&${window}`);
  assert.equal(free.total, 4);
  assert.deepEqual(
    resources(free).map((s: any) => s.start),
    [0, 1, 2, 3].map((n) => slot(n).startsAt),
  );
  const rest = (await get(`/api/doctors/${dr.id}/availability?date=${day}`, staff.token)).body.slots as { startsAt: string }[];
  assert.ok(
    resources(free).every((s: any) => rest.some((r) => r.startsAt === s.start)),
    "the same slots as the REST availability",
  );
  assert.equal(resources(free)[0].schedule.reference, `Schedule/${toFhirId(dr.id)}`);
  assert.equal(resources(free)[0].status, "free");

  const booked = await t.call("POST", "/api/appointments", { token: staff.token, body: { doctorId: dr.id, patientId, ...slot(1) } });
  assert.equal(booked.status, 201);
  const after = await q(`schedule=${toFhirId(dr.id)}&${window}&_count=2`);
  assert.equal(after.total, 3);
  assert.deepEqual(
    resources(after).map((s: any) => s.start),
    [slot(0).startsAt, slot(2).startsAt],
  );
  const next = await q(pathOf(after.link.find((l: any) => l.relation === "next").url).split("?")[1]!);
  assert.deepEqual(
    resources(next).map((s: any) => s.start),
    [slot(3).startsAt],
  );
  assert.equal((await q(`schedule=${toFhirId(dr.id)}&${window}&status=busy`)).total, 0);
  assert.equal((await q(`schedule=${toFhirId(dr.id)}&${window}&end=le${encodeURIComponent(slot(0).endsAt)}`)).total, 1, "end narrows");

  const read = fhir(await get(`/fhir/R4/Slot/${resources(free)[0].id}`, staff.token), 200);
  assert.equal(read.start, slot(0).startsAt);
  outcome(await get(`/fhir/R4/Slot/${resources(free)[1].id}`, staff.token), 404, undefined);
  outcome(await get(`/fhir/R4/Slot/not-a-slot`, staff.token), 404);

  outcome(await get(`/fhir/R4/Slot?${window}`, staff.token), 400, "query.schedule");
  outcome(await get(`/fhir/R4/Slot?schedule=Patient/pat-1`, staff.token), 400, "query.schedule");
  outcome(await get(`/fhir/R4/Slot?schedule=${toFhirId(dr.id)}&start=ge2026-01-01&start=lt2026-03-01`, staff.token), 400, "query.start");
  outcome(await get(`/fhir/R4/Slot?schedule=${toFhirId(dr.id)}&status=maybe`, staff.token), 400, "query.status");
  // Default window: from now for 7 days.
  const week = await q(`schedule=${toFhirId(dr.id)}&_count=100`);
  assert.ok(resources(week).every((s: any) => Date.parse(s.start) >= Date.now() - 60_000 && Date.parse(s.start) < Date.now() + 7 * DAY));
});

test("Invoice: the billing workflow's invoice as R4, searchable by patient, status and date; scoped; audited", async () => {
  const dr = await newDoctor(t, admin.token, { name: `Dr Bill ${unique()}`, visitFeeCents: 8000 });
  const patientId = await newPatient(t, staff.token);
  const booked = await t.call("POST", "/api/appointments", { token: staff.token, body: { doctorId: dr.id, patientId, ...slot(6) } });
  assert.equal(booked.status, 201);
  const rest = await waitFor("the issued invoice", async () => {
    const res = await get(`/api/invoices?appointmentId=${booked.body.id}`, staff.token);
    return res.body.items[0]?.status === "issued" ? res.body.items[0] : undefined;
  });
  const inv = fhir(await get(`/fhir/R4/Invoice/${toFhirId(rest.id)}`, staff.token), 200);
  assert.equal(inv.status, "issued");
  assert.deepEqual(inv.identifier, [
    { use: "official", system: IDENTIFIER_SYSTEM.invoice, value: rest.id },
    { use: "usual", system: IDENTIFIER_SYSTEM.invoiceNumber, value: rest.number },
  ]);
  assert.equal(inv.subject.reference, `Patient/${toFhirId(patientId)}`);
  assert.equal(inv.participant[0].actor.reference, `Practitioner/${toFhirId(dr.id)}`);
  assert.deepEqual(inv.totalGross, { value: rest.totalCents / 100, currency: "EUR" });
  assert.deepEqual(inv.totalNet, { value: rest.subtotalCents / 100, currency: "EUR" });
  assert.equal(inv.lineItem.length, rest.lines.length);
  assert.equal(inv.date, rest.createdAt);

  const q = async (query: string, token = staff.token) => fhir(await get(`/fhir/R4/Invoice?${query}`, token), 200);
  const mine = await q(`patient=Patient/${toFhirId(patientId)}`);
  assert.equal(mine.total, 1);
  assert.equal(resources(mine)[0].id, inv.id);
  assert.equal((await q(`patient=${toFhirId(patientId)}&status=issued`)).total, 1);
  assert.equal((await q(`patient=${toFhirId(patientId)}&status=draft`)).total, 0);
  assert.equal((await q(`patient=${toFhirId(patientId)}&status=entered-in-error`)).total, 0);
  assert.equal((await q(`patient=${toFhirId(patientId)}&date=${rest.createdAt.slice(0, 10)}`)).total, 1);
  assert.equal((await q(`patient=${toFhirId(patientId)}&date=lt${rest.createdAt.slice(0, 10)}`)).total, 0);
  assert.equal((await q(`patient=${toFhirId(patientId)}&_lastUpdated=ge${encodeURIComponent(rest.updatedAt)}`)).total, 1);
  assert.equal((await q(`patient=${toFhirId(patientId)}&_lastUpdated=gt${encodeURIComponent(rest.updatedAt.replace(/\.\d+Z$/, "Z"))}`)).total, 0);

  // Cancelling voids it: cancelled in FHIR.
  assert.equal((await t.call("POST", `/api/appointments/${booked.body.id}/cancel`, { token: staff.token, body: {} })).status, 200);
  assert.equal((await q(`patient=${toFhirId(patientId)}&status=cancelled`)).total, 1);

  // The patient sees their own; another patient is refused (403, audited) as in GET /api/invoices.
  const own = await t.user("patient", { patientId });
  assert.equal((await q("", own.token)).total, 1);
  const other = await t.user("patient", { patientId: await newPatient(t, staff.token) });
  assert.equal((await q("", other.token)).total, 0);
  outcome(await get(`/fhir/R4/Invoice?patient=Patient/${toFhirId(patientId)}`, other.token), 403);
  outcome(await get(`/fhir/R4/Invoice/${toFhirId(rest.id)}`, other.token), 403);
  outcome(await get(`/fhir/R4/Invoice?status=paid`, staff.token), 400, "query.status");
  outcome(await get(`/fhir/R4/Invoice/inv-01jzzzzzzzzzzzzzzzzzzzzzzz`, staff.token), 404);
  const audit = (await get(`/api/audit?patientId=${patientId}&limit=200`, admin.token)).body.items as any[];
  assert.ok(audit.some((e) => e.action === "invoice.read" && e.actorId === staff.id));
  assert.ok(audit.some((e) => e.action === "invoice.list" && e.actorId === staff.id && e.patientIds.includes(patientId)));
  assert.ok(audit.some((e) => e.outcome === "denied" && e.actorId === other.id));
});

test("AuditEvent: the audit log for admins only, by patient, subtype, agent, outcome and date; reading it is audited", async () => {
  const patientId = await newPatient(t, staff.token);
  assert.equal((await get(`/fhir/R4/Patient/${toFhirId(patientId)}`, staff.token)).status, 200);
  const q = async (query: string) => fhir(await get(`/fhir/R4/AuditEvent?${query}`, admin.token), 200);
  const mine = await q(`patient=Patient/${toFhirId(patientId)}&subtype=patient.read`);
  const events = resources(mine);
  assert.equal(events.length, 1);
  const e = events[0];
  assert.equal(e.action, "R");
  assert.equal(e.outcome, "0");
  assert.deepEqual(e.agent[0].who.identifier, { system: IDENTIFIER_SYSTEM.actor, value: staff.id });
  assert.ok(e.entity.some((x: any) => x.what.reference === `Patient/${toFhirId(patientId)}`));
  assert.equal((await q(`patient=${toFhirId(patientId)}&agent=${staff.id}&outcome=0`)).entry.length >= 2, true, "the create and the read");
  assert.equal((await q(`patient=${toFhirId(patientId)}&outcome=4`)).entry, undefined);
  assert.equal((await q(`patient=${toFhirId(patientId)}&date=lt2000`)).entry, undefined);
  assert.equal(fhir(await get(`/fhir/R4/AuditEvent/${e.id}`, admin.token), 200).id, e.id);
  outcome(await get(`/fhir/R4/AuditEvent/aud-01jzzzzzzzzzzzzzzzzzzzzzzz`, admin.token), 404);
  for (const role of ["staff", "doctor", "patient"] as const) {
    const u = await t.user(role);
    outcome(await get(`/fhir/R4/AuditEvent?patient=${toFhirId(patientId)}`, u.token), 403);
  }
  outcome(await get(`/fhir/R4/AuditEvent?outcome=5`, admin.token), 400, "query.outcome");
  const reads = resources(await q(`agent=${admin.id}&subtype=audit.read&_count=5`));
  assert.ok(reads.length >= 1, "reading the log is itself logged");
});

test("_lastUpdated narrows Patient, Practitioner and Appointment searches (ge/gt/le/lt)", async () => {
  const family = `Lastu${unique()}`;
  const made = await t.call("POST", "/api/patients", { token: staff.token, body: { name: { given: "Lu", family } } });
  assert.equal(made.status, 201);
  const at = made.body.updatedAt as string;
  const before = new Date(Date.parse(at) - 60_000).toISOString();
  const later = new Date(Date.parse(at) + 60_000).toISOString();
  const count = async (type: string, query: string) => resources(fhir(await get(`/fhir/R4/${type}?${query}`, staff.token), 200)).length;
  assert.equal(await count("Patient", `family=${family}&_lastUpdated=ge${encodeURIComponent(before)}`), 1);
  assert.equal(await count("Patient", `family=${family}&_lastUpdated=lt${encodeURIComponent(before)}`), 0);
  assert.equal(await count("Patient", `family=${family}&_lastUpdated=gt${encodeURIComponent(before)}&_lastUpdated=le${encodeURIComponent(later)}`), 1);
  assert.equal(await count("Patient", `name=${family}&_lastUpdated=gt${encodeURIComponent(later)}`), 0);
  const dr = await newDoctor(t, admin.token, { name: `Dr Lastu ${unique()}` });
  assert.equal(await count("Practitioner", `_id=${toFhirId(dr.id)}&_lastUpdated=ge${encodeURIComponent(before)}`), 1);
  assert.equal(await count("Practitioner", `_id=${toFhirId(dr.id)}&_lastUpdated=lt${encodeURIComponent(before)}`), 0);
  const a = await t.call("POST", "/api/appointments", { token: staff.token, body: { doctorId: dr.id, patientId: made.body.id, ...slot(0) } });
  assert.equal(a.status, 201);
  assert.equal(await count("Appointment", `practitioner=${toFhirId(dr.id)}&_lastUpdated=ge${encodeURIComponent(before)}`), 1);
  assert.equal(await count("Appointment", `practitioner=${toFhirId(dr.id)}&_lastUpdated=gt${encodeURIComponent(later)}`), 0);
  outcome(await get(`/fhir/R4/Patient?_lastUpdated=yesterday`, staff.token), 400, "query._lastUpdated");
});
