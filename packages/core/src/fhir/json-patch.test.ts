import { test } from "node:test";
import assert from "node:assert/strict";
import { VisibleError } from "../util/error";
import { applyJsonPatch } from "./json-patch";

const doc = { status: "booked", participant: [{ a: 1 }, { a: 2 }], "x/y": { "~k": 1 } };
const status = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof VisibleError);
    return { status: err.status, fields: err.issues.map((i) => i.field) };
  }
  assert.fail("expected a refusal");
};

test("JSON Patch: add, replace, remove, move, copy, test on a copy; escaped pointers; the original untouched", () => {
  const out = applyJsonPatch(doc, [
    { op: "test", path: "/status", value: "booked" },
    { op: "replace", path: "/status", value: "cancelled" },
    { op: "add", path: "/participant/-", value: { a: 3 } },
    { op: "remove", path: "/participant/0" },
    { op: "copy", from: "/participant/0", path: "/first" },
    { op: "move", from: "/x~1y/~0k", path: "/k" },
    { op: "test", path: "/participant", value: [{ a: 2 }, { a: 3 }] },
  ]);
  assert.deepEqual(out, { status: "cancelled", participant: [{ a: 2 }, { a: 3 }], "x/y": {}, first: { a: 2 }, k: 1 });
  assert.equal(doc.status, "booked");
  assert.equal(doc.participant.length, 2);
});

test("JSON Patch refusals: malformed 400 naming the op, missing path 400, failed test 422", () => {
  assert.deepEqual(status(() => applyJsonPatch(doc, [{ op: "jump", path: "/status" }])).status, 400);
  assert.deepEqual(status(() => applyJsonPatch(doc, {})).status, 400);
  assert.deepEqual(
    status(() => applyJsonPatch(doc, [{ op: "remove", path: "/nope" }])),
    { status: 400, fields: ["body.0.path"] },
  );
  assert.deepEqual(
    status(() => applyJsonPatch(doc, [{ op: "replace", path: "/participant/7", value: 1 }])),
    { status: 400, fields: ["body.0.path"] },
  );
  assert.deepEqual(
    status(() => applyJsonPatch(doc, [{ op: "replace", path: "", value: 1 }])),
    { status: 400, fields: ["body.0.path"] },
  );
  assert.deepEqual(
    status(() => applyJsonPatch(doc, [{ op: "test", path: "/status", value: "cancelled" }])),
    { status: 422, fields: ["body.0.path"] },
  );
});
