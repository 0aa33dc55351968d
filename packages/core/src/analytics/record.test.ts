import { test } from "node:test";
import assert from "node:assert/strict";
import { AppointmentEvent } from "../appointment/event";
import { fastCheck, readAppointmentEvent } from "./record";

/**
 * The hand-written check against the schema it replaces: on valid events and on every mutation
 * below, both must give the same answer. A record the fast check would let through while zod
 * refuses it would be counted although invalid; that is what this test exists to catch.
 */
const valid = {
  id: "evt_01jabc",
  type: "appointment.booked",
  version: 1,
  occurredAt: "2026-03-01T10:15:00.123Z",
  key: "doc_1",
  correlationId: "req_1",
  data: {
    appointmentId: "apt_1",
    doctorId: "doc_1",
    patientId: "pat_1",
    startsAt: "2026-03-03T10:00:00+01:00",
    endsAt: "2026-03-03T10:30:00+01:00",
    status: "booked",
    feeCents: 5000,
    currency: "EUR",
    previous: { startsAt: "2026-03-02T10:00:00Z", endsAt: "2026-03-02T10:30:00Z" },
  },
};

const weird: unknown[] = [
  undefined,
  null,
  "",
  "x",
  0,
  -1,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  2 ** 60,
  true,
  [],
  {},
  ["a"],
  "evt_",
  "evt_x",
  "appointment.booked",
  "appointment.other",
  "2026-03-01T10:15:00Z",
  "2026-03-01T10:15Z",
  "2026-02-30T10:15:00Z",
  "2026-03-01T24:00:00Z",
  "2026-03-01 10:15:00Z",
  "2026-03-01T10:15:00+25:00",
  "2026-03-01T10:15:00",
  "EUR",
  "EU",
  "EURO",
  "booked",
  "cancelled",
  "x".repeat(64),
  "x".repeat(65),
  { startsAt: "a", endsAt: "b" },
  { startsAt: "a" },
];

type Path = string[];
const paths: Path[] = [
  [],
  ["id"],
  ["type"],
  ["version"],
  ["occurredAt"],
  ["key"],
  ["correlationId"],
  ["data"],
  ...["appointmentId", "doctorId", "patientId", "startsAt", "endsAt", "status", "feeCents", "currency", "previous"].map((k) => ["data", k]),
  ["data", "previous", "startsAt"],
  ["data", "previous", "endsAt"],
];

/** A deep copy of `valid` with the value at `path` replaced (or removed with `remove`). */
function mutate(path: Path, value: unknown, remove = false): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(valid) as Record<string, any>;
  let o = copy;
  for (const k of path.slice(0, -1)) o = o[k];
  if (remove) delete o[path.at(-1)!];
  else o[path.at(-1)!] = value;
  return copy;
}

test("the hand-written check accepts exactly what AppointmentEvent accepts", () => {
  const cases: unknown[] = [valid, mutate(["correlationId"], undefined, true), mutate(["data", "previous"], undefined, true)];
  for (const path of paths) {
    if (path.length > 0) cases.push(mutate(path, undefined, true));
    for (const v of weird) cases.push(mutate(path, v));
  }
  for (const type of AppointmentEvent.shape.type.options) cases.push(mutate(["type"], type));
  for (const status of AppointmentEvent.shape.data.shape.status.options) cases.push(mutate(["data", "status"], status));
  let refused = 0;
  for (const c of cases) {
    const zod = AppointmentEvent.safeParse(c).success;
    assert.equal(fastCheck(c), zod, `fast check and schema disagree on ${JSON.stringify(c)}`);
    assert.equal(readAppointmentEvent(c) !== undefined, zod);
    if (!zod) refused++;
  }
  // The mutations really do produce invalid records (the test is not comparing valid ones only).
  assert.ok(refused > 300, `only ${refused} invalid cases`);
});
