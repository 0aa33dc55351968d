import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import ical from "node-ical";
import { startTestApp, type TestApp, type TestUser } from "@carebeat/local/testing";
import { problem, query, newDoctor, newPatient, allWeek } from "./clinic.fixtures";

let t: TestApp;
let admin: TestUser;
let staff: TestUser;

before(async () => {
  t = await startTestApp();
  admin = await t.user("admin");
  staff = await t.user("staff");
});
after(async () => t?.stop());

const events = (text: string) =>
  Object.values(ical.sync.parseICS(text))
    .filter((c: any) => c.type === "VEVENT")
    .sort((a: any, b: any) => a.start.getTime() - b.start.getTime()) as any[];

/** A Berlin doctor, a patient with an account, and the doctor's account. */
async function clinic() {
  const doctor = await newDoctor(t, admin.token, { timezone: "Europe/Berlin", workingHours: allWeek, name: "Dr Anna Weber" });
  const patientId = await newPatient(t, staff.token);
  const doctorUser = await t.user("doctor", { doctorId: doctor.id });
  const patientUser = await t.user("patient", { patientId });
  return { doctor, patientId, doctorUser, patientUser };
}

async function book(doctorId: string, patientId: string, startsAt: string, minutes = 30) {
  const endsAt = new Date(Date.parse(startsAt) + minutes * 60_000).toISOString();
  const res = await t.call("POST", "/api/appointments", { token: staff.token, body: { doctorId, patientId, startsAt, endsAt, reason: "chest pain follow-up" } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

async function createFeed(token: string) {
  const res = await t.call("POST", "/api/calendar/feed", { token });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.match(res.body.path, /^\/api\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
  return res.body as { path: string; rotated: boolean };
}

test("a doctor's feed: one VEVENT per visit in Europe/Berlin across the DST change, SEQUENCE after a reschedule, CANCELLED after a cancel, no patient name, audited", async () => {
  const { doctor, patientId, doctorUser } = await clinic();
  // Europe/Berlin leaves CET (+01) for CEST (+02) on 2027-03-28.
  const before = await book(doctor.id, patientId, "2027-03-26T09:00:00.000Z");
  const afterChange = await book(doctor.id, patientId, "2027-03-30T09:00:00.000Z");
  const feed = await createFeed(doctorUser.token);
  assert.equal(feed.rotated, false);

  const res = await t.call("GET", feed.path);
  assert.equal(res.status, 200, String(res.body));
  assert.equal(res.headers.get("content-type"), "text/calendar; charset=utf-8");
  const text = res.body as string;
  assert.match(text, /^BEGIN:VCALENDAR\r\n/);
  assert.match(text, /\r\nX-PUBLISHED-TTL:PT15M\r\n/);
  assert.match(text, /\r\nREFRESH-INTERVAL;VALUE=DURATION:PT15M\r\n/);
  assert.match(text, /\r\nBEGIN:VTIMEZONE\r\nTZID:Europe\/Berlin\r\n/);
  // Wall-clock times in the doctor's zone on both sides of the change: 10:00 CET, 11:00 CEST.
  assert.match(text, /DTSTART;TZID=Europe\/Berlin:20270326T100000\r\n/);
  assert.match(text, /DTSTART;TZID=Europe\/Berlin:20270330T110000\r\n/);
  const [e1, e2] = events(text);
  assert.equal(events(text).length, 2);
  assert.equal(e1.uid, `${before.id}@carebeat`);
  assert.equal(e2.uid, `${afterChange.id}@carebeat`);
  assert.equal(e1.start.toISOString(), "2027-03-26T09:00:00.000Z");
  assert.equal(e2.start.toISOString(), "2027-03-30T09:00:00.000Z");
  assert.equal(e1.start.tz, "Europe/Berlin");
  assert.equal(String(e1.sequence), "0");
  assert.equal(e1.summary, "Patient visit");
  assert.match(e1.url?.val ?? e1.url, /\/appointments$/);
  assert.ok(e1.dtstamp instanceof Date);
  // Nothing that names the patient or says why they come.
  const record = await t.call("GET", `/api/patients/${patientId}`, { token: staff.token });
  assert.equal(record.status, 200);
  assert.ok(!text.includes(record.body.name.family), "no patient name");
  assert.ok(!text.includes("chest pain"), "no reason");

  // Reschedule, then cancel: same UID, SEQUENCE 1, then STATUS:CANCELLED.
  const moved = await t.call("PATCH", `/api/appointments/${before.id}`, { token: staff.token, body: { startsAt: "2027-03-26T12:00:00.000Z", endsAt: "2027-03-26T12:30:00.000Z" } });
  assert.equal(moved.status, 200, JSON.stringify(moved.body));
  assert.equal((await t.call("POST", `/api/appointments/${afterChange.id}/cancel`, { token: staff.token, body: { reason: "travelling" } })).status, 200);
  const [m1, m2] = events((await t.call("GET", feed.path)).body);
  assert.equal(m1.uid, `${before.id}@carebeat`);
  assert.equal(String(m1.sequence), "1");
  assert.equal(m1.start.toISOString(), "2027-03-26T12:00:00.000Z");
  assert.equal(m2.uid, `${afterChange.id}@carebeat`);
  assert.equal(m2.status, "CANCELLED");

  // A cancellation more than 30 days old leaves the feed.
  await query(`update appointments set updated_at = now() - interval '31 days' where id = $1`, [afterChange.id]);
  const later = events((await t.call("GET", feed.path)).body);
  assert.deepEqual(
    later.map((e) => e.uid),
    [`${before.id}@carebeat`],
  );

  // Every fetch is audited, naming the patient disclosed.
  const audit = await query(`select patient_ids, actor_id from audit_log where action = 'calendar.feed.read' and detail->>'ownerId' = $1`, [doctor.id]);
  assert.equal(audit.length, 3);
  assert.deepEqual(audit[0].patient_ids, [patientId]);
  assert.equal(audit[0].actor_id, "public");
});

test("a patient's feed names the doctor and clinic; ETag → 304; rotate and revoke → 404; only the hash is stored", async () => {
  const { doctor, patientId, patientUser } = await clinic();
  await book(doctor.id, patientId, "2027-01-12T08:00:00.000Z");
  const feed = await createFeed(patientUser.token);
  const first = await t.call("GET", feed.path);
  assert.equal(first.status, 200);
  const [e] = events(first.body);
  assert.equal(e.summary, "Appointment with Dr Anna Weber");
  assert.ok(e.location, "the clinic is named");
  const etag = first.headers.get("etag");
  assert.ok(etag);
  const cached = await t.call("GET", feed.path, { headers: { "if-none-match": etag! } });
  assert.equal(cached.status, 304);
  assert.equal(cached.body, "");
  assert.equal(cached.headers.get("etag"), etag);
  assert.equal((await t.call("GET", feed.path, { headers: { "if-none-match": '"other"' } })).status, 200);

  const token = feed.path.slice("/api/calendar/".length, -4);
  const stored = await query(`select token_hash from calendar_feeds where owner_id = $1`, [patientId]);
  assert.equal(stored.length, 1);
  assert.notEqual(stored[0].token_hash, token);
  assert.ok(!JSON.stringify(stored).includes(token));

  const status = await t.call("GET", "/api/calendar/feed", { token: patientUser.token });
  assert.equal(status.body.active, true);

  const rotated = await createFeed(patientUser.token);
  assert.equal(rotated.rotated, true);
  assert.notEqual(rotated.path, feed.path);
  problem(await t.call("GET", feed.path), 404);
  assert.equal((await t.call("GET", rotated.path)).status, 200);

  assert.equal((await t.call("DELETE", "/api/calendar/feed", { token: patientUser.token })).status, 204);
  problem(await t.call("GET", rotated.path), 404);
  problem(await t.call("DELETE", "/api/calendar/feed", { token: patientUser.token }), 404);
  assert.equal((await t.call("GET", "/api/calendar/feed", { token: patientUser.token })).body.active, false);
  problem(await t.call("GET", "/api/calendar/not-a-token.ics"), 404);
  problem(await t.call("GET", `/api/calendar/${"A".repeat(43)}.ics`), 404);
});

test("management roles: staff and admin have no own feed (403); only admins revoke anyone's, audited", async () => {
  const { doctor, doctorUser, patientUser } = await clinic();
  for (const who of [staff, admin]) {
    problem(await t.call("POST", "/api/calendar/feed", { token: who.token }), 403);
    problem(await t.call("GET", "/api/calendar/feed", { token: who.token }), 403);
    problem(await t.call("DELETE", "/api/calendar/feed", { token: who.token }), 403);
  }
  problem(await t.call("POST", "/api/calendar/feed"), 401);
  const feed = await createFeed(doctorUser.token);
  for (const who of [staff, doctorUser, patientUser]) problem(await t.call("DELETE", `/api/calendar/feeds/doctor/${doctor.id}`, { token: who.token }), 403);
  assert.equal((await t.call("GET", feed.path)).status, 200);
  problem(await t.call("DELETE", `/api/calendar/feeds/nurse/${doctor.id}`, { token: admin.token }), 400, "param.ownerType");
  assert.equal((await t.call("DELETE", `/api/calendar/feeds/doctor/${doctor.id}`, { token: admin.token })).status, 204);
  problem(await t.call("GET", feed.path), 404);
  const audit = await query(`select actor_id from audit_log where action = 'calendar.feed.admin_revoke' and detail->>'ownerId' = $1`, [doctor.id]);
  assert.deepEqual(
    audit.map((r) => r.actor_id),
    [admin.id],
  );
});
