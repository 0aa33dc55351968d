import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startTestApp, type TestApp, type TestResponse, type TestUser } from "@carebeat/local/testing";
import { validateR4 } from "@carebeat/core/fhir/validate.testing";
import { IDENTIFIER_SYSTEM, toFhirId } from "@carebeat/core/fhir/ids";
import { newDoctor, slot, unique } from "./clinic.fixtures";

/** FHIR R4 through the real app and stand-ins: scopes, audit, paging, errors; every resource validated against R4. */
let t: TestApp;
let admin: TestUser;
let staff: TestUser;
const tag = `Fhirq${unique()}`; // a family-name prefix no other test's patient has
const ids: Record<"a" | "b" | "c", string> = { a: "", b: "", c: "" };
let doctor: any;

before(async () => {
  t = await startTestApp();
  admin = await t.user("admin");
  staff = await t.user("staff");
  const make = async (given: string, family: string, birthDate: string, sex: string) => {
    const res = await t.call("POST", "/api/patients", {
      token: staff.token,
      body: { name: { given, family }, birthDate, sex, contact: { email: `${given.toLowerCase()}@example.org` } },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.id as string;
  };
  ids.a = await make("Ada", `${tag}a`, "1985-03-01", "female");
  ids.b = await make("Ben", `${tag}b`, "1995-06-15", "male");
  ids.c = await make("Cleo", `${tag}c`, "1999-12-31", "female");
  doctor = await newDoctor(t, admin.token, { name: `Dr Fhir ${tag}` });
});
after(async () => t?.stop());

function fhir(res: TestResponse, status: number) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.match(res.contentType, /^application\/fhir\+json/);
  validateR4(res.body);
  return res.body;
}
/** An OperationOutcome with this status, whose issue names the field when one is given. */
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
const get = (path: string, token?: string, headers?: Record<string, string>) => t.call("GET", path, { token, headers });
const entryIds = (bundle: any) => (bundle.entry ?? []).map((e: any) => e.resource.identifier[0].value as string);
const pathOf = (url: string) => url.replace(/^https?:\/\/[^/]+/, "");
async function auditFor(patientId: string) {
  const res = await get(`/api/audit?patientId=${patientId}&limit=200`, admin.token);
  assert.equal(res.status, 200);
  return res.body.items as any[];
}

test("metadata: a public, valid CapabilityStatement of exactly the resource types served", async () => {
  const cs = fhir(await get("/fhir/R4/metadata"), 200);
  assert.equal(cs.resourceType, "CapabilityStatement");
  assert.equal(cs.fhirVersion, "4.0.1");
  assert.deepEqual(
    cs.rest[0].resource.map((r: any) => r.type),
    ["Patient", "Practitioner", "Appointment", "Schedule", "Slot", "Invoice", "AuditEvent", "Medication", "MedicationRequest", "MedicationDispense"],
  );
  assert.match(cs.implementation.url, /\/fhir\/R4$/);
});

test("Patient read: the record as a valid Patient with a weak ETag, audited as patient.read", async () => {
  const p = fhir(await get(`/fhir/R4/Patient/${toFhirId(ids.a)}`, staff.token), 200);
  assert.equal(p.resourceType, "Patient");
  assert.equal(p.id, toFhirId(ids.a));
  assert.deepEqual(p.identifier[0], { use: "official", system: IDENTIFIER_SYSTEM.patient, value: ids.a });
  assert.equal(p.name[0].family, `${tag}a`);
  assert.equal(p.birthDate, "1985-03-01");
  assert.equal(p.gender, "female");
  const res = await get(`/fhir/R4/Patient/${ids.a}`, staff.token);
  assert.equal(res.headers.get("etag"), 'W/"1"', "the Carebeat id is accepted too");
  assert.ok((await auditFor(ids.a)).some((e) => e.action === "patient.read" && e.actorId === staff.id && e.outcome === "success"));
  outcome(await get("/fhir/R4/Patient/pat-01jzzzzzzzzzzzzzzzzzzzzzzz", staff.token), 404);
});

test("Patient search: name prefix, total, keyset next links walk every match once; audited with the ids", async () => {
  const first = fhir(await get(`/fhir/R4/Patient?name=${tag}&_count=2`, staff.token), 200);
  assert.equal(first.type, "searchset");
  assert.equal(first.total, 3);
  assert.equal(first.entry.length, 2);
  const next = first.link.find((l: any) => l.relation === "next");
  assert.ok(next, JSON.stringify(first.link));
  assert.match(first.link[0].url, new RegExp(`/fhir/R4/Patient\\?name=${tag}&_count=2$`));
  const second = fhir(await get(pathOf(next.url), staff.token), 200);
  assert.equal(second.entry.length, 1);
  assert.equal(
    second.link.some((l: any) => l.relation === "next"),
    false,
  );
  assert.deepEqual([...entryIds(first), ...entryIds(second)], [ids.a, ids.b, ids.c], "name order, no repeats");
  const audit = await auditFor(ids.c);
  assert.ok(audit.some((e) => e.action === "patient.list" && e.actorId === staff.id && e.patientIds.includes(ids.c) && !e.patientIds.includes(ids.a)));
});

test("Patient search: family, given, gender, birthdate ranges, _id and identifier narrow it", async () => {
  const q = async (query: string) => entryIds(fhir(await get(`/fhir/R4/Patient?${query}`, staff.token), 200));
  assert.deepEqual(await q(`family=${tag}b`), [ids.b]);
  assert.deepEqual(await q(`family=${tag}&gender=female`), [ids.a, ids.c]);
  assert.deepEqual(await q(`family=${tag}&birthdate=ge1990&birthdate=lt1999-12-31`), [ids.b]);
  assert.deepEqual(await q(`family=${tag}&birthdate=1999`), [ids.c]);
  assert.deepEqual(await q(`given=cle&family=${tag}`), [ids.c]);
  assert.deepEqual(await q(`_id=${toFhirId(ids.b)},${toFhirId(ids.c)}`), [ids.b, ids.c]);
  assert.deepEqual(await q(`identifier=${encodeURIComponent(`${IDENTIFIER_SYSTEM.patient}|${ids.a}`)}`), [ids.a]);
  assert.deepEqual(await q(`identifier=${encodeURIComponent(`urn:other|${ids.a}`)}`), [], "another system's identifier matches nothing");
  const byId = fhir(await get(`/fhir/R4/Patient?_id=${toFhirId(ids.a)}`, staff.token), 200);
  assert.equal(byId.total, 1);
  const none = fhir(await get(`/fhir/R4/Patient?name=zzzqqq${tag}`, staff.token), 200);
  assert.equal(none.total, 0);
  assert.equal(none.entry, undefined);
});

test("unknown search parameters: 400 OperationOutcome naming them, ignored with Prefer: handling=lenient", async () => {
  outcome(await get(`/fhir/R4/Patient?family=${tag}&foo=1`, staff.token), 400, "query.foo");
  outcome(await get(`/fhir/R4/Patient?name:exact=${tag}`, staff.token), 400, "query.name:exact");
  const res = await get(`/fhir/R4/Patient?family=${tag}b&foo=1`, staff.token, { prefer: "handling=lenient" });
  const bundle = fhir(res, 200);
  assert.deepEqual(entryIds(bundle), [ids.b]);
  assert.equal(res.headers.get("preference-applied"), "handling=lenient");
  assert.doesNotMatch(bundle.link[0].url, /foo/, "the self link shows what was applied");
  outcome(await get("/fhir/R4/Patient?birthdate=1990-02-30", staff.token), 400, "query.birthdate");
  outcome(await get("/fhir/R4/Patient?gender=f", staff.token), 400, "query.gender");
  outcome(await get("/fhir/R4/Patient?name=%20%20", staff.token), 400, "query.name");
  outcome(await get(`/fhir/R4/Patient?family=${"a".repeat(150)}`, staff.token), 400, "query.family");
  outcome(await get(`/fhir/R4/Patient?_id=${Array(101).fill("x").join(",")}`, staff.token), 400, "query._id");
  outcome(await get("/fhir/R4/Patient?_count=1000", staff.token), 400, "query._count");
  outcome(await get(`/fhir/R4/Patient?_cursor=${Buffer.from('{"p":"family","k":"x"}').toString("base64url")}`, staff.token), 400, "query._cursor");
});

test("errors are OperationOutcomes: 401 without or with a bad token (audited with the patient), 404 for unknown paths", async () => {
  outcome(await get(`/fhir/R4/Patient/${toFhirId(ids.b)}`), 401);
  outcome(await get("/fhir/R4/Patient", "not-a-token"), 401);
  outcome(await get(`/fhir/R4/Patient/${toFhirId(ids.b)}`, "not-a-token"), 401);
  const audit = await auditFor(ids.b);
  assert.ok(
    audit.some((e) => e.outcome === "denied" && e.action === "fhir.Patient.get"),
    "the role check's refusal",
  );
  assert.ok(
    audit.some((e) => e.outcome === "denied" && e.action === "auth.token_rejected"),
    "the bad token's refusal",
  );
  outcome(await get("/fhir/R4/Observation", staff.token), 404);
  outcome(await get("/fhir/R4", staff.token), 404);
});

test("a patient token sees only its own Patient: others are 403 (audited), search returns itself", async () => {
  const me = await t.user("patient", { patientId: ids.a });
  const own = fhir(await get(`/fhir/R4/Patient/${toFhirId(ids.a)}`, me.token), 200);
  assert.equal(own.identifier[0].value, ids.a);
  outcome(await get(`/fhir/R4/Patient/${toFhirId(ids.b)}`, me.token), 403);
  assert.ok((await auditFor(ids.b)).some((e) => e.action === "patient.read" && e.outcome === "denied" && e.actorId === me.id));
  const all = fhir(await get(`/fhir/R4/Patient?family=${tag}`, me.token), 200);
  assert.deepEqual(entryIds(all), [ids.a]);
  assert.equal(all.total, 1);
  const other = fhir(await get(`/fhir/R4/Patient?_id=${toFhirId(ids.b)}`, me.token), 200);
  assert.equal(other.total, 0);
});

test("a doctor sees the patients they have appointments with, as in the REST API", async () => {
  const doc = await t.user("doctor", { doctorId: doctor.id });
  const booked = await t.call("POST", "/api/appointments", { token: staff.token, body: { doctorId: doctor.id, patientId: ids.c, ...slot(0) } });
  assert.equal(booked.status, 201, JSON.stringify(booked.body));
  const bundle = fhir(await get(`/fhir/R4/Patient?name=${tag}`, doc.token), 200);
  assert.deepEqual(entryIds(bundle), [ids.c]);
  assert.equal(bundle.total, 1);
  fhir(await get(`/fhir/R4/Patient/${toFhirId(ids.c)}`, doc.token), 200);
  outcome(await get(`/fhir/R4/Patient/${toFhirId(ids.a)}`, doc.token), 403);
  const rest = await get(`/api/patients?q=${tag}`, doc.token);
  assert.deepEqual(
    rest.body.items.map((p: any) => p.id),
    [ids.c],
    "the same scope as GET /api/patients",
  );
});

test("Practitioner read and search (name word prefix, _id), valid R4", async () => {
  const p = fhir(await get(`/fhir/R4/Practitioner/${toFhirId(doctor.id)}`, staff.token), 200);
  assert.equal(p.resourceType, "Practitioner");
  assert.deepEqual(p.name, [{ text: doctor.name }]);
  assert.equal(p.identifier[0].value, doctor.id);
  const byName = fhir(await get(`/fhir/R4/Practitioner?name=${tag}`, staff.token), 200);
  assert.equal(byName.total, 1);
  assert.equal(byName.entry[0].resource.id, toFhirId(doctor.id));
  const byId = fhir(await get(`/fhir/R4/Practitioner?_id=${toFhirId(doctor.id)}`, staff.token), 200);
  assert.equal(byId.total, 1);
  const none = fhir(await get("/fhir/R4/Practitioner?name=General", staff.token), 200);
  assert.equal(
    none.entry?.some((e: any) => e.resource.id === toFhirId(doctor.id)),
    undefined,
    "the specialty is not the name",
  );
  outcome(await get("/fhir/R4/Practitioner/doc-01jzzzzzzzzzzzzzzzzzzzzzzz", staff.token), 404);
  outcome(await get("/fhir/R4/Practitioner?family=x", staff.token), 400, "query.family");
});

test("Appointment read and search: practitioner, patient, actor, date range, status, paging; scoped like the REST list", async () => {
  const dr = await newDoctor(t, admin.token, { name: `Dr Appt ${tag}` });
  const book = async (patientId: string, n: number) => {
    const res = await t.call("POST", "/api/appointments", { token: staff.token, body: { doctorId: dr.id, patientId, ...slot(n) } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.id as string;
  };
  const a1 = await book(ids.a, 0);
  const a2 = await book(ids.a, 2);
  const b1 = await book(ids.b, 4);
  assert.equal((await t.call("POST", `/api/appointments/${a2}/cancel`, { token: staff.token, body: { reason: "ill" } })).status, 200);
  const q = async (query: string, token = staff.token) => fhir(await get(`/fhir/R4/Appointment?${query}`, token), 200);
  const idsOf = (b: any) => (b.entry ?? []).map((e: any) => e.resource.identifier[0].value);

  const all = await q(`practitioner=Practitioner/${toFhirId(dr.id)}`);
  assert.deepEqual(idsOf(all), [a1, a2, b1], "start order");
  assert.equal(all.total, 3);
  assert.deepEqual(
    all.entry.map((e: any) => e.resource.status),
    ["booked", "cancelled", "booked"],
  );
  assert.equal(all.entry[0].resource.participant[0].actor.reference, `Patient/${toFhirId(ids.a)}`);
  assert.deepEqual(idsOf(await q(`practitioner=${toFhirId(dr.id)}&patient=Patient/${toFhirId(ids.a)}`)), [a1, a2]);
  assert.deepEqual(idsOf(await q(`actor=Patient/${toFhirId(ids.b)}&practitioner=Practitioner/${toFhirId(dr.id)}`)), [b1]);
  assert.deepEqual(idsOf(await q(`actor=Practitioner/${toFhirId(dr.id)}&status=cancelled`)), [a2]);
  const s = slot(0).startsAt;
  const afterFirst = new Date(Date.parse(s) + 60_000).toISOString().replace(".000Z", "Z");
  assert.deepEqual(idsOf(await q(`practitioner=${toFhirId(dr.id)}&date=gt${encodeURIComponent(afterFirst)}&date=lt${slot(4).startsAt.slice(0, 10)}T23:59:00Z`)), [a2, b1]);
  assert.deepEqual(idsOf(await q(`practitioner=${toFhirId(dr.id)}&date=${s.slice(0, 10)}`)), [a1, a2, b1], "a day is its whole range");
  assert.equal((await q(`practitioner=${toFhirId(dr.id)}&status=waitlist`)).total, 0);

  const first = await q(`practitioner=${toFhirId(dr.id)}&_count=2`);
  assert.equal(first.entry.length, 2);
  const next = await q(pathOf(first.link.find((l: any) => l.relation === "next").url).split("?")[1]!);
  assert.deepEqual(idsOf(next), [b1]);

  const read = fhir(await get(`/fhir/R4/Appointment/${toFhirId(a2)}`, staff.token), 200);
  assert.equal(read.cancelationReason.text, "ill");
  assert.ok((await auditFor(ids.a)).some((e) => e.action === "appointment.read" && e.resourceId === a2 && e.actorId === staff.id));
  assert.ok((await auditFor(ids.b)).some((e) => e.action === "appointment.list" && e.patientIds.includes(ids.b)));

  // A patient: only their own; naming another patient is refused (403) as in GET /api/appointments.
  const pb = await t.user("patient", { patientId: ids.b });
  assert.deepEqual(idsOf(await q(`practitioner=${toFhirId(dr.id)}`, pb.token)), [b1]);
  outcome(await get(`/fhir/R4/Appointment?patient=Patient/${toFhirId(ids.a)}`, pb.token), 403);
  outcome(await get(`/fhir/R4/Appointment/${toFhirId(a1)}`, pb.token), 404);
  // A doctor: their own schedule only.
  const other = await t.user("doctor", { doctorId: doctor.id });
  assert.equal(idsOf(await q(`patient=Patient/${toFhirId(ids.a)}`, other.token)).length, 0);
  const mine = await t.user("doctor", { doctorId: dr.id });
  assert.deepEqual(idsOf(await q(`patient=Patient/${toFhirId(ids.a)}`, mine.token)), [a1, a2]);

  outcome(await get("/fhir/R4/Appointment?date=1000-01-01T00:00:00Z", staff.token), 400, "query.date");
  outcome(await get("/fhir/R4/Appointment?status=done", staff.token), 400, "query.status");
  outcome(await get("/fhir/R4/Appointment?patient=Practitioner/doc-1", staff.token), 400, "query.patient");
});

test("the CapabilityStatement lists exactly the FHIR routes served, and each search route's parameters", async () => {
  const cs = fhir(await get("/fhir/R4/metadata"), 200);
  const doc = (await get("/openapi.json")).body;
  const served = Object.entries(doc.paths as Record<string, Record<string, any>>)
    .filter(([path]) => path.startsWith("/fhir/R4/"))
    .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })));
  const claimed = ["GET /fhir/R4/metadata", "GET /fhir/R4/.well-known/smart-configuration"];
  const ROUTE: Record<string, (type: string) => string> = {
    read: (type) => `GET /fhir/R4/${type}/{id}`,
    "search-type": (type) => `GET /fhir/R4/${type}`,
    create: (type) => `POST /fhir/R4/${type}`,
    update: (type) => `PUT /fhir/R4/${type}/{id}`,
    patch: (type) => `PATCH /fhir/R4/${type}/{id}`,
  };
  for (const r of cs.rest[0].resource) for (const { code } of r.interaction) claimed.push(ROUTE[code]!(r.type));
  // Bulk Data (routes/fhir-export.ts): each operation's kick-off, plus the status and file URLs its manifest hands out.
  const kickoff: Record<string, string> = { export: "/$export", "patient-export": "/Patient/$export", "group-export": "/Group/{id}/$export" };
  for (const op of cs.rest[0].operation ?? []) claimed.push(`GET /fhir/R4${kickoff[op.name]}`);
  if (cs.rest[0].operation?.length) claimed.push("GET /fhir/R4/bulkstatus/{id}", "DELETE /fhir/R4/bulkstatus/{id}", "GET /fhir/R4/bulkfiles/{id}/{file}");
  assert.deepEqual(served.map((s) => s.key).sort(), claimed.sort());
  for (const r of cs.rest[0].resource) {
    const search = served.find((s) => s.key === `GET /fhir/R4/${r.type}`)!;
    const declared = search.op.parameters.filter((p: any) => p.in === "query").map((p: any) => p.name);
    assert.deepEqual(declared.sort(), [...r.searchParam.map((p: any) => p.name), "_count", "_cursor"].sort(), r.type);
    assert.ok(search.op["x-roles"].length > 0, `${r.type} search declares its roles`);
  }
});
