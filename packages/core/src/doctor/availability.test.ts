import { test } from "node:test";
import assert from "node:assert/strict";
import { freeSlots, withinWorkingHours } from "./availability";
import { zonedTime } from "./time";

const weekdays = [1, 2, 3, 4, 5].map((day) => ({ day, start: "09:00", end: "12:00" }));
const longAgo = new Date("2000-01-01T00:00:00Z");

test("slots follow working hours in the doctor's timezone", () => {
  // 2026-03-04 is a Wednesday; New York is UTC-5 in early March.
  const slots = freeSlots({ date: "2026-03-04", timeZone: "America/New_York", workingHours: weekdays, slotMinutes: 60, booked: [], now: longAgo });
  assert.deepEqual(
    slots.map((s) => s.startsAt),
    ["2026-03-04T14:00:00.000Z", "2026-03-04T15:00:00.000Z", "2026-03-04T16:00:00.000Z"],
  );
});

test("no slots on a day without working hours", () => {
  assert.deepEqual(freeSlots({ date: "2026-03-07", timeZone: "UTC", workingHours: weekdays, slotMinutes: 30, booked: [], now: longAgo }), []);
});

test("bookings remove every slot they overlap", () => {
  const booked = [{ start: new Date("2026-03-04T09:15:00Z"), end: new Date("2026-03-04T10:00:00Z") }];
  const slots = freeSlots({ date: "2026-03-04", timeZone: "UTC", workingHours: weekdays, slotMinutes: 30, booked, now: longAgo });
  assert.deepEqual(
    slots.map((s) => s.startsAt.slice(11, 16)),
    ["10:00", "10:30", "11:00", "11:30"],
  );
});

test("slots that already began are not offered", () => {
  const slots = freeSlots({ date: "2026-03-04", timeZone: "UTC", workingHours: weekdays, slotMinutes: 60, booked: [], now: new Date("2026-03-04T10:30:00Z") });
  assert.deepEqual(
    slots.map((s) => s.startsAt.slice(11, 16)),
    ["11:00"],
  );
});

test("across the spring-forward DST change the local hours still hold", () => {
  // US DST starts Sunday 2026-03-08; Monday 9:00 New York is 13:00 UTC (was 14:00 the week before).
  const slots = freeSlots({ date: "2026-03-09", timeZone: "America/New_York", workingHours: weekdays, slotMinutes: 60, booked: [], now: longAgo });
  assert.equal(slots[0]!.startsAt, "2026-03-09T13:00:00.000Z");
  const sunday = freeSlots({
    date: "2026-03-08",
    timeZone: "America/New_York",
    workingHours: [{ day: 7, start: "01:00", end: "04:00" }],
    slotMinutes: 60,
    booked: [],
    now: longAgo,
  });
  // 01:00 EST → 06:00Z; 02:00 does not exist (resolves forward to 03:00 EDT = 07:00Z); the day has one hour less.
  assert.deepEqual(
    sunday.map((s) => s.startsAt.slice(11, 16)),
    ["06:00", "07:00"],
  );
});

test("zonedTime resolves local wall time in the zone", () => {
  assert.equal(zonedTime("2026-07-01", "09:00", "Europe/Berlin").toISOString(), "2026-07-01T07:00:00.000Z");
  assert.equal(zonedTime("2026-01-01", "09:00", "Asia/Kolkata").toISOString(), "2026-01-01T03:30:00.000Z");
});

test("withinWorkingHours checks the doctor's local time and weekday", () => {
  const tz = "America/New_York";
  assert.equal(withinWorkingHours(new Date("2026-03-04T14:00:00Z"), new Date("2026-03-04T14:30:00Z"), tz, weekdays), true);
  assert.equal(withinWorkingHours(new Date("2026-03-04T16:45:00Z"), new Date("2026-03-04T17:15:00Z"), tz, weekdays), false, "runs past 12:00");
  assert.equal(withinWorkingHours(new Date("2026-03-07T14:00:00Z"), new Date("2026-03-07T14:30:00Z"), tz, weekdays), false, "Saturday");
  assert.equal(withinWorkingHours(new Date("2026-03-04T23:30:00Z"), new Date("2026-03-05T00:00:00Z"), "UTC", [{ day: 3, start: "00:00", end: "24:00" }]), true, "ends at midnight");
});

test("on the fall-back DST day the repeated hour yields one more real-time slot", () => {
  // US DST ends Sunday 2026-11-01: 01:00–02:00 happens twice (EDT, then EST).
  // Local 00:00 EDT = 04:00Z … local 04:00 EST = 09:00Z, so 00:00–04:00 is five real hours.
  const slots = freeSlots({
    date: "2026-11-01",
    timeZone: "America/New_York",
    workingHours: [{ day: 7, start: "00:00", end: "04:00" }],
    slotMinutes: 60,
    booked: [],
    now: longAgo,
  });
  assert.deepEqual(
    slots.map((s) => s.startsAt.slice(11, 16)),
    ["04:00", "05:00", "06:00", "07:00", "08:00"],
  );
  // The Monday after, 9:00 New York is 14:00Z again.
  assert.equal(
    freeSlots({ date: "2026-11-02", timeZone: "America/New_York", workingHours: weekdays, slotMinutes: 60, booked: [], now: longAgo })[0]!.startsAt,
    "2026-11-02T14:00:00.000Z",
  );
});

test("Europe's DST change (last Sunday of March) shifts UTC slots by an hour", () => {
  const hours = [
    { day: 5, start: "09:00", end: "10:00" },
    { day: 1, start: "09:00", end: "10:00" },
  ];
  assert.equal(
    freeSlots({ date: "2026-03-27", timeZone: "Europe/Berlin", workingHours: hours, slotMinutes: 60, booked: [], now: longAgo })[0]!.startsAt,
    "2026-03-27T08:00:00.000Z",
  );
  assert.equal(
    freeSlots({ date: "2026-03-30", timeZone: "Europe/Berlin", workingHours: hours, slotMinutes: 60, booked: [], now: longAgo })[0]!.startsAt,
    "2026-03-30T07:00:00.000Z",
  );
});

test("withinWorkingHours across a DST change uses local wall-clock times", () => {
  const sunday = [{ day: 7, start: "01:00", end: "04:00" }];
  // 2026-03-08 01:30 EST (06:30Z) → 03:30 EDT (07:30Z): one real hour, inside 01:00–04:00 local.
  assert.equal(withinWorkingHours(new Date("2026-03-08T06:30:00Z"), new Date("2026-03-08T07:30:00Z"), "America/New_York", sunday), true);
  // 03:30 EDT (07:30Z) → 04:30 EDT (08:30Z) runs past 04:00 local.
  assert.equal(withinWorkingHours(new Date("2026-03-08T07:30:00Z"), new Date("2026-03-08T08:30:00Z"), "America/New_York", sunday), false);
});

test("on a spring-forward day a block inside the gap offers nothing, and every offered slot is one booking accepts (issue 18)", () => {
  // 2026-03-08, a Sunday: New York's clocks jump from 02:00 EST to 03:00 EDT.
  const gap = [{ day: 7, start: "02:00", end: "03:00" }];
  assert.deepEqual(freeSlots({ date: "2026-03-08", timeZone: "America/New_York", workingHours: gap, slotMinutes: 30, booked: [], now: longAgo }), []);
  assert.equal(zonedTime("2026-03-08", "02:30", "America/New_York").toISOString(), "2026-03-08T07:00:00.000Z", "a time in the gap resolves to the jump");
  assert.equal(zonedTime("2026-11-01", "01:30", "America/New_York").toISOString(), "2026-11-01T05:30:00.000Z", "a repeated time is its first occurrence (EDT)");
  // Every zone with DST, every slot length, both change days, blocks around the change: availability ⊆ bookable.
  const cases = [
    { tz: "America/New_York", days: ["2026-03-08", "2026-11-01"] },
    { tz: "Europe/Berlin", days: ["2026-03-29", "2026-10-25"] },
    { tz: "Australia/Lord_Howe", days: ["2026-04-05", "2026-10-04"] },
  ];
  const blocks = [
    { start: "00:00", end: "05:00" },
    { start: "01:30", end: "03:30" },
    { start: "02:00", end: "02:30" },
  ];
  for (const { tz, days } of cases)
    for (const date of days)
      for (const b of blocks)
        for (const slotMinutes of [15, 30, 45, 60]) {
          const hours = [{ day: 7, ...b }];
          for (const s of freeSlots({ date, timeZone: tz, workingHours: hours, slotMinutes, booked: [], now: longAgo }))
            assert.ok(withinWorkingHours(new Date(s.startsAt), new Date(s.endsAt), tz, hours), `${tz} ${date} ${b.start}-${b.end} /${slotMinutes}: ${s.startsAt}`);
        }
});
