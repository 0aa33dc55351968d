/**
 * History events in the wire shape of `GetExecutionHistory` (timestamps in epoch seconds, as
 * the JSON 1.0 protocol carries them). Only the `*EventDetails` members this runtime emits.
 */
export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: number;
  type: string;
  [details: `${string}EventDetails`]: Record<string, unknown> | undefined;
  executionSucceededEventDetails?: { output?: string; outputDetails?: { truncated: boolean } };
  executionFailedEventDetails?: { error?: string; cause?: string };
  executionAbortedEventDetails?: { error?: string; cause?: string };
  executionTimedOutEventDetails?: { error?: string; cause?: string };
  executionRedrivenEventDetails?: { redriveCount: number };
}

export const json = (v: unknown) => JSON.stringify(v ?? null);
const notTruncated = { truncated: false };

/** `Task` → `TaskStateEntered`; AWS names state events after the state type. */
export function stateEntered(type: string, name: string, input: unknown) {
  return { type: `${type}StateEntered`, stateEnteredEventDetails: { name, input: json(input), inputDetails: notTruncated } };
}

export function stateExited(type: string, name: string, output: unknown) {
  return { type: `${type}StateExited`, stateExitedEventDetails: { name, output: json(output), outputDetails: notTruncated } };
}

/**
 * A Lambda task is reported the way AWS reports it: a plain function ARN as `Resource` gives
 * `LambdaFunction*` events; the optimized integration `arn:aws:states:::lambda:invoke` gives
 * `Task*` events with `resourceType: "lambda"`, `resource: "invoke"`.
 */
export interface TaskKind {
  integration: boolean;
  resource: string;
  region: string;
}

export function taskScheduled(k: TaskKind, input: unknown, timeoutInSeconds?: number) {
  return k.integration
    ? {
        type: "TaskScheduled",
        taskScheduledEventDetails: { resourceType: "lambda", resource: "invoke", region: k.region, parameters: json(input), timeoutInSeconds },
      }
    : { type: "LambdaFunctionScheduled", lambdaFunctionScheduledEventDetails: { resource: k.resource, input: json(input), inputDetails: notTruncated, timeoutInSeconds } };
}

export function taskStarted(k: TaskKind) {
  return k.integration ? { type: "TaskStarted", taskStartedEventDetails: { resourceType: "lambda", resource: "invoke" } } : { type: "LambdaFunctionStarted" };
}

export function taskSucceeded(k: TaskKind, output: unknown) {
  return k.integration
    ? { type: "TaskSucceeded", taskSucceededEventDetails: { resourceType: "lambda", resource: "invoke", output: json(output), outputDetails: notTruncated } }
    : { type: "LambdaFunctionSucceeded", lambdaFunctionSucceededEventDetails: { output: json(output), outputDetails: notTruncated } };
}

export function taskFailed(k: TaskKind, error: string, cause: string) {
  return k.integration
    ? { type: "TaskFailed", taskFailedEventDetails: { resourceType: "lambda", resource: "invoke", error, cause } }
    : { type: "LambdaFunctionFailed", lambdaFunctionFailedEventDetails: { error, cause } };
}

export function taskTimedOut(k: TaskKind, error: string, cause: string) {
  return k.integration
    ? { type: "TaskTimedOut", taskTimedOutEventDetails: { resourceType: "lambda", resource: "invoke", error, cause } }
    : { type: "LambdaFunctionTimedOut", lambdaFunctionTimedOutEventDetails: { error, cause } };
}
