import type { HistoryEvent } from "@aws-sdk/client-sfn";
import { z } from "../util/zod";
import { billingMachineArn } from "./start";
import { useSfn } from "./sfn";
import { executionArnOf, executionNameFor } from "./workflow";

export const Step = z
  .object({
    name: z.string(),
    status: z.enum(["running", "succeeded", "failed"]),
    enteredAt: z.string(),
    exitedAt: z.string().nullable(),
    attempts: z.number().int().openapi({ description: "Task attempts (retries + 1); 0 for Choice/Succeed/Fail" }),
    errors: z.array(z.object({ error: z.string(), cause: z.string().nullable(), at: z.string() })),
  })
  .openapi("WorkflowStep");

export const Workflow = z
  .object({
    executionName: z.string(),
    status: z.string().openapi({ description: "RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED; NOT_FOUND if none was started" }),
    startedAt: z.string().nullable(),
    stoppedAt: z.string().nullable(),
    currentStep: z.string().nullable(),
    error: z.string().nullable(),
    cause: z.string().nullable(),
    steps: z.array(Step),
  })
  .openapi("Workflow");
export type Workflow = z.infer<typeof Workflow>;

const iso = (d?: Date) => (d ? new Date(d).toISOString() : null);

/** Fold Step Functions history events (AWS's shapes, which the local endpoint mirrors) into steps. */
export function foldHistory(events: HistoryEvent[]): z.infer<typeof Step>[] {
  const steps: z.infer<typeof Step>[] = [];
  let current: z.infer<typeof Step> | undefined;
  for (const e of events) {
    const t = e.type ?? "";
    const at = iso(e.timestamp) ?? new Date(0).toISOString();
    if (t.endsWith("StateEntered") && e.stateEnteredEventDetails?.name) {
      current = { name: e.stateEnteredEventDetails.name, status: "running", enteredAt: at, exitedAt: null, attempts: 0, errors: [] };
      steps.push(current);
    } else if (t.endsWith("StateExited") && current) {
      current.exitedAt = at;
      if (current.status === "running") current.status = "succeeded";
    } else if (current && (t === "LambdaFunctionScheduled" || t === "TaskScheduled")) {
      current.attempts++;
    } else if (current && /(LambdaFunction|Task)(Failed|TimedOut|StartFailed|ScheduleFailed)$/.test(t)) {
      const d =
        e.lambdaFunctionFailedEventDetails ??
        e.taskFailedEventDetails ??
        e.lambdaFunctionTimedOutEventDetails ??
        e.taskTimedOutEventDetails ??
        e.lambdaFunctionStartFailedEventDetails;
      current.errors.push({ error: d?.error ?? t, cause: d?.cause ?? null, at });
    } else if (current && t === "ExecutionFailed") {
      current.status = "failed";
    }
  }
  // A task whose last attempt failed and was caught exits without a success of its own.
  for (const s of steps) if (s.errors.length && s.errors.length >= s.attempts && s.attempts > 0) s.status = "failed";
  return steps;
}

/** The state of an invoice's current execution, for GET /invoices/{id}. */
export async function workflowOf(appointmentId: string, attempt: number): Promise<Workflow> {
  const executionName = executionNameFor(appointmentId, attempt);
  const executionArn = executionArnOf(billingMachineArn(), executionName);
  const { sdk, client: sfn } = await useSfn();
  let described;
  try {
    described = await sfn.send(new sdk.DescribeExecutionCommand({ executionArn }));
  } catch (err) {
    if ((err as { name?: string }).name === "ExecutionDoesNotExist")
      return { executionName, status: "NOT_FOUND", startedAt: null, stoppedAt: null, currentStep: null, error: null, cause: null, steps: [] };
    throw err;
  }
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new sdk.GetExecutionHistoryCommand({ executionArn, maxResults: 500, nextToken, includeExecutionData: false }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken && events.length < 5000);
  const steps = foldHistory(events);
  return {
    executionName,
    status: described.status ?? "UNKNOWN",
    startedAt: iso(described.startDate),
    stoppedAt: iso(described.stopDate),
    currentStep: described.status === "RUNNING" ? (steps[steps.length - 1]?.name ?? null) : null,
    error: described.error ?? null,
    cause: described.cause ?? null,
    steps,
  };
}
