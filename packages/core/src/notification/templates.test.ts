import { test } from "node:test";
import assert from "node:assert/strict";
import { render, formatVisitTime } from "./templates";

const facts = {
  kind: "reminder" as const,
  language: "en" as const,
  patientGiven: "Anna",
  doctorName: "Dr <b>Weber</b>",
  clinicName: "Riverside & Co",
  timezone: "Europe/Berlin",
  startsAt: new Date("2026-03-30T08:00:00Z"),
  path: "/appointments",
  unsubscribePath: "/unsubscribe#token=v1.x.y",
};

test("times are in the doctor's zone with the zone named, across the DST change", () => {
  assert.equal(formatVisitTime(new Date("2026-03-28T09:00:00Z"), "Europe/Berlin", "en"), "Saturday, 28 March 2026, 10:00 (Europe/Berlin, CET)");
  assert.equal(formatVisitTime(new Date("2026-03-30T08:00:00Z"), "Europe/Berlin", "en"), "Monday, 30 March 2026, 10:00 (Europe/Berlin, CEST)");
  assert.equal(formatVisitTime(new Date("2026-03-30T08:00:00Z"), "Europe/Berlin", "de"), "Montag, 30. März 2026, 10:00 (Europe/Berlin, CEST)");
  assert.match(formatVisitTime(new Date("2026-07-01T15:30:00Z"), "America/New_York", "en"), /^Wednesday, 1 July 2026, 11:30 \(America\/New_York, /);
});

test("HTML escapes every value it did not write; the text has the links with the site placeholder", () => {
  const m = render(facts);
  assert.equal(m.subject, "Reminder: your appointment with Dr <b>Weber</b>");
  assert.ok(m.html.includes("Dr &lt;b&gt;Weber&lt;/b&gt;"));
  assert.ok(!m.html.includes("<b>Weber"));
  assert.ok(m.html.includes("Riverside &amp; Co"));
  assert.match(m.text, /See or change your appointment: \{\{site\}\}\/appointments\n/);
  assert.match(m.text, /Stop reminder emails: \{\{site\}\}\/unsubscribe#token=v1\.x\.y/);
  assert.match(m.html, /<html lang="en">/);
});

test("German copy, and a confirmation promises a reminder only when one will come", () => {
  const on = render({ ...facts, kind: "confirmation", language: "de", remindersOn: true });
  assert.equal(on.subject, "Ihr Termin bei Dr <b>Weber</b> ist gebucht");
  assert.match(on.text, /^Guten Tag Anna,/);
  assert.match(on.text, /Vor dem Termin erhalten Sie eine Erinnerung/);
  assert.doesNotMatch(render({ ...facts, kind: "confirmation", language: "de", remindersOn: false }).text, /Erinnerung per E-Mail/);
  const moved = render({ ...facts, kind: "rescheduled", previousStartsAt: new Date("2026-03-28T09:00:00Z") });
  assert.match(moved.text, /has moved to Monday, 30 March 2026, 10:00 .*It was Saturday, 28 March 2026, 10:00/s);
});
