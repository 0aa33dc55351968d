import { test } from "node:test";
import assert from "node:assert/strict";
import { maySubscribe, scopeOf, scopeKey, connectRoles, channels } from "./channels";
import { forEachBounded } from "./bounded";
import { roles } from "../actor";

test("who may follow which channel: analytics for staff, admin and doctors; invoices for staff and admin; patients and pharmacists nothing", () => {
  const matrix = Object.fromEntries(roles.map((r) => [r, channels.filter((c) => maySubscribe(r, c))]));
  assert.deepEqual(matrix, { admin: ["analytics", "invoices"], staff: ["analytics", "invoices"], doctor: ["analytics"], patient: [], pharmacist: [] });
  assert.deepEqual([...connectRoles].sort(), roles.filter((r) => channels.some((c) => maySubscribe(r, c))).sort(), "exactly the roles that may subscribe may connect");
});

test("a doctor sees their own figures; staff and admins the clinic's; a doctor account without a doctor record nothing", () => {
  assert.deepEqual(scopeOf({ role: "doctor", doctorId: "doc_1" }), { type: "doctor", doctorId: "doc_1" });
  assert.equal(scopeOf({ role: "doctor", doctorId: null }), undefined);
  assert.deepEqual(scopeOf({ role: "staff" }), { type: "clinic" });
  assert.deepEqual(scopeOf({ role: "admin", doctorId: "doc_1" }), { type: "clinic" });
  assert.notEqual(scopeKey({ type: "doctor", doctorId: "doc_1" }), scopeKey({ type: "doctor", doctorId: "doc_2" }));
});

test("forEachBounded visits every item once, never more than the limit at a time", async () => {
  let inFlight = 0;
  let peak = 0;
  const seen: number[] = [];
  await forEachBounded([...Array(50).keys()], 7, async (i) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    await new Promise((r) => setTimeout(r, i % 3));
    seen.push(i);
    inFlight--;
  });
  assert.equal(peak, 7);
  assert.deepEqual(
    seen.sort((a, b) => a - b),
    [...Array(50).keys()],
  );
  await forEachBounded([], 7, async () => assert.fail("no items, no calls"));
});
