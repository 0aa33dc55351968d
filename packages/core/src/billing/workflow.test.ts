import { test } from "node:test";
import assert from "node:assert/strict";
import aslValidator from "asl-validator";
import { definition, localTaskArns, billingTaskNames, executionArnOf, executionNameFor } from "./workflow";

test("the billing definition is valid ASL (asl-validator)", () => {
  const { isValid, errorsText } = aslValidator(definition(localTaskArns("test")) as any);
  assert.ok(isValid, errorsText("\n"));
});

test("every task catches into MarkFailed, RenderPdf retries with backoff, JSONPath only", () => {
  const def = definition(localTaskArns("test"));
  const states = def.States as Record<string, any>;
  for (const name of billingTaskNames) {
    assert.equal(states[name].Type, "Task");
    assert.match(states[name].Resource, /^arn:aws:lambda:us-east-1:000000000000:function:carebeat-test-Billing/);
    if (name !== "MarkFailed") assert.deepEqual(states[name].Catch, [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "MarkFailed" }]);
  }
  const retry = states.RenderPdf.Retry[0];
  assert.ok(retry.MaxAttempts >= 2 && retry.BackoffRate > 1);
  assert.equal(states.MarkFailed.Next, "BillingFailed");
  assert.equal(states.BillingFailed.Type, "Fail");
  assert.equal((def as any).QueryLanguage, undefined, "JSONPath is the default; the local interpreter ignores JSONata");
  assert.ok(!JSON.stringify(def).includes("{%"), "no JSONata expressions");
});

test("execution names and ARNs are derived from the appointment id", () => {
  assert.equal(executionNameFor("apt_1"), "apt_1");
  assert.equal(executionNameFor("apt_1", 3), "apt_1-retry-3");
  assert.equal(executionArnOf("arn:aws:states:us-east-1:1:stateMachine:m", "apt_1"), "arn:aws:states:us-east-1:1:execution:m:apt_1");
});
