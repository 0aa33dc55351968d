/**
 * Wall-clock ↔ instant conversion in an IANA timezone with Intl only (no date library):
 * the offset of a zone at an instant is read from Intl, and a local time is resolved by
 * correcting a first guess with the offset found there (twice, to settle across DST).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      weekday: "short",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * IANA names only (`Europe/Berlin`, `America/Argentina/Buenos_Aires`, `UTC`): Intl also accepts
 * offsets such as `+05:00`, which have no daylight-saving rules, so a doctor's hours would drift
 * by an hour twice a year wherever the clinic observes DST (issue 18).
 */
const IANA_NAME = /^(?:[A-Za-z][A-Za-z_-]*(?:\/[A-Za-z0-9][A-Za-z0-9_+-]*)+|UTC|GMT|Etc\/[A-Za-z0-9+-]+)$/;

export function isTimeZone(tz: string): boolean {
  if (!IANA_NAME.test(tz)) return false;
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** ISO weekday 1 (Mon) … 7 (Sun). */
  weekday: number;
}

const weekdays: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

function intlParts(instant: Date, timeZone: string): LocalParts {
  const out = { year: 0, month: 0, day: 0, hour: 0, minute: 0, weekday: 0 };
  for (const p of formatter(timeZone).formatToParts(instant)) {
    if (p.type === "weekday") out.weekday = weekdays[p.value]!;
    else if (p.type in out) out[p.type as keyof LocalParts] = Number(p.value);
  }
  return out;
}

/**
 * Offsets by zone and quarter hour (UTC), for the booking hot path: `formatToParts` was ~4 % of a
 * booking request's CPU. A quarter hour is cached only if the zone has the same offset at its
 * first and last millisecond, so a quarter hour with a transition in it (DST changes fall on
 * whole minutes, and never two within 15 minutes) always goes to Intl. Bounded: cleared when full.
 */
const QUARTER = 15 * 60_000;
const offsets = new Map<string, number | null>();

function wallClock(instant: number, timeZone: string): number {
  const p = intlParts(new Date(instant), timeZone);
  const d = new Date(instant);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, d.getUTCSeconds(), d.getUTCMilliseconds()) - instant;
}

function cachedOffset(instant: number, timeZone: string): number | null {
  const q = Math.floor(instant / QUARTER);
  const key = `${timeZone} ${q}`;
  let o = offsets.get(key);
  if (o === undefined) {
    const first = wallClock(q * QUARTER, timeZone);
    o = first === wallClock((q + 1) * QUARTER - 1, timeZone) ? first : null;
    if (offsets.size >= 10_000) offsets.clear();
    offsets.set(key, o);
  }
  return o;
}

export function localParts(instant: Date, timeZone: string): LocalParts {
  const offset = cachedOffset(instant.getTime(), timeZone);
  if (offset === null) return intlParts(instant, timeZone);
  const w = new Date(instant.getTime() + offset);
  const js = w.getUTCDay();
  return { year: w.getUTCFullYear(), month: w.getUTCMonth() + 1, day: w.getUTCDate(), hour: w.getUTCHours(), minute: w.getUTCMinutes(), weekday: js === 0 ? 7 : js };
}

/** Offset (ms) of the zone at an instant: local wall clock minus UTC. */
function offsetAt(instant: Date, timeZone: string): number {
  const p = localParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, instant.getUTCSeconds(), instant.getUTCMilliseconds());
  return asUtc - instant.getTime();
}

/**
 * The instant a local date + "HH:MM" denotes in the zone. A time that occurs twice (the autumn
 * overlap) is its first occurrence; a time that does not exist (the spring gap) resolves forward,
 * to the instant the clocks jump (02:30 on a New York spring-forward day → 03:00 EDT): the
 * offsets in force half a day either side are the only candidates.
 */
export function zonedTime(date: string, hhmm: string, timeZone: string): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const [hh, mm] = hhmm.split(":").map(Number) as [number, number];
  const naive = Date.UTC(y, m - 1, d, hh, mm);
  const before = offsetAt(new Date(naive - 12 * 3600_000), timeZone);
  const after = offsetAt(new Date(naive + 12 * 3600_000), timeZone);
  const candidates = [naive - before, naive - after].sort((a, b) => a - b);
  for (const c of candidates) if (c + offsetAt(new Date(c), timeZone) === naive) return new Date(c);
  // In the gap: the earlier offset puts the wall time past the jump, which is the jump itself
  // plus however far into the gap the time was — so clamp to the first instant after the gap.
  let lo = candidates[0]!;
  let hi = candidates[1]!;
  while (hi - lo > 60_000) {
    const mid = Math.floor((lo + hi) / 2 / 60_000) * 60_000;
    if (offsetAt(new Date(mid), timeZone) === before) lo = mid;
    else hi = mid;
  }
  return new Date(hi);
}

export function minutesOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number) as [number, number];
  return h * 60 + m;
}

/** ISO weekday of a calendar date (timezone-free). */
export function weekdayOf(date: string): number {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const js = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return js === 0 ? 7 : js;
}
