import { test } from "node:test";
import assert from "node:assert/strict";
import { effectiveStatus, statusAfter } from "./status";

test("the stored status follows the dispensed units: fill by fill, then completed", () => {
  // 10 per fill, 2 repeats: 30 units in all.
  assert.equal(statusAfter(0, 10, 2), "active");
  assert.equal(statusAfter(4, 10, 2), "partly_dispensed");
  assert.equal(statusAfter(10, 10, 2), "dispensed");
  assert.equal(statusAfter(25, 10, 2), "partly_dispensed");
  assert.equal(statusAfter(30, 10, 2), "completed");
  assert.equal(statusAfter(7, 7, 0), "completed");
});

test("an open prescription reads as expired the day after its valid-until date; closed ones keep their status", () => {
  const now = new Date("2026-12-07T23:59:00Z");
  assert.equal(effectiveStatus("active", "2026-12-07", now), "active", "valid through the day itself");
  assert.equal(effectiveStatus("active", "2026-12-06", now), "expired");
  assert.equal(effectiveStatus("partly_dispensed", "2026-12-06", now), "expired");
  assert.equal(effectiveStatus("completed", "2026-12-06", now), "completed");
  assert.equal(effectiveStatus("cancelled", "2026-12-06", now), "cancelled");
});
