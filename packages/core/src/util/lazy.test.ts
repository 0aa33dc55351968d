import { test } from "node:test";
import assert from "node:assert/strict";
import { lazy } from "./lazy";

test("lazy: loads once for every caller, concurrent ones included", async () => {
  let loads = 0;
  const get = lazy(async () => ({ n: ++loads }));
  const [a, b] = await Promise.all([get(), get()]);
  assert.equal(a, b);
  assert.equal(await get(), a);
  assert.equal(loads, 1);
});

test("lazy: a failed load is retried by the next call", async () => {
  let loads = 0;
  const get = lazy(async () => {
    if (++loads === 1) throw new Error("first load fails");
    return loads;
  });
  await assert.rejects(get(), /first load fails/);
  assert.equal(await get(), 2);
  assert.equal(await get(), 2);
});
