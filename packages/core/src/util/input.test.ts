import { test } from "node:test";
import assert from "node:assert/strict";
import { z } from "./zod";
import { findUnsafeText, isSafeText, scrubText } from "./text";
import { instant, calendarDate, inDateRange } from "./date";
import { decodeCursor, encodeCursor, InstantKey } from "./cursor";
import { fn } from "./fn";
import { VisibleError } from "./error";

test("the text rule: NUL and unpaired surrogates, in values and keys, named by path", () => {
  assert.ok(isSafeText("Zoë 🩺 O'Brien"));
  for (const bad of ["\u0000", "a\u0000", "\ud800", "x\udc00y"]) assert.equal(isSafeText(bad), false, JSON.stringify(bad));
  assert.deepEqual(
    findUnsafeText({ name: { given: "a\u0000" }, list: ["ok", "\u0000"], "k\u0000": 1 })
      .map((i) => i.field)
      .sort(),
    ["k\\u0000", "list.1", "name.given"],
  );
  // Deep nesting cannot overflow the stack.
  let deep: unknown = "\u0000";
  for (let i = 0; i < 100_000; i++) deep = [deep];
  assert.equal(findUnsafeText(deep).length, 1);
  assert.equal(scrubText("a\u0000b\ud800"), "a\uFFFDb\uFFFD");
});

test("fn() applies the text rule to every operation's input, whatever its schema", () => {
  const op = fn(z.object({ note: z.any() }), () => "ran");
  assert.throws(
    () => op({ note: { deep: ["\u0000"] } }),
    (e: VisibleError) => e.status === 400 && e.issues[0]!.field === "note.deep.0",
  );
  assert.equal(op({ note: "fine" }), "ran");
});

test("one date range: what Postgres and JavaScript both hold, and a clinic can mean", () => {
  for (const ok of ["2026-03-04T09:00:00Z", "1800-01-01T00:00:00Z", "9999-12-30T10:00:00+02:00"]) assert.ok(instant().safeParse(ok).success, ok);
  for (const bad of ["0000-01-01T00:00:00Z", "10000-01-01T00:00:00Z", "+275760-09-13T00:00:00.000Z", "1799-12-31T23:59:59Z", "0001-01-01T00:00:00+14:00"])
    assert.equal(instant().safeParse(bad).success, false, bad);
  assert.ok(calendarDate().safeParse("2026-02-28").success);
  for (const bad of ["0000-01-01", "2026-02-30", "+010000-01-01"]) assert.equal(calendarDate().safeParse(bad).success, false, bad);
  assert.equal(inDateRange(NaN), false);
});

test("cursors are checked against their list's schema: wrong shapes are 400s naming query.cursor", () => {
  const good = encodeCursor({ at: "2026-03-04T09:00:00.000Z", id: "apt_1" });
  assert.equal(decodeCursor(good, InstantKey).id, "apt_1");
  const hostile = [{}, [], { at: "x", id: "a" }, { at: "+275760-09-13T00:00:00.000Z", id: "a" }, { at: "2026-03-04T09:00:00Z", id: "a\u0000" }, { at: 1, id: 2 }];
  for (const v of hostile)
    assert.throws(
      () => decodeCursor(encodeCursor(v), InstantKey),
      (e: VisibleError) => e.status === 400 && e.issues[0]!.field === "query.cursor",
      JSON.stringify(v),
    );
  assert.throws(() => decodeCursor("%%%", InstantKey), VisibleError);
  // Without a schema (deprecated form) the generic shape still refuses the classic traps.
  assert.throws(() => decodeCursor(encodeCursor({ at: "0000-01-01T00:00:00Z", id: "a" }), "query.cursor"), VisibleError);
  assert.throws(() => decodeCursor(encodeCursor({ id: { nested: 1 } }), "query.cursor"), VisibleError);
});
