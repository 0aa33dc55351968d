import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startTestApp, type TestApp, type TestUser } from "@carebeat/local/testing";
import { newDoctor, newPatient, problem, slot, unique } from "./clinic.fixtures";

let t: TestApp;
let admin: TestUser;
let staff: TestUser;
let doctorUser: TestUser;
let patientUser: TestUser;

before(async () => {
  t = await startTestApp();
  admin = await t.user("admin");
  staff = await t.user("staff");
  doctorUser = await t.user("doctor");
  patientUser = await t.user("patient");
});
after(async () => t?.stop());

test("admins add and change doctors; everyone signed in reads them; other roles may not write", async () => {
  const body = { name: "Ada Lovelace", specialty: "Cardiology", visitFeeCents: 12000, timezone: "Europe/London", workingHours: [{ day: 1, start: "09:00", end: "17:00" }] };
  const created = await t.call("POST", "/api/doctors", { token: admin.token, body });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.match(created.body.id, /^doc_[0-9a-z]{26}$/);
  assert.equal(created.headers.get("location"), `/api/doctors/${created.body.id}`);
  assert.equal(created.body.currency, "USD", "default currency");
  assert.equal(created.body.slotMinutes, 30, "default slot length");
  assert.equal(created.body.active, true);

  for (const who of [staff, doctorUser, patientUser]) {
    const res = await t.call("POST", "/api/doctors", { token: who.token, body });
    problem(res, 403);
    assert.equal(res.body.code, "auth.role_not_allowed");
    problem(await t.call("PATCH", `/api/doctors/${created.body.id}`, { token: who.token, body: { visitFeeCents: 1 } }), 403);
    problem(await t.call("DELETE", `/api/doctors/${created.body.id}`, { token: who.token }), 403);
    assert.equal((await t.call("GET", `/api/doctors/${created.body.id}`, { token: who.token })).status, 200);
  }
  problem(await t.call("GET", "/api/doctors", {}), 401);

  const changed = await t.call("PATCH", `/api/doctors/${created.body.id}`, {
    token: admin.token,
    body: { visitFeeCents: 15000, workingHours: [{ day: 2, start: "08:00", end: "12:00" }] },
  });
  assert.equal(changed.status, 200, JSON.stringify(changed.body));
  assert.equal(changed.body.visitFeeCents, 15000);
  assert.deepEqual(changed.body.workingHours, [{ day: 2, start: "08:00", end: "12:00" }]);
  assert.equal(changed.body.name, "Ada Lovelace", "untouched fields stay");
  problem(await t.call("PATCH", "/api/doctors/doc_nope", { token: admin.token, body: { visitFeeCents: 1 } }), 404);
  problem(await t.call("GET", "/api/doctors/doc_nope", { token: staff.token }), 404);

  const log = await t.call("GET", `/api/audit?action=doctor.update&limit=200`, { token: admin.token });
  assert.ok(log.body.items.some((e: any) => e.resourceId === created.body.id && e.detail?.fields?.includes("visitFeeCents")));
});

test("search by name, surname or specialty prefix, case-insensitively, with keyset pages", async () => {
  const tag = unique();
  const names = ["Bo Abel", "Cy Baker", "Di Carter", "Ed Dunn", "Flo Evans"].map((n) => `${n}${tag}`);
  for (const name of names) await newDoctor(t, admin.token, { name, specialty: `Spec${tag}` });

  const bySpecialty = await t.call("GET", `/api/doctors?q=spec${tag}&limit=2`, { token: patientUser.token });
  assert.equal(bySpecialty.status, 200);
  const seen: string[] = bySpecialty.body.items.map((d: any) => d.name);
  let cursor = bySpecialty.body.nextCursor;
  while (cursor) {
    const page = await t.call("GET", `/api/doctors?q=spec${tag}&limit=2&cursor=${cursor}`, { token: patientUser.token });
    assert.equal(page.status, 200);
    assert.ok(page.body.items.length <= 2);
    seen.push(...page.body.items.map((d: any) => d.name));
    cursor = page.body.nextCursor;
  }
  assert.deepEqual(seen, names, "every doctor once, in name order");

  const bySurname = await t.call("GET", `/api/doctors?q=${encodeURIComponent(`carter${tag}`)}`, { token: doctorUser.token });
  assert.deepEqual(
    bySurname.body.items.map((d: any) => d.name),
    [`Di Carter${tag}`],
  );
  // LIKE wildcards in the query are literal, not patterns.
  assert.deepEqual((await t.call("GET", `/api/doctors?q=${encodeURIComponent("%")}`, { token: staff.token })).body.items, []);
  assert.deepEqual((await t.call("GET", `/api/doctors?q=_pec${tag}`, { token: staff.token })).body.items, [], "_ would match the S of Spec… if unescaped");
});

test("a deactivated doctor is kept, hidden from the list, offers no slots and takes no bookings", async () => {
  const doctor = await newDoctor(t, admin.token, { specialty: `Retiring${unique()}` });
  const patientId = await newPatient(t, staff.token);
  const date = slot(0).startsAt.slice(0, 10);
  assert.ok((await t.call("GET", `/api/doctors/${doctor.id}/availability?date=${date}`, { token: staff.token })).body.slots.length > 0);

  assert.equal((await t.call("DELETE", `/api/doctors/${doctor.id}`, { token: admin.token })).status, 204);
  const kept = await t.call("GET", `/api/doctors/${doctor.id}`, { token: staff.token });
  assert.equal(kept.status, 200);
  assert.equal(kept.body.active, false);
  assert.deepEqual((await t.call("GET", `/api/doctors?q=${doctor.specialty}`, { token: staff.token })).body.items, []);
  assert.deepEqual(
    (await t.call("GET", `/api/doctors?q=${doctor.specialty}&includeInactive=true`, { token: staff.token })).body.items.map((d: any) => d.id),
    [doctor.id],
  );
  assert.deepEqual((await t.call("GET", `/api/doctors/${doctor.id}/availability?date=${date}`, { token: staff.token })).body.slots, []);
  problem(await t.call("POST", "/api/appointments", { token: staff.token, body: { doctorId: doctor.id, patientId, ...slot(0) } }), 422, "doctorId");
});

test("invalid input on every doctors route is a 400 naming the field", async () => {
  const doctor = await newDoctor(t, admin.token);
  const good = { name: "Dr Valid", specialty: "GP", visitFeeCents: 100, timezone: "UTC" };
  const post = (body: unknown) => t.call("POST", "/api/doctors", { token: admin.token, body });
  problem(await post({ ...good, name: "   " }), 400, "name");
  problem(await post({ ...good, specialty: undefined }), 400, "specialty");
  problem(await post({ ...good, visitFeeCents: -1 }), 400, "visitFeeCents");
  problem(await post({ ...good, visitFeeCents: 10.5 }), 400, "visitFeeCents");
  problem(await post({ ...good, currency: "usd" }), 400, "currency");
  problem(await post({ ...good, timezone: "Mars/Olympus_Mons" }), 400, "timezone");
  // An offset Intl accepts has no DST rules: IANA names only (issue 18).
  problem(await post({ ...good, timezone: "+05:00" }), 400, "timezone");
  // Overlapping blocks on one day would list shared slots twice; touching blocks are fine (issue 18).
  problem(
    await post({
      ...good,
      workingHours: [
        { day: 1, start: "09:00", end: "13:00" },
        { day: 1, start: "12:00", end: "17:00" },
      ],
    }),
    400,
    "workingHours.1.start",
  );
  problem(
    await post({
      ...good,
      workingHours: [
        { day: 2, start: "09:00", end: "17:00" },
        { day: 2, start: "09:00", end: "10:00" },
      ],
    }),
    400,
    "workingHours.1.start",
  );
  assert.equal(
    (
      await post({
        ...good,
        name: "Dr Touching",
        workingHours: [
          { day: 1, start: "09:00", end: "12:00" },
          { day: 1, start: "12:00", end: "17:00" },
          { day: 2, start: "09:00", end: "12:00" },
        ],
      })
    ).status,
    201,
  );
  // Names end up in PDFs, email headers and calendar feeds: one line, no bidi overrides (issue 18).
  problem(await post({ ...good, name: "Dr Ana\r\nBcc: x@evil.example" }), 400, "name");
  problem(await post({ ...good, specialty: "GP \u202Eevil" }), 400, "specialty");
  problem(await post({ ...good, slotMinutes: 2 }), 400, "slotMinutes");
  problem(await post({ ...good, workingHours: [{ day: 8, start: "09:00", end: "10:00" }] }), 400, "workingHours.0.day");
  problem(await post({ ...good, workingHours: [{ day: 1, start: "9am", end: "10:00" }] }), 400, "workingHours.0.start");
  problem(await post({ ...good, workingHours: [{ day: 1, start: "10:00", end: "09:00" }] }), 400, "workingHours.0.end");
  problem(await post({ ...good, colour: "blue" }), 400);
  problem(await t.call("POST", "/api/doctors", { token: admin.token, raw: "{not json" }), 400);

  problem(await t.call("PATCH", `/api/doctors/${doctor.id}`, { token: admin.token, body: { timezone: "Nowhere" } }), 400, "timezone");
  problem(await t.call("PATCH", `/api/doctors/${doctor.id}`, { token: admin.token, body: { active: "yes" } }), 400, "active");
  problem(await t.call("PATCH", `/api/doctors/${"x".repeat(65)}`, { token: admin.token, body: {} }), 400, "param.id");
  problem(await t.call("DELETE", `/api/doctors/${"x".repeat(65)}`, { token: admin.token }), 400, "param.id");
  problem(await t.call("GET", `/api/doctors/${"x".repeat(65)}`, { token: staff.token }), 400, "param.id");

  problem(await t.call("GET", "/api/doctors?limit=0", { token: staff.token }), 400, "query.limit");
  problem(await t.call("GET", "/api/doctors?includeInactive=maybe", { token: staff.token }), 400, "query.includeInactive");
  problem(await t.call("GET", "/api/doctors?cursor=not-a-cursor", { token: staff.token }), 400, "query.cursor");
  problem(await t.call("GET", `/api/doctors?cursor=${Buffer.from('{"name":1}').toString("base64url")}`, { token: staff.token }), 400, "query.cursor");

  problem(await t.call("GET", `/api/doctors/${doctor.id}/availability`, { token: staff.token }), 400, "query.date");
  problem(await t.call("GET", `/api/doctors/${doctor.id}/availability?date=04-03-2026`, { token: staff.token }), 400, "query.date");
  problem(await t.call("GET", `/api/doctors/${doctor.id}/availability?date=2026-02-30`, { token: staff.token }), 400, "query.date");
  problem(await t.call("GET", `/api/doctors/doc_nope/availability?date=2026-03-04`, { token: staff.token }), 404);
});
