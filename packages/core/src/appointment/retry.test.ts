import { test } from "node:test";
import assert from "node:assert/strict";
import { AGAIN, retrying } from "./retry";
import { onBooked, runBookedHooks } from "./hooks";
import { VisibleError } from "../util/error";

test("retrying: returns the first value, retries on AGAIN, and answers busy after the last attempt", async () => {
  let calls = 0;
  assert.equal(await retrying(3, "busy", async (i) => (++calls, i < 2 ? AGAIN : `done at ${i}`)), "done at 2");
  assert.equal(calls, 3);
  await assert.rejects(
    retrying(2, "try again", async () => AGAIN),
    (e: unknown) => e instanceof VisibleError && e.code === "appointment.busy" && e.message === "try again",
  );
});

test("booked hooks run in registration order, a function registered twice runs once", async () => {
  const seen: string[] = [];
  const first = async (id: string) => void seen.push(`first:${id}`);
  onBooked(first);
  onBooked(async (id) => void seen.push(`second:${id}`));
  onBooked(first);
  await runBookedHooks("appointment_1");
  assert.deepEqual(seen, ["first:appointment_1", "second:appointment_1"]);
});
