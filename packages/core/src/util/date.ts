import { z } from "./zod";

/**
 * The one range of dates and instants Carebeat accepts anywhere (query filters, bookings,
 * availability, cursors). Postgres timestamps and JavaScript dates both hold far more (and
 * different amounts: year 0 is an error in Postgres, +275760 the end of JavaScript), so input
 * outside what a clinic can mean is refused at the edge with a 400 instead of failing in the
 * database (SQLSTATE 22008) or in date arithmetic (RangeError). Wide enough for historical
 * records, with margin for the ±38 h a day's availability looks around a date.
 */
const MIN_DATE = "1800-01-01";
const MAX_DATE = "9999-12-30";
const MIN_MS = Date.parse(`${MIN_DATE}T00:00:00Z`);
const MAX_MS = Date.parse(`${MAX_DATE}T23:59:59.999Z`);
const DATE_RANGE_MESSAGE = `Must be between ${MIN_DATE} and ${MAX_DATE}`;

export function inDateRange(ms: number): boolean {
  return Number.isFinite(ms) && ms >= MIN_MS && ms <= MAX_MS;
}

/** ISO 8601 date-time with an offset (`2026-03-04T09:00:00Z`, `…+01:00`), within the range. */
export function instant(message = "Must be an ISO 8601 date-time with offset") {
  return z.iso.datetime({ offset: true, message }).refine((v) => inDateRange(Date.parse(v)), DATE_RANGE_MESSAGE);
}

/** A calendar date `YYYY-MM-DD`, within the range. */
export function calendarDate(message = "Must be a date YYYY-MM-DD") {
  return z.iso.date({ message }).refine((v) => inDateRange(Date.parse(`${v}T00:00:00Z`)), DATE_RANGE_MESSAGE);
}
