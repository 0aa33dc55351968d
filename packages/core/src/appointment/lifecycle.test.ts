import { test } from "node:test";
import assert from "node:assert/strict";
import { canTransition, canReschedule } from "./lifecycle";
import { appointmentStatuses } from "./appointment.sql";

test("booked moves to completed, cancelled or no_show", () => {
  for (const to of ["completed", "cancelled", "no_show"] as const) assert.equal(canTransition("booked", to), true, to);
  assert.equal(canTransition("booked", "booked"), false);
});

test("completed, cancelled and no_show are final", () => {
  for (const from of ["completed", "cancelled", "no_show"] as const) for (const to of appointmentStatuses) assert.equal(canTransition(from, to), false, `${from} → ${to}`);
});

test("only booked appointments can be rescheduled", () => {
  assert.deepEqual(appointmentStatuses.filter(canReschedule), ["booked"]);
});
