import { z } from "../util/zod";
import { Cursor } from "../util/cursor";
import { VisibleError, type FieldIssue } from "../util/error";
import { inDateRange } from "../util/date";
import { fromFhirId } from "./ids";

/**
 * FHIR search parameters (R4 "Search"): what a resource accepts, and the parsing of a request's
 * raw query into typed values. Unknown parameters — and any modifier (`name:exact`), which this
 * slice does not implement — are a 400 unless the client sent `Prefer: handling=lenient`; then
 * they are ignored and left out of the self link, which shows what was applied.
 */
type ParamType = "string" | "token" | "date" | "reference" | "number" | "special";
export type ParamSpec = Record<string, { type: ParamType; documentation: string }>;

/** Paging parameters every search takes. `_cursor` is the keyset cursor of a `next` link. */
export const PAGING: ParamSpec = {
  _count: { type: "number", documentation: "Page size, 1–100 (default 20)" },
  _cursor: { type: "special", documentation: "Opaque keyset cursor from a next link" },
};

const DEFAULT_COUNT = 20;
const MAX_COUNT = 100;

const invalid = (issues: FieldIssue[]) => new VisibleError("input", "validation", "The request is invalid.", issues);
const issue = (name: string, message: string): FieldIssue => ({ field: `query.${name}`, message });

export interface Parsed {
  /** The applied parameters' values (each parameter given at most `max` times). */
  values: Map<string, string[]>;
  count: number;
  cursor?: string;
}

/** Parameters that may be repeated (a date range: `date=ge…&date=lt…`). */
const REPEATABLE = new Set(["birthdate", "date", "_lastUpdated", "start", "end"]);

export function parseSearch(query: Record<string, string[]>, spec: ParamSpec, opts: { lenient: boolean }): Parsed {
  const issues: FieldIssue[] = [];
  const values = new Map<string, string[]>();
  for (const [name, given] of Object.entries(query)) {
    if (!Object.hasOwn(spec, name) && !Object.hasOwn(PAGING, name)) {
      if (!opts.lenient) issues.push(issue(name, name.includes(":") ? "Modifiers are not supported" : "Unknown search parameter (send Prefer: handling=lenient to ignore it)"));
      continue;
    }
    if (given.length > (REPEATABLE.has(name) ? 2 : 1)) issues.push(issue(name, "Given too often"));
    else if (given.some((v) => v.length === 0 || v.length > 200)) issues.push(issue(name, "Must be 1–200 characters"));
    else values.set(name, given);
  }
  let count = DEFAULT_COUNT;
  const rawCount = values.get("_count")?.[0];
  if (rawCount !== undefined) {
    const n = z.coerce.number().int().min(1).max(MAX_COUNT).safeParse(rawCount);
    if (!/^\d{1,3}$/.test(rawCount) || !n.success) issues.push(issue("_count", `Must be a whole number 1–${MAX_COUNT}`));
    else count = n.data;
  }
  const cursor = values.get("_cursor")?.[0];
  if (cursor !== undefined && !Cursor.safeParse(cursor).success) issues.push(issue("_cursor", "Invalid cursor"));
  if (issues.length) throw invalid(issues);
  values.delete("_count");
  values.delete("_cursor");
  return { values, count, cursor };
}

/** A token `[system]|code` or `code`: the system (undefined when not given) and the code. */
export function parseToken(name: string, raw: string): { system?: string; code: string } {
  const bar = raw.indexOf("|");
  const token = bar < 0 ? { code: raw } : { system: raw.slice(0, bar) || undefined, code: raw.slice(bar + 1) };
  if (!token.code) throw invalid([issue(name, "Must name a code: [system]|code")]);
  return token;
}

/** A comma-separated list of values (FHIR's OR), at most 100. */
export function parseList(name: string, raw: string): string[] {
  const list = raw.split(",").map((v) => v.trim());
  if (list.length > MAX_COUNT || list.some((v) => !v)) throw invalid([issue(name, `Must be 1–${MAX_COUNT} comma-separated values`)]);
  return list;
}

/** A bound on a calendar date (`YYYY-MM-DD` strings compare as dates). */
export interface DateBound {
  op: "ge" | "gt" | "le" | "lt";
  value: string;
}

const FullDate = z.iso.date();
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/**
 * A date search value (`[eq|ge|gt|le|lt]YYYY[-MM[-DD]]`) as bounds on a day: a partial date is the
 * range it covers (`eq1980` = 1980-01-01 … 1980-12-31; `gt1980` after 1980-12-31). `ne`, `sa`,
 * `eb`, `ap` and times are not supported (400).
 */
export function parseDate(name: string, raw: string): DateBound[] {
  const m = /^(eq|ge|gt|le|lt)?(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(raw);
  const bad = () => invalid([issue(name, "Must be [eq|ge|gt|le|lt]YYYY, YYYY-MM or YYYY-MM-DD")]);
  if (!m) throw bad();
  const [, op = "eq", y, mo, d] = m;
  const year = Number(y);
  if (year < 1 || (mo && (Number(mo) < 1 || Number(mo) > 12))) throw bad();
  const start = `${y}-${mo ?? "01"}-${d ?? "01"}`;
  const end = `${y}-${mo ?? "12"}-${d ?? String(lastDay(year, Number(mo ?? 12))).padStart(2, "0")}`;
  if (!FullDate.safeParse(start).success || !FullDate.safeParse(end).success) throw bad();
  if (op === "eq")
    return [
      { op: "ge", value: start },
      { op: "le", value: end },
    ];
  if (op === "ge" || op === "lt") return [{ op, value: start }];
  return [{ op: op as "gt" | "le", value: end }];
}

/** Bounds on an instant, as the REST lists take them: `from` inclusive, `to` exclusive (ISO strings). */
export interface InstantRange {
  from?: string;
  to?: string;
}

const DATE_TIME = /^(eq|ge|gt|le|lt)?(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/;

/**
 * A dateTime search value (`[eq|ge|gt|le|lt]YYYY[-MM[-DD[Thh:mm[:ss][Z|±hh:mm]]]]`, UTC when no
 * time is given) as the range of instants it stands for, `[lo, hi)` at its precision, and then the
 * bounds the prefix asks for: eq → [lo, hi), ge → ≥ lo, gt → ≥ hi, lt → < lo, le → < hi. Several
 * values narrow each other (the later `from`, the earlier `to`).
 */
export function parseDateTimes(name: string, raws: string[]): InstantRange {
  const bad = () => invalid([issue(name, "Must be [eq|ge|gt|le|lt]YYYY[-MM[-DD[Thh:mm[:ss]±hh:mm]]] between 1800 and 9999")]);
  const range: InstantRange = {};
  for (const raw of raws) {
    const m = DATE_TIME.exec(raw);
    if (!m) throw bad();
    const [, op = "eq", y, mo, d, hh, mm, ss, tz] = m;
    let lo: number;
    let hi: number;
    if (hh !== undefined) {
      const text = `${y}-${mo}-${d}T${hh}:${mm}:${ss ?? "00"}${tz}`;
      if (!z.iso.datetime({ offset: true }).safeParse(text).success) throw bad();
      lo = Date.parse(text);
      hi = lo + (ss === undefined ? 60_000 : 1000);
    } else {
      const year = Number(y);
      const month = mo === undefined ? undefined : Number(mo);
      if (month !== undefined && (month < 1 || month > 12)) throw bad();
      if (d !== undefined && !FullDate.safeParse(`${y}-${mo}-${d}`).success) throw bad();
      lo = Date.parse(`${y}-${mo ?? "01"}-${d ?? "01"}T00:00:00Z`);
      const next = new Date(lo);
      if (d !== undefined) next.setUTCDate(next.getUTCDate() + 1);
      else if (month !== undefined) next.setUTCMonth(next.getUTCMonth() + 1);
      else next.setUTCFullYear(year + 1);
      hi = next.getTime();
    }
    if (!inDateRange(lo) || !inDateRange(hi)) throw bad();
    const from = op === "eq" || op === "ge" ? lo : op === "gt" ? hi : undefined;
    const to = op === "eq" || op === "le" ? hi : op === "lt" ? lo : undefined;
    if (from !== undefined && (range.from === undefined || from > Date.parse(range.from))) range.from = new Date(from).toISOString();
    if (to !== undefined && (range.to === undefined || to < Date.parse(range.to))) range.to = new Date(to).toISOString();
  }
  return range;
}

/** The `_lastUpdated` range of a search (`[from, to)`), empty when not given. */
export function lastUpdated(parsed: Parsed): InstantRange {
  const raws = parsed.values.get("_lastUpdated");
  return raws ? parseDateTimes("_lastUpdated", raws) : {};
}

/** A reference search value (`Type/id`, a URL ending in it, or a bare id) → its type (if given) and Carebeat id. */
export function parseReference(name: string, raw: string): { type?: string; id: string } {
  const parts = raw.split("/");
  const id = parts.at(-1)!;
  const type = parts.length > 1 && /^[A-Z][A-Za-z]{0,63}$/.test(parts.at(-2)!) ? parts.at(-2) : undefined;
  if (!/^[A-Za-z0-9\-._]{1,64}$/.test(id)) throw invalid([issue(name, "Must be a reference such as Patient/pat-…")]);
  return { type, id: fromFhirId(id) };
}

/** The query string of the applied parameters, for the self and next links. */
export function queryString(values: Map<string, string[]>, extra: Record<string, string>): string {
  const q = new URLSearchParams();
  for (const [name, list] of values) for (const v of list) q.append(name, v);
  for (const [name, v] of Object.entries(extra)) q.append(name, v);
  return q.toString();
}
