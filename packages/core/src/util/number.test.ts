import { test } from "node:test";
import assert from "node:assert/strict";
import { marshall } from "@aws-sdk/util-dynamodb";
import { storable, StorableNumber } from "./number";

test("numbers the DynamoDB marshaller would throw on, or DynamoDB would refuse, are refused", () => {
  for (const n of [1e21, 1e300, 1e308, -1e308, JSON.parse("9007199254740993"), 2 ** 53, 1e-320, -1e-131]) {
    assert.equal(storable(n), false, String(n));
    assert.equal(StorableNumber.safeParse(n).success, false, String(n));
  }
});

test("numbers the stores keep exactly are accepted, and marshal without error", () => {
  for (const n of [0, -0, 1, -1, 42, 1.5, -273.15, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1e-130, 0.1, 123456.789]) {
    assert.equal(storable(n), true, String(n));
    assert.doesNotThrow(() => marshall({ n }), String(n));
  }
});

test("what is refused is exactly what the marshaller cannot take among integers", () => {
  for (const n of [2 ** 53 - 1, 2 ** 53, 2 ** 60, 1e16, 1e21]) {
    let threw = false;
    try {
      marshall({ n });
    } catch {
      threw = true;
    }
    assert.equal(storable(n), !threw, `${n}: storable ${storable(n)}, marshaller threw ${threw}`);
  }
});
