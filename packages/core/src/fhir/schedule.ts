import { Appointment } from "../appointment";
import { Doctor } from "../doctor";
import { encodeCursor, decodeCursor } from "../util/cursor";
import { VisibleError } from "../util/error";
import { z } from "../util/zod";
import type { ResourceCapability } from "./capability";
import { fromFhirId, toFhirId } from "./ids";
import { parseDateTimes, parseReference, type Parsed } from "./params";

/**
 * `Schedule` and `Slot` (docs/fhir.md): a doctor's Schedule is the doctor (same logical id as the
 * Practitioner), and its Slots are computed on each request by the availability route's own
 * operation (`Appointment.availability`: working hours in the doctor's timezone minus bookings
 * and the past) — never stored. Only free slots exist: a booked one is an Appointment.
 */
export const SCHEDULE: ResourceCapability = {
  type: "Schedule",
  interactions: ["read", "search-type"],
  params: {
    _id: { type: "token", documentation: "Logical id(s), comma-separated (the doctor's id)" },
    actor: { type: "reference", documentation: "Practitioner/<id>: that doctor's schedule" },
    active: { type: "token", documentation: "true | false" },
  },
};

export const SLOT: ResourceCapability = {
  type: "Slot",
  interactions: ["read", "search-type"],
  params: {
    schedule: { type: "reference", documentation: "Schedule/<id> (required: slots are searched for one schedule)" },
    start: { type: "date", documentation: "Slot start: [eq|ge|gt|le|lt]YYYY[-MM[-DD[Thh:mm[:ss]±hh:mm]]]; twice for a range; default now … 7 days, at most 31 days" },
    end: { type: "date", documentation: "Slot end, as start" },
    status: { type: "token", documentation: "free (the only status served: a booked slot is an Appointment)" },
  },
};

const DAY = 86_400_000;
const DEFAULT_DAYS = 7;
const MAX_DAYS = 31;

const invalid = (field: string, message: string) => new VisibleError("input", "validation", "The request is invalid.", [{ field: `query.${field}`, message }]);
const notFound = (what: string) => new VisibleError("not-found", "fhir.not_found", `No such ${what}.`);

const WEEKDAY = ["", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

export function toFhirSchedule(d: Doctor.Info) {
  const hours = [...d.workingHours].sort((a, b) => a.day - b.day || a.start.localeCompare(b.start)).map((h) => `${WEEKDAY[h.day]} ${h.start}–${h.end}`);
  return {
    resourceType: "Schedule" as const,
    id: toFhirId(d.id),
    meta: { lastUpdated: d.updatedAt },
    active: d.active,
    ...(d.specialty ? { specialty: [{ text: d.specialty }] } : {}),
    actor: [{ reference: `Practitioner/${toFhirId(d.id)}`, display: d.name }],
    comment: `${d.slotMinutes}-minute slots; working hours (${d.timezone}): ${hours.length ? hours.join(", ") : "none"}`,
  };
}

/** A slot's logical id: the schedule's and the start minute (`doc-…​.20261207T1430`), so a read can recompute it. */
const slotId = (doctorId: string, startsAt: string) => `${toFhirId(doctorId)}.${startsAt.slice(0, 16).replace(/[-:]/g, "")}`;
const SLOT_ID = /^(doc[-_][0-9a-z]{1,60})\.(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})$/;

function toFhirSlot(doctorId: string, s: { startsAt: string; endsAt: string }) {
  return {
    resourceType: "Slot" as const,
    id: slotId(doctorId, s.startsAt),
    schedule: { reference: `Schedule/${toFhirId(doctorId)}` },
    status: "free",
    start: s.startsAt,
    end: s.endsAt,
  };
}

export async function readSchedule(fhirId: string) {
  return toFhirSchedule(await Doctor.read(fromFhirId(fhirId)));
}

/** The Schedule search as the Practitioner search's filters; `none` when nothing can match. */
export function scheduleFilters(parsed: Parsed): { none: boolean; doctorId?: string; active?: boolean } {
  const actor = parsed.values.get("actor")?.[0];
  const active = parsed.values.get("active")?.[0];
  if (active !== undefined && active !== "true" && active !== "false") throw invalid("active", "Must be true or false");
  let doctorId: string | undefined;
  if (actor !== undefined) {
    const ref = parseReference("actor", actor);
    // A Schedule's actor may be a Location or a Device elsewhere; here it is always a Practitioner.
    if ((ref.type ?? (ref.id.startsWith("doc_") ? "Practitioner" : undefined)) !== "Practitioner") return { none: true };
    doctorId = ref.id;
  }
  return { none: false, doctorId, active: active === undefined ? undefined : active === "true" };
}

/** Local calendar dates whose slots can fall in [from, to): every UTC date from a day before to a day after. */
function datesCovering(from: number, to: number): string[] {
  const dates: string[] = [];
  for (let t = Math.floor(from / DAY) * DAY - DAY; t < to + DAY; t += DAY) dates.push(new Date(t).toISOString().slice(0, 10));
  return dates;
}

const SlotCursor = z.object({ s: z.string().min(1).max(40) });

/**
 * One schedule's free slots in a window (the `start` range, now … 7 days by default, at most 31
 * days), in start order, paged by a keyset cursor on the start. Each day is the availability
 * route's answer for that date, so FHIR and REST offer the same slots.
 */
export async function searchSlots(parsed: Parsed): Promise<{ items: ReturnType<typeof toFhirSlot>[]; nextCursor: string | null; total: number }> {
  // The cursor first: a hostile one is refused by name whatever else the request lacks.
  const after = parsed.cursor ? decodeCursor(parsed.cursor, SlotCursor, "query._cursor").s : undefined;
  if (after !== undefined && Number.isNaN(Date.parse(after))) throw invalid("_cursor", "Invalid cursor");
  const raw = parsed.values.get("schedule")?.[0];
  if (raw === undefined) throw invalid("schedule", "Required: slots are searched for one schedule (Schedule/<id>)");
  const ref = parseReference("schedule", raw);
  if (ref.type !== undefined && ref.type !== "Schedule") throw invalid("schedule", "Must reference a Schedule");
  const status = parsed.values.get("status")?.[0];
  if (status !== undefined && !["free", "busy", "busy-unavailable", "busy-tentative", "entered-in-error"].includes(status))
    throw invalid("status", "Must be an R4 slot status (free, busy, …)");
  const starts = parsed.values.get("start");
  const range = starts ? parseDateTimes("start", starts) : {};
  const ends = parsed.values.get("end");
  const endRange = ends ? parseDateTimes("end", ends) : {};
  const from = range.from ? Date.parse(range.from) : Date.now();
  const to = range.to ? Date.parse(range.to) : from + DEFAULT_DAYS * DAY;
  if (to - from > MAX_DAYS * DAY) throw invalid("start", `The window must be at most ${MAX_DAYS} days (give start=ge…&start=lt…)`);
  if (!ref.id.startsWith("doc_")) throw notFound("schedule");
  const doctor = await Doctor.read(ref.id);
  if ((status !== undefined && status !== "free") || to <= from) return { items: [], nextCursor: null, total: 0 };
  const inEnd = (e: number) => (!endRange.from || e >= Date.parse(endRange.from)) && (!endRange.to || e < Date.parse(endRange.to));
  const seen = new Set<string>();
  const all: { startsAt: string; endsAt: string }[] = [];
  for (const date of datesCovering(from, to)) {
    const day = await Appointment.availability({ doctorId: doctor.id, date });
    for (const s of day.slots) {
      const start = Date.parse(s.startsAt);
      if (start < from || start >= to || !inEnd(Date.parse(s.endsAt)) || seen.has(s.startsAt)) continue;
      seen.add(s.startsAt);
      all.push(s);
    }
  }
  all.sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  const rest = after === undefined ? all : all.filter((s) => Date.parse(s.startsAt) > Date.parse(after));
  const page = rest.slice(0, parsed.count);
  const nextCursor = rest.length > parsed.count ? encodeCursor({ s: page.at(-1)!.startsAt }) : null;
  return { items: page.map((s) => toFhirSlot(doctor.id, s)), nextCursor, total: all.length };
}

/** A Slot by its id: recomputed from that day's availability; a slot no longer free is a 404. */
export async function readSlot(fhirId: string) {
  const m = SLOT_ID.exec(fhirId);
  if (!m) throw notFound("slot");
  const [, doc, y, mo, d, hh, mm] = m;
  const startsAt = Date.parse(`${y}-${mo}-${d}T${hh}:${mm}:00Z`);
  if (Number.isNaN(startsAt)) throw notFound("slot");
  const doctor = await Doctor.read(fromFhirId(doc!));
  for (const date of datesCovering(startsAt, startsAt + 1)) {
    const day = await Appointment.availability({ doctorId: doctor.id, date });
    const hit = day.slots.find((s) => Date.parse(s.startsAt) === startsAt);
    if (hit) return toFhirSlot(doctor.id, hit);
  }
  throw notFound("slot");
}
