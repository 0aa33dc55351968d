import { test } from "node:test";
import assert from "node:assert/strict";
import { foldHistory } from "./progress";

const at = (s: number) => new Date(Date.UTC(2026, 10, 26, 12, 0, s));

test("history events fold into steps with attempts, errors and times (AWS event shapes)", () => {
  const steps = foldHistory([
    { id: 1, type: "ExecutionStarted", timestamp: at(0) },
    { id: 2, type: "TaskStateEntered", timestamp: at(0), stateEnteredEventDetails: { name: "RenderPdf" } },
    { id: 3, type: "LambdaFunctionScheduled", timestamp: at(0) },
    { id: 4, type: "LambdaFunctionFailed", timestamp: at(1), lambdaFunctionFailedEventDetails: { error: "RenderFault", cause: "boom" } },
    { id: 5, type: "LambdaFunctionScheduled", timestamp: at(2) },
    { id: 6, type: "LambdaFunctionSucceeded", timestamp: at(3) },
    { id: 7, type: "TaskStateExited", timestamp: at(3), stateExitedEventDetails: { name: "RenderPdf" } },
    { id: 8, type: "TaskStateEntered", timestamp: at(3), stateEnteredEventDetails: { name: "IssueInvoice" } },
    { id: 9, type: "LambdaFunctionScheduled", timestamp: at(3) },
    { id: 10, type: "LambdaFunctionFailed", timestamp: at(4), lambdaFunctionFailedEventDetails: { error: "Error", cause: "db down" } },
    { id: 11, type: "TaskStateExited", timestamp: at(4), stateExitedEventDetails: { name: "IssueInvoice" } },
  ] as any);
  assert.equal(steps.length, 2);
  assert.deepEqual(
    { name: steps[0]!.name, status: steps[0]!.status, attempts: steps[0]!.attempts, errors: steps[0]!.errors.map((e) => e.error) },
    { name: "RenderPdf", status: "succeeded", attempts: 2, errors: ["RenderFault"] },
  );
  assert.equal(steps[0]!.enteredAt, at(0).toISOString());
  assert.equal(steps[0]!.exitedAt, at(3).toISOString());
  assert.equal(steps[1]!.status, "failed", "its only attempt failed (caught)");
});
