/** Calendar date and time-zone arithmetic (node --import tsx --test web/src/calendar/time.test.ts). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { dayIn, fetchRange, plusDays, timeIn, viewDays, weekStart, weekday } from "./time";

test("calendar days step across months, years and DST without drifting", () => {
  assert.equal(plusDays("2026-12-31", 1), "2027-01-01");
  assert.equal(plusDays("2026-03-01", -1), "2026-02-28");
  assert.equal(plusDays("2026-03-28", 2), "2026-03-30"); // EU DST starts on the 29th
});

test("weeks start on Monday", () => {
  assert.equal(weekday("2026-11-27"), 5); // a Friday
  assert.equal(weekday("2026-11-29"), 7);
  assert.equal(weekStart("2026-11-29"), "2026-11-23");
  assert.equal(weekStart("2026-11-23"), "2026-11-23");
  assert.deepEqual(viewDays("week", "2026-12-30"), ["2026-12-28", "2026-12-29", "2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02", "2027-01-03"]);
  assert.deepEqual(viewDays("day", "2026-12-30"), ["2026-12-30"]);
});

test("an instant belongs to the doctor's own day and clock", () => {
  const iso = "2026-11-27T23:30:00.000Z";
  assert.equal(dayIn(iso, "UTC"), "2026-11-27");
  assert.equal(dayIn(iso, "Europe/Berlin"), "2026-11-28");
  assert.equal(dayIn(iso, "America/Los_Angeles"), "2026-11-27");
  assert.equal(timeIn(iso, "Europe/Berlin"), "00:30");
  assert.equal(timeIn(iso, "Asia/Kolkata"), "05:00");
});

test("the fetch range covers every shown day in any zone", () => {
  const { from, to } = fetchRange(["2026-11-23", "2026-11-29"]);
  assert.equal(from, "2026-11-22T00:00:00.000Z");
  assert.equal(to, "2026-12-01T00:00:00.000Z");
  // Kiritimati (UTC+14) starts the 23rd at 10:00Z on the 22nd; Baker Island (UTC−12) ends the 29th at 12:00Z on the 30th.
  assert.ok(Date.parse(from) <= Date.parse("2026-11-22T10:00:00Z") && Date.parse(to) >= Date.parse("2026-11-30T12:00:00Z"));
});
