import { test } from "node:test";
import assert from "node:assert/strict";
import { VisibleError } from "../util/error";
import { Fhir } from "./index";
import { fromFhirId, IDENTIFIER_SYSTEM, patientOfFhirPath, toFhirId } from "./ids";
import { operationOutcome } from "./outcome";
import { parseDate, parseDateTimes, parseReference, parseSearch, parseToken } from "./params";
import { appointmentFilters, toFhirAppointment } from "./appointment";
import { searchset, toFhirPatient, toFhirPractitioner } from "./resources";
import { validateR4 } from "./validate.testing";
import { toFhirInvoice } from "./invoice";
import { toFhirAuditEvent } from "./audit-event";
import type { Patient } from "../patient/schema";
import type { Doctor } from "../doctor";

const full: Patient = {
  id: "pat_01jb3k5x2m8q9r7t6v4w2y0z1a",
  version: 3,
  createdAt: "2026-01-02T03:04:05.000Z",
  updatedAt: "2026-02-03T04:05:06.000Z",
  deletedAt: null,
  name: { given: "Anna Maria", family: "Müller" },
  birthDate: "1984-07-09",
  sex: "female",
  contact: { email: "anna@example.org", phone: "+49 30 1234567" },
  address: { line1: "Hauptstr. 1", line2: "2. OG", city: "Berlin", region: "BE", postalCode: "10115", country: "DE" },
  conditions: ["asthma"],
  allergies: ["penicillin"],
  insurance: { provider: "AOK", memberId: "M1" },
  extensions: { notes: "x" },
};
const minimal: Patient = {
  id: "pat_01jb3k5x2m8q9r7t6v4w2y0z1b",
  version: 1,
  createdAt: full.createdAt,
  updatedAt: full.createdAt,
  deletedAt: null,
  name: { given: "Bo", family: "Li" },
};
const doctor: Doctor.Info = {
  id: "doc_01jb3k5x2m8q9r7t6v4w2y0z1c",
  name: "Dr Jane Doe",
  specialty: "General practice",
  visitFeeCents: 8000,
  currency: "EUR",
  timezone: "Europe/Berlin",
  slotMinutes: 30,
  workingHours: [],
  active: false,
  createdAt: full.createdAt,
  updatedAt: full.updatedAt,
};

test("ids: Carebeat id ↔ FHIR id is a bijection onto FHIR's id alphabet", () => {
  assert.equal(toFhirId(full.id), "pat-01jb3k5x2m8q9r7t6v4w2y0z1a");
  assert.match(toFhirId(full.id), /^[A-Za-z0-9\-.]{1,64}$/);
  assert.equal(fromFhirId(toFhirId(full.id)), full.id);
  assert.equal(fromFhirId(full.id), full.id, "a Carebeat id is accepted as it is");
  assert.equal(patientOfFhirPath("/fhir/R4/Patient/pat-abc"), "pat_abc");
  assert.equal(patientOfFhirPath("/fhir/R4/Practitioner/doc-abc"), null);
  assert.equal(patientOfFhirPath("/fhir/R4/Patient/$export"), null);
  assert.equal(patientOfFhirPath("/fhir/R4/Patient/_search"), null);
  assert.equal(patientOfFhirPath("/fhir/R4/bulkstatus/bex_1"), null);
});

test("Patient mapping: every mapped field lands on its R4 element, and the result is valid R4", () => {
  const r = toFhirPatient(full);
  validateR4(r);
  assert.equal(r.id, "pat-01jb3k5x2m8q9r7t6v4w2y0z1a");
  assert.deepEqual(r.identifier, [{ use: "official", system: IDENTIFIER_SYSTEM.patient, value: full.id }]);
  assert.deepEqual(r.meta, { versionId: "3", lastUpdated: full.updatedAt });
  assert.deepEqual(r.name, [{ use: "official", text: "Anna Maria Müller", family: "Müller", given: ["Anna", "Maria"] }]);
  assert.equal(r.gender, "female");
  assert.equal(r.birthDate, "1984-07-09");
  assert.deepEqual(r.telecom, [
    { system: "email", value: "anna@example.org" },
    { system: "phone", value: "+49 30 1234567" },
  ]);
  assert.deepEqual(r.address, [{ line: ["Hauptstr. 1", "2. OG"], city: "Berlin", state: "BE", postalCode: "10115", country: "DE" }]);
  assert.equal(r.active, true);
  // Clinical and insurance fields belong to resources this slice does not serve.
  for (const leak of ["asthma", "penicillin", "AOK", "notes"]) assert.ok(!JSON.stringify(r).includes(leak), leak);
  const m = toFhirPatient(minimal);
  validateR4(m);
  assert.equal("telecom" in m || "address" in m || "gender" in m || "birthDate" in m, false, "no empty elements");
});

test("Practitioner mapping and a searchset Bundle are valid R4; an empty page has no entry array", () => {
  const p = toFhirPractitioner(doctor);
  validateR4(p);
  assert.equal(p.active, false);
  assert.deepEqual(p.identifier[0], { use: "official", system: IDENTIFIER_SYSTEM.doctor, value: doctor.id });
  const base = "https://clinic.example/fhir/R4";
  const b = searchset({ base, resources: [toFhirPatient(full), p], total: 7, self: `${base}/Patient?_count=2`, next: `${base}/Patient?_count=2&_cursor=abc` });
  validateR4(b);
  assert.equal(b.total, 7);
  assert.deepEqual(
    b.link.map((l) => l.relation),
    ["self", "next"],
  );
  assert.equal(b.entry?.[0]?.fullUrl, `${base}/Patient/pat-01jb3k5x2m8q9r7t6v4w2y0z1a`);
  const empty = searchset({ base, resources: [], total: 0, self: `${base}/Patient` });
  validateR4(empty);
  assert.equal("entry" in empty, false);
});

test("the CapabilityStatement is valid R4 and lists exactly the implemented resources and parameters", () => {
  const cs = Fhir.metadata("https://clinic.example/fhir/R4");
  validateR4(cs);
  const resources = cs.rest[0]!.resource;
  const byType = Object.fromEntries(resources.map((r) => [r.type, r]));
  assert.deepEqual(
    resources.map((r) => r.type),
    ["Patient", "Practitioner", "Appointment", "Schedule", "Slot", "Invoice", "AuditEvent", "Medication", "MedicationRequest", "MedicationDispense"],
  );
  const params = (type: string) => byType[type]!.searchParam.map((p) => p.name);
  assert.deepEqual(params("Patient"), ["_id", "identifier", "name", "family", "given", "birthdate", "gender", "_lastUpdated"]);
  assert.deepEqual(params("Practitioner"), ["_id", "name", "_lastUpdated"]);
  assert.deepEqual(params("Appointment"), ["patient", "practitioner", "actor", "date", "status", "_lastUpdated"]);
  assert.deepEqual(params("Schedule"), ["_id", "actor", "active"]);
  assert.deepEqual(params("Slot"), ["schedule", "start", "end", "status"]);
  assert.deepEqual(params("Invoice"), ["patient", "status", "date", "_lastUpdated"]);
  assert.deepEqual(params("AuditEvent"), ["patient", "agent", "subtype", "outcome", "date"]);
  assert.deepEqual(params("Medication"), ["_id", "code"]);
  assert.deepEqual(params("MedicationRequest"), ["patient", "subject", "status", "requester", "_lastUpdated"]);
  assert.deepEqual(params("MedicationDispense"), ["patient", "subject", "prescription"]);
  // SMART clients find the token endpoint here too (oauth-uris), beside the FHIR base.
  const security = cs.rest[0]!.security;
  assert.equal(security.service[0]!.coding[0]!.code, "SMART-on-FHIR");
  assert.deepEqual(security.extension[0]!.extension, [{ url: "token", valueUri: "https://clinic.example/api/auth/token" }]);
  const writes: Record<string, string[]> = { Patient: ["create"], Appointment: ["create", "update", "patch"] };
  for (const r of resources)
    assert.deepEqual(
      r.interaction.map((i) => i.code),
      ["read", "search-type", ...(writes[r.type] ?? [])],
      r.type,
    );
});

test("Invoice mapping: statuses, money, lines, numbers; valid R4", () => {
  const info = {
    id: "inv_01jb3k5x2m8q9r7t6v4w2y0z1a",
    number: "2026-000042",
    status: "refund_due" as const,
    appointmentId: "apt_01jb3k5x2m8q9r7t6v4w2y0z1a",
    patientId: "pat_01jb3k5x2m8q9r7t6v4w2y0z1a",
    doctorId: "doc_01jb3k5x2m8q9r7t6v4w2y0z1a",
    currency: "EUR",
    lines: [{ code: "consultation", description: "Consultation", quantity: 1, unitCents: 8000, amountCents: 8000, taxRateBps: 1900, taxCents: 1520 }],
    subtotalCents: 8000,
    taxCents: 1520,
    totalCents: 9520,
    paidCents: 9520,
    balanceCents: 0,
    issueDate: "2026-03-01",
    dueDate: "2026-03-15",
    issuedAt: "2026-03-01T10:00:00.000Z",
    hasPdf: true,
    error: null,
    attempts: 1,
    createdAt: "2026-03-01T09:00:00.000Z",
    updatedAt: "2026-03-02T09:00:00.000Z",
    patientName: "Ada Lovelace",
  };
  const inv = toFhirInvoice(info);
  validateR4(inv);
  assert.equal(inv.status, "cancelled");
  assert.match(inv.cancelledReason!, /refund/);
  assert.deepEqual(inv.totalGross, { value: 95.2, currency: "EUR" });
  assert.deepEqual(inv.lineItem![0]!.priceComponent[1], { type: "tax", factor: 0.19, amount: { value: 15.2, currency: "EUR" } });
  assert.equal(inv.identifier[1]!.value, "2026-000042");
  assert.equal(inv.subject.display, "Ada Lovelace");
  assert.equal(inv.paymentTerms, "Issued 2026-03-01, due 2026-03-15");
  for (const [status, fhir] of [
    ["pending", "draft"],
    ["failed", "draft"],
    ["issued", "issued"],
    ["paid", "balanced"],
    ["void", "cancelled"],
  ] as const)
    assert.equal(toFhirInvoice({ ...info, status, number: null, lines: [] }).status, fhir);
  validateR4(toFhirInvoice({ ...info, status: "pending", number: null, lines: [], issueDate: null, dueDate: null }));
});

test("AuditEvent mapping: verb, outcome, agent, every disclosed patient as an entity; valid R4", () => {
  const e = toFhirAuditEvent({
    id: "aud_01jb3k5x2m8q9r7t6v4w2y0z1a",
    at: "2026-03-01T09:00:00.000Z",
    actorId: "usr_1",
    actorRole: "doctor",
    action: "patient.list",
    resourceType: "patient",
    resourceId: null,
    patientId: null,
    patientIds: ["pat_a1", "pat_b2"],
    requestId: "req_1",
    outcome: "denied",
    detail: null,
  });
  validateR4(e);
  assert.equal(e.action, "R");
  assert.equal(e.outcome, "4");
  assert.deepEqual(e.entity.map((x) => ("reference" in x.what ? x.what.reference : undefined)).filter(Boolean), ["Patient/pat-a1", "Patient/pat-b2"]);
  const booked = toFhirAuditEvent({
    id: "aud_1",
    at: "2026-03-01T09:00:00.000Z",
    actorId: "usr_1",
    actorRole: null,
    action: "appointment.book",
    resourceType: "appointment",
    resourceId: "apt_1",
    patientId: "pat_a1",
    patientIds: [],
    requestId: null,
    outcome: "success",
    detail: null,
  });
  validateR4(booked);
  assert.equal(booked.action, "C");
  assert.equal(booked.outcome, "0");
  assert.deepEqual(booked.entity[1], { what: { display: "appointment apt_1" }, name: "appointment" });
});

test("OperationOutcome: one issue per field, the code and status mapped; valid R4", () => {
  const o = operationOutcome(400, "validation", "The request is invalid.", [{ field: "query.birthdate", message: "Must be a date" }], "req_1");
  validateR4(o);
  assert.equal(o.issue[0]!.code, "invalid");
  assert.deepEqual(o.issue[0]!.expression, ["query.birthdate"]);
  assert.equal(o.issue[0]!.details.coding[0]!.code, "validation");
  for (const [status, type] of [
    [401, "login"],
    [403, "forbidden"],
    [404, "not-found"],
    [500, "exception"],
  ] as const) {
    const x = operationOutcome(status, "c", "d");
    validateR4(x);
    assert.equal(x.issue[0]!.code, type);
    assert.equal(x.issue[0]!.expression, undefined);
  }
});

const refused = (fn: () => unknown, field: string) =>
  assert.throws(fn, (err: unknown) => err instanceof VisibleError && err.status === 400 && err.issues.some((i) => i.field === field));

test("search parameters: unknown ones and modifiers are refused unless lenient; _count and _cursor checked", () => {
  const spec = Fhir.PATIENT.params;
  refused(() => parseSearch({ foo: ["1"] }, spec, { lenient: false }), "query.foo");
  refused(() => parseSearch({ "name:exact": ["x"] }, spec, { lenient: false }), "query.name:exact");
  const lenient = parseSearch({ foo: ["1"], name: ["ann"] }, spec, { lenient: true });
  assert.deepEqual([...lenient.values.keys()], ["name"], "the unknown one is ignored and not applied");
  assert.equal(lenient.count, 20);
  assert.equal(parseSearch({ _count: ["5"] }, spec, { lenient: false }).count, 5);
  for (const bad of ["0", "101", "-1", "1.5", "1e2", "abc"]) refused(() => parseSearch({ _count: [bad] }, spec, { lenient: false }), "query._count");
  refused(() => parseSearch({ _cursor: ["not a cursor!"] }, spec, { lenient: false }), "query._cursor");
  refused(() => parseSearch({ name: ["a", "b"] }, spec, { lenient: false }), "query.name");
  refused(() => parseSearch({ name: [""] }, spec, { lenient: false }), "query.name");
  assert.equal(parseSearch({ birthdate: ["ge1980", "lt1990"] }, spec, { lenient: false }).values.get("birthdate")?.length, 2);
});

test("date values: prefixes and partial dates become day bounds; anything else is a 400", () => {
  assert.deepEqual(parseDate("birthdate", "1980"), [
    { op: "ge", value: "1980-01-01" },
    { op: "le", value: "1980-12-31" },
  ]);
  assert.deepEqual(parseDate("birthdate", "eq2024-02"), [
    { op: "ge", value: "2024-02-01" },
    { op: "le", value: "2024-02-29" },
  ]);
  assert.deepEqual(parseDate("birthdate", "gt1980-05"), [{ op: "gt", value: "1980-05-31" }]);
  assert.deepEqual(parseDate("birthdate", "lt1980-05-06"), [{ op: "lt", value: "1980-05-06" }]);
  assert.deepEqual(parseDate("birthdate", "ge1980"), [{ op: "ge", value: "1980-01-01" }]);
  for (const bad of ["2023-02-29", "1980-13", "0000", "ne1980", "sa1980", "1980-01-01T00:00:00Z", "10000-01-01", "x", "+275760-09-13"])
    refused(() => parseDate("birthdate", bad), "query.birthdate");
});

test("tokens: system|code, |code and code", () => {
  assert.deepEqual(parseToken("identifier", `${IDENTIFIER_SYSTEM.patient}|pat_1`), { system: IDENTIFIER_SYSTEM.patient, code: "pat_1" });
  assert.deepEqual(parseToken("identifier", "pat_1"), { code: "pat_1" });
  assert.deepEqual(parseToken("identifier", "|pat_1"), { system: undefined, code: "pat_1" });
  refused(() => parseToken("identifier", "sys|"), "query.identifier");
});

test("Appointment mapping: status codes, participants, times; valid R4", () => {
  const base = {
    id: "apt_01jb3k5x2m8q9r7t6v4w2y0z1d",
    doctorId: doctor.id,
    patientId: full.id,
    startsAt: "2026-03-04T09:00:00.000Z",
    endsAt: "2026-03-04T09:30:00.000Z",
    reason: "check-up",
    cancelReason: null,
    feeCents: 8000,
    currency: "EUR",
    createdBy: "usr_1",
    createdAt: full.createdAt,
    updatedAt: full.updatedAt,
  };
  for (const [status, code] of [
    ["booked", "booked"],
    ["completed", "fulfilled"],
    ["cancelled", "cancelled"],
    ["no_show", "noshow"],
  ] as const) {
    const a = toFhirAppointment({ ...base, status, cancelReason: status === "cancelled" ? "ill" : null, patientName: "Anna Müller", doctorName: doctor.name });
    validateR4(a);
    assert.equal(a.status, code);
    assert.equal(a.minutesDuration, 30);
    assert.deepEqual(
      a.participant.map((p) => p.actor.reference),
      ["Patient/pat-01jb3k5x2m8q9r7t6v4w2y0z1a", "Practitioner/doc-01jb3k5x2m8q9r7t6v4w2y0z1c"],
    );
    assert.equal(a.participant[0]!.actor.display, "Anna Müller");
    assert.equal(a.cancelationReason?.text, status === "cancelled" ? "ill" : undefined);
  }
  validateR4(toFhirAppointment({ ...base, status: "booked", reason: null }));
});

test("dateTime values: precision ranges, prefixes, several narrowing each other; out of range is a 400", () => {
  assert.deepEqual(parseDateTimes("date", ["2026-03-04"]), { from: "2026-03-04T00:00:00.000Z", to: "2026-03-05T00:00:00.000Z" });
  assert.deepEqual(parseDateTimes("date", ["2026-12"]), { from: "2026-12-01T00:00:00.000Z", to: "2027-01-01T00:00:00.000Z" });
  assert.deepEqual(parseDateTimes("date", ["gt2026"]), { from: "2027-01-01T00:00:00.000Z" });
  assert.deepEqual(parseDateTimes("date", ["le2026-03-04T10:00+01:00"]), { to: "2026-03-04T09:01:00.000Z" });
  assert.deepEqual(parseDateTimes("date", ["ge2026-03-01", "lt2026-04-01", "ge2026-03-10"]), { from: "2026-03-10T00:00:00.000Z", to: "2026-04-01T00:00:00.000Z" });
  for (const bad of [
    "1000-01-01T00:00:00Z",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-14:00",
    "2026-02-30",
    "2026-03-04T10:00",
    "ne2026",
    "+275760-09-13T00:00:00.000Z",
    "x",
  ])
    refused(() => parseDateTimes("date", [bad]), "query.date");
});

test("Appointment filters: references by type or id prefix, status codes, impossible combinations match nothing", () => {
  const f = (query: Record<string, string[]>) => appointmentFilters(parseSearch(query, Fhir.APPOINTMENT.params, { lenient: false }));
  assert.deepEqual(f({ patient: ["Patient/pat-abc"], status: ["fulfilled"] }), { none: false, filters: { patientId: "pat_abc", doctorId: undefined, status: "completed" } });
  assert.deepEqual(f({ actor: ["doc-abc"] }), { none: false, filters: { patientId: undefined, doctorId: "doc_abc", status: undefined } });
  assert.deepEqual(parseReference("patient", "https://x.example/fhir/R4/Patient/pat-1"), { type: "Patient", id: "pat_1" });
  assert.deepEqual(f({ patient: ["pat-a"], actor: ["Patient/pat-b"] }), { none: true });
  assert.deepEqual(f({ actor: ["Location/loc-1"] }), { none: true });
  assert.deepEqual(f({ status: ["waitlist"] }), { none: true });
  refused(() => f({ patient: ["Practitioner/doc-1"] }), "query.patient");
  refused(() => f({ status: ["done"] }), "query.status");
  refused(() => f({ actor: ["xyz-1"] }), "query.actor");
});
