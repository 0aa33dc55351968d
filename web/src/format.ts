const dateFmt = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric" });
const dateTimeFmt = new Intl.DateTimeFormat(undefined, { weekday: "short", year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
const timeFmt = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });

const dayFmt = new Intl.DateTimeFormat(undefined, { weekday: "short", year: "numeric", month: "short", day: "numeric" });

/**
 * A calendar date (YYYY-MM-DD) shown without shifting it through a time zone;
 * a full timestamp is shown as its local day.
 */
export function formatDate(d: string | null | undefined) {
  if (!d) return "—";
  if (d.length > 10) {
    const t = new Date(d);
    return isNaN(t.getTime()) ? d : dayFmt.format(t);
  }
  const [y, m, day] = d.slice(0, 10).split("-").map(Number);
  if (!y || !m || !day) return d;
  return dateFmt.format(new Date(y, m - 1, day));
}

export function formatDateTime(iso: string | null | undefined) {
  if (!iso) return "—";
  const t = new Date(iso);
  return isNaN(t.getTime()) ? iso : dateTimeFmt.format(t);
}

export function formatTime(iso: string, timeZone?: string) {
  const t = new Date(iso);
  if (isNaN(t.getTime())) return iso;
  if (!timeZone) return timeFmt.format(t);
  try {
    return new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", timeZone }).format(t);
  } catch {
    return timeFmt.format(t);
  }
}

export function age(birthDate: string | null | undefined) {
  if (!birthDate) return "";
  const b = new Date(birthDate.slice(0, 10) + "T00:00:00");
  if (isNaN(b.getTime())) return "";
  const now = new Date();
  let years = now.getFullYear() - b.getFullYear();
  if (now.getMonth() < b.getMonth() || (now.getMonth() === b.getMonth() && now.getDate() < b.getDate())) years--;
  return `age ${years}`;
}

/** Today in the browser's zone as YYYY-MM-DD. */
export function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/** "2026-11-24" (a local calendar day) → the instant it starts, as ISO. */
export function dayStart(date: string) {
  return new Date(`${date}T00:00:00`).toISOString();
}

export function addDays(date: string, n: number) {
  const [y, m, d] = date.split("-").map(Number);
  const t = new Date(y, m - 1, d + n);
  return `${t.getFullYear()}-${String(t.getMonth() + 1).padStart(2, "0")}-${String(t.getDate()).padStart(2, "0")}`;
}

const stampFmt = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit" });

/** A log timestamp, to the second. */
export function formatTimestamp(iso: string | null | undefined) {
  if (!iso) return "—";
  const t = new Date(iso);
  return isNaN(t.getTime()) ? iso : stampFmt.format(t);
}

const clockFmt = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });

/** Time of day to the second. */
export function formatClock(iso: string) {
  const t = new Date(iso);
  return isNaN(t.getTime()) ? iso : clockFmt.format(t);
}
