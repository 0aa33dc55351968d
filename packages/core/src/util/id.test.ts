import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeTime } from "ulid";
import { createId, idPattern, ulid } from "./id";

test("ids are prefixed ULIDs whose time part decodes to the creation time", () => {
  const before = Date.now();
  const id = createId("appointment");
  assert.match(id, idPattern("appointment"));
  const t = decodeTime(id.slice(4).toUpperCase());
  assert.ok(t >= before && t <= Date.now());
});

test("ids sort in creation order, also many within one millisecond", () => {
  const ids = Array.from({ length: 20_000 }, () => createId("event"));
  assert.deepEqual([...ids].sort(), ids);
  assert.equal(new Set(ids).size, ids.length);
  // Same millisecond forced: still strictly increasing.
  const same = Array.from({ length: 1000 }, () => ulid(1_700_000_000_000));
  assert.ok(same.every((v, i) => i === 0 || v > same[i - 1]!));
});
