import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { localParts, isTimeZone } from "./time";

/** What localParts answered before its offset cache: Intl's own reading of the instant. */
function fromIntl(instant: Date, timeZone: string) {
  const f = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    weekday: "short",
  });
  const p = Object.fromEntries(f.formatToParts(instant).map((x) => [x.type, x.value]));
  const weekday = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 }[p.weekday!];
  return { year: Number(p.year), month: Number(p.month), day: Number(p.day), hour: Number(p.hour), minute: Number(p.minute), weekday };
}

// Zones with DST both ways, half- and quarter-hour offsets, a 30-minute DST shift (Lord Howe),
// a zone that skipped a day (Apia, 2011-12-30) and LMT offsets with seconds (before 1900).
const zones = [
  "UTC",
  "Europe/Berlin",
  "America/New_York",
  "America/Sao_Paulo",
  "Australia/Lord_Howe",
  "Asia/Kathmandu",
  "Asia/Kolkata",
  "Pacific/Apia",
  "Pacific/Chatham",
  "America/St_Johns",
  "Europe/Amsterdam",
];

test("localParts (cached offsets) agrees with Intl at random instants, 1850–2100", () => {
  fc.assert(
    fc.property(fc.constantFrom(...zones), fc.integer({ min: Date.UTC(1850, 0, 1), max: Date.UTC(2100, 0, 1) }), (zone, ms) => {
      assert.deepEqual(localParts(new Date(ms), zone), fromIntl(new Date(ms), zone));
    }),
    { numRuns: 3000 },
  );
});

test("localParts agrees with Intl minute by minute across DST transitions", () => {
  const around = [
    ["Europe/Berlin", Date.UTC(2026, 2, 29, 1)], // spring forward at 01:00 UTC
    ["Europe/Berlin", Date.UTC(2026, 9, 25, 1)], // fall back
    ["America/New_York", Date.UTC(2026, 2, 8, 7)],
    ["America/New_York", Date.UTC(2026, 10, 1, 6)],
    ["Australia/Lord_Howe", Date.UTC(2026, 3, 4, 15)], // 30-minute shift at 02:00 local (+11 → +10:30)
    ["Pacific/Apia", Date.UTC(2011, 11, 30, 10)], // the skipped day
  ] as const;
  for (const [zone, at] of around)
    for (let ms = at - 3 * 3_600_000; ms <= at + 3 * 3_600_000; ms += 60_000 - 1)
      assert.deepEqual(localParts(new Date(ms), zone), fromIntl(new Date(ms), zone), `${zone} ${new Date(ms).toISOString()}`);
});

test("time zones: IANA names only, not offsets Intl would also accept (issue 18)", () => {
  for (const tz of ["Europe/Berlin", "America/New_York", "America/Argentina/Buenos_Aires", "UTC", "Etc/GMT+5", "Asia/Kolkata"]) assert.equal(isTimeZone(tz), true, tz);
  for (const tz of ["+05:00", "-0300", "+05", "Europe/Nowhere", "", "berlin"]) assert.equal(isTimeZone(tz), false, tz);
});
