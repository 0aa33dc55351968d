import { test } from "node:test";
import assert from "node:assert/strict";
import { writePacer } from "./write-rate";

test("the pacer spaces writes at the rate: 10/s means the 11th write waits until 1 s has passed", async () => {
  let clock = 0;
  const slept: number[] = [];
  const pace = writePacer(
    10,
    () => clock,
    async (ms) => {
      slept.push(ms);
      clock += ms;
    },
  );
  for (let i = 0; i < 11; i++) await pace();
  assert.equal(clock, 1000, "11 writes at 10/s: the last one starts at 1,000 ms");
  assert.equal(slept.length, 10, "every write after the first waited its 100 ms");
  assert.ok(slept.every((ms) => ms === 100));
});

test("time already spent counts: a slow writer is never slowed further", async () => {
  let clock = 0;
  const slept: number[] = [];
  const pace = writePacer(
    10,
    () => clock,
    async (ms) => void slept.push(ms),
  );
  for (let i = 0; i < 5; i++) {
    await pace();
    clock += 250; // each write took longer than its share
  }
  assert.deepEqual(slept, []);
});
