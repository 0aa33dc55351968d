import { test } from "node:test";
import assert from "node:assert/strict";
import { fold, windowOf, averagePerHour, HOUR } from "./fold";

const ev = (type: string, occurredAt: string, doctorId = "doc_a") => ({ type, occurredAt, data: { doctorId } }) as any;

test("an event counts in the UTC hour of its occurredAt, whatever order it arrives in", () => {
  assert.equal(windowOf("2026-01-05T10:59:59.999+01:00"), Date.UTC(2026, 0, 5, 9));
  const late = [ev("appointment.booked", "2026-01-05T11:10:00Z"), ev("appointment.cancelled", "2026-01-05T10:20:00Z"), ev("appointment.booked", "2026-01-05T10:05:00Z", "doc_b")];
  const a = fold(late);
  const b = fold([...late].reverse());
  assert.deepEqual([...a].sort(), [...b].sort());
  assert.deepEqual(a.get(`${Date.UTC(2026, 0, 5, 10)}|doc_a`), { booked: 0, rescheduled: 0, cancelled: 1, completed: 0, noShow: 0 });
  assert.equal(a.get(`${Date.UTC(2026, 0, 5, 11)}|doc_a`)!.booked, 1);
});

test("bookings per hour divide by every hour of the span, empty ones included", () => {
  const first = Date.UTC(2026, 0, 5, 8);
  assert.equal(averagePerHour(10, first, first + 4 * HOUR), 2); // 08:00–13:00 = 5 hours
  assert.equal(averagePerHour(3, first, first), 3);
  assert.equal(averagePerHour(0, null, null), 0);
});
