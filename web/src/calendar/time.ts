/**
 * Calendar arithmetic on plain dates ("YYYY-MM-DD") and time zones, with Intl only (no date
 * library in the bundle). A calendar column is one doctor's day in the doctor's own zone.
 */

const dayKeyFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day (YYYY-MM-DD) an instant falls on in `timeZone`. */
export function dayIn(iso: string | Date, timeZone: string): string {
  let f = dayKeyFormats.get(timeZone);
  if (!f) {
    // en-CA formats as YYYY-MM-DD.
    f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    dayKeyFormats.set(timeZone, f);
  }
  return f.format(typeof iso === "string" ? new Date(iso) : iso);
}

/** "2026-11-27" + n days, by the calendar (no time zone involved). */
export function plusDays(date: string, n: number): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + n)).toISOString().slice(0, 10);
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function weekday(date: string): number {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!)).getUTCDay() || 7;
}

/** The Monday of the week `date` is in. */
export function weekStart(date: string): string {
  return plusDays(date, 1 - weekday(date));
}

/** The days a view shows: one, or Monday–Sunday. */
export function viewDays(view: "day" | "week", date: string): string[] {
  if (view === "day") return [date];
  const first = weekStart(date);
  return Array.from({ length: 7 }, (_, i) => plusDays(first, i));
}

/**
 * The instants to ask the API for so every shown day is covered in any zone: a zone's day
 * lies within UTC midnight −14 h … +38 h, so pad a day on each side.
 */
export function fetchRange(days: string[]): { from: string; to: string } {
  return { from: `${plusDays(days[0]!, -1)}T00:00:00.000Z`, to: `${plusDays(days[days.length - 1]!, 2)}T00:00:00.000Z` };
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** "09:30" in `timeZone` (24-hour, as working hours are written). */
export function timeIn(iso: string, timeZone: string): string {
  let f = timeFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    timeFormats.set(timeZone, f);
  }
  return f.format(new Date(iso));
}

/** "Fri 27 Nov" for a calendar date, in the page's language. */
export function dayLabel(date: string, opts: Intl.DateTimeFormatOptions = { weekday: "short", day: "numeric", month: "short" }): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Intl.DateTimeFormat(undefined, { ...opts, timeZone: "UTC" }).format(new Date(Date.UTC(y!, m! - 1, d!)));
}
