import { test } from "node:test";
import assert from "node:assert/strict";
import { pacingInterval, MIN_PACED_INTERVAL_MS } from "./pacing";

test("the interval spreads a channel's subscribers over its budget; small channels are not paced", () => {
  assert.equal(pacingInterval(50, 2000), 0, "50 dashboards: 25 ms apart is below the pacing threshold");
  assert.equal(pacingInterval(100, 2000), MIN_PACED_INTERVAL_MS);
  assert.equal(pacingInterval(5000, 2000), 2500, "5,000 dashboards at 2,000 callbacks/s: one broadcast every 2.5 s");
  assert.equal(pacingInterval(3, 10), 300);
  assert.equal(pacingInterval(0, 2000), 0);
});
