import { AppointmentEvent, appointmentEventTypes } from "../appointment/event";

/**
 * The analytics handler's check of one record: exactly the v1 appointment envelope
 * (`AppointmentEvent`, appointment/event.ts), written out by hand because zod's `safeParse` cost
 * ~2 µs a record and allocates a copy of every object (issue 19.3). It accepts what the schema
 * accepts and nothing more — `record.test.ts` compares the two on valid and mutated records — so
 * an invalid record is still skipped, not counted. Anything it refuses goes to the schema itself
 * (`readAppointmentEvent` below), so being stricter by mistake costs time, never a count.
 */

// The schema's own ISO datetime pattern (zod builds one regex per `z.iso.datetime` and keeps it on
// the schema), so the two checks cannot drift apart on what a valid `occurredAt` is.
const datetime: RegExp = (AppointmentEvent.shape.occurredAt as unknown as { _zod: { pattern: RegExp } })._zod.pattern;
const types = new Set<unknown>(appointmentEventTypes);
const statuses = new Set<unknown>(AppointmentEvent.shape.data.shape.status.options);

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === "string";
const isDatetime = (v: unknown) => typeof v === "string" && datetime.test(v);

function isAppointmentEvent(v: unknown): v is AppointmentEvent {
  if (!isObject(v)) return false;
  if (!types.has(v.type) || v.version !== 1) return false;
  if (!isString(v.id) || !v.id.startsWith("evt_")) return false;
  if (!isDatetime(v.occurredAt) || !isString(v.key) || v.key.length < 1) return false;
  if (v.correlationId !== undefined && !(isString(v.correlationId) && v.correlationId.length <= 64)) return false;
  const d = v.data;
  if (!isObject(d)) return false;
  if (!isString(d.appointmentId) || !isString(d.doctorId) || !isString(d.patientId)) return false;
  if (!isDatetime(d.startsAt) || !isDatetime(d.endsAt) || !statuses.has(d.status)) return false;
  if (!(Number.isSafeInteger(d.feeCents) && (d.feeCents as number) >= 0)) return false;
  if (!isString(d.currency) || d.currency.length !== 3) return false;
  const p = d.previous;
  return p === undefined || (isObject(p) && isString(p.startsAt) && isString(p.endsAt));
}

/**
 * A decoded record's value as an appointment event, or undefined when it is not a valid v1 one.
 * The hand-written check answers for almost every record; a record it refuses is parsed by the
 * schema, whose answer stands.
 */
export function readAppointmentEvent(value: unknown): AppointmentEvent | undefined {
  if (isAppointmentEvent(value)) return value;
  const parsed = AppointmentEvent.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** For record.test.ts: the hand-written check alone, without the schema behind it. */
export const fastCheck = isAppointmentEvent;
