import { randomUUID } from "node:crypto";
import type { LoadedMachine } from "./machine";
import type { Runner } from "./runner";
import type { Execution, ExecutionStatus, ExecutionStore } from "./store";

/** An AWS error: `code` becomes `__type`, which the SDK turns into the exception class of that name. */
export class SfnError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const STATUSES: ExecutionStatus[] = ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"];
// AWS: 1-80 characters, no whitespace, brackets, wildcards, punctuation listed here, or controls.
const INVALID_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/;
const sec = (ms?: number) => (ms === undefined ? undefined : ms / 1000);

function page<T>(items: T[], maxResults: unknown, nextToken: unknown, max = 1000, dflt = 100) {
  const size = maxResults === undefined || maxResults === 0 ? dflt : Number(maxResults);
  if (!Number.isInteger(size) || size < 0 || size > max) throw new SfnError("ValidationException", `maxResults must be between 0 and ${max}`);
  let offset = 0;
  if (nextToken !== undefined && nextToken !== null) {
    try {
      offset = JSON.parse(Buffer.from(String(nextToken), "base64url").toString()).o;
    } catch {
      throw new SfnError("InvalidToken", "Invalid pagination token");
    }
    if (!Number.isInteger(offset) || offset < 0) throw new SfnError("InvalidToken", "Invalid pagination token");
  }
  const slice = items.slice(offset, offset + size);
  const next = offset + size < items.length ? Buffer.from(JSON.stringify({ o: offset + size })).toString("base64url") : undefined;
  return { slice, nextToken: next };
}

export interface ApiContext {
  store: ExecutionStore;
  runner: Runner;
  machines: Map<string, LoadedMachine>;
  byArn: Map<string, LoadedMachine>;
  region: string;
  accountId: string;
}

/** The Step Functions operations, request and response members as the JSON 1.0 API names them. */
export function operations(c: ApiContext): Record<string, (req: any) => unknown> {
  const machine = (arn: unknown) => {
    if (typeof arn !== "string" || !arn.startsWith("arn:")) throw new SfnError("InvalidArn", `Invalid Arn: '${arn}'`);
    const m = c.byArn.get(arn);
    if (!m) throw new SfnError("StateMachineDoesNotExist", `State Machine Does Not Exist: '${arn}'`);
    return m;
  };
  const execution = (arn: unknown): Execution => {
    if (typeof arn !== "string" || !arn.startsWith("arn:")) throw new SfnError("InvalidArn", `Invalid Arn: '${arn}'`);
    const ex = c.store.get(arn);
    if (!ex) throw new SfnError("ExecutionDoesNotExist", `Execution Does Not Exist: '${arn}'`);
    return ex;
  };
  const redriveStatus = (ex: Execution) =>
    ex.status === "FAILED" || ex.status === "ABORTED" || ex.status === "TIMED_OUT"
      ? { redriveStatus: "REDRIVABLE" }
      : {
          redriveStatus: "NOT_REDRIVABLE",
          redriveStatusReason: ex.status === "RUNNING" ? "Execution is RUNNING and cannot be redriven" : "Execution is SUCCEEDED and cannot be redriven",
        };

  return {
    StartExecution(req) {
      const m = machine(req.stateMachineArn);
      const name: string = req.name ?? randomUUID();
      if (typeof name !== "string" || name.length < 1 || name.length > 80 || INVALID_NAME.test(name)) {
        throw new SfnError("InvalidName", `Invalid Name: '${name}'`);
      }
      const input: string = req.input ?? "{}";
      try {
        JSON.parse(input);
      } catch {
        throw new SfnError("InvalidExecutionInput", "Invalid State Machine Execution Input: 'input must be valid JSON'");
      }
      const executionArn = `arn:aws:states:${c.region}:${c.accountId}:execution:${m.spec.name}:${name}`;
      const existing = c.store.get(executionArn);
      if (existing) {
        // AWS: the same name and input while the execution is still running is an idempotent
        // success; a closed execution or a different input is ExecutionAlreadyExists.
        if (existing.status === "RUNNING" && existing.input === input) {
          return { executionArn, startDate: sec(existing.startDate) };
        }
        throw new SfnError("ExecutionAlreadyExists", `Execution Already Exists: '${executionArn}'`);
      }
      const ex = c.store.create({ executionArn, stateMachineArn: m.arn, machine: m.spec.name, name, input, startDate: Date.now() });
      c.store.event(ex, {
        type: "ExecutionStarted",
        executionStartedEventDetails: { input, inputDetails: { truncated: false }, roleArn: "arn:aws:iam::000000000000:role/local" },
      });
      c.runner.enqueue(ex);
      return { executionArn, startDate: sec(ex.startDate) };
    },

    DescribeExecution(req) {
      const ex = execution(req.executionArn);
      return {
        executionArn: ex.executionArn,
        stateMachineArn: ex.stateMachineArn,
        name: ex.name,
        status: ex.status,
        startDate: sec(ex.startDate),
        stopDate: sec(ex.stopDate),
        input: ex.input,
        inputDetails: { included: true },
        output: ex.output,
        outputDetails: ex.output === undefined ? undefined : { included: true },
        error: ex.error,
        cause: ex.cause,
        redriveCount: ex.redriveCount,
        redriveDate: sec(ex.redriveDate),
        ...redriveStatus(ex),
      };
    },

    GetExecutionHistory(req) {
      const ex = execution(req.executionArn);
      let events = ex.events;
      if (req.reverseOrder) events = [...events].reverse();
      if (req.includeExecutionData === false) {
        events = events.map((e) => JSON.parse(JSON.stringify(e, (k, v) => (["input", "output", "parameters"].includes(k) ? undefined : v))));
      }
      const { slice, nextToken } = page(events, req.maxResults, req.nextToken);
      return { events: slice, nextToken };
    },

    ListExecutions(req) {
      if (req.mapRunArn) throw new SfnError("ValidationException", "Distributed Map runs are not supported locally");
      const m = machine(req.stateMachineArn);
      if (req.statusFilter !== undefined && !STATUSES.includes(req.statusFilter)) {
        throw new SfnError("ValidationException", `statusFilter must be one of ${STATUSES.join(", ")}`);
      }
      if (req.redriveFilter !== undefined && !["REDRIVEN", "NOT_REDRIVEN"].includes(req.redriveFilter)) {
        throw new SfnError("ValidationException", "redriveFilter must be REDRIVEN or NOT_REDRIVEN");
      }
      const items = c.store
        .all()
        .filter((ex) => ex.stateMachineArn === m.arn)
        .filter((ex) => !req.statusFilter || ex.status === req.statusFilter)
        .filter((ex) => !req.redriveFilter || (req.redriveFilter === "REDRIVEN") === ex.redriveCount > 0)
        // Newest first, as AWS lists them; the ARN breaks ties so pages are stable.
        .sort((a, b) => b.startDate - a.startDate || (a.executionArn < b.executionArn ? -1 : 1));
      const { slice, nextToken } = page(items, req.maxResults, req.nextToken);
      return {
        executions: slice.map((ex) => ({
          executionArn: ex.executionArn,
          stateMachineArn: ex.stateMachineArn,
          name: ex.name,
          status: ex.status,
          startDate: sec(ex.startDate),
          stopDate: sec(ex.stopDate),
          redriveCount: ex.redriveCount,
          redriveDate: sec(ex.redriveDate),
        })),
        nextToken,
      };
    },

    StopExecution(req) {
      const ex = execution(req.executionArn);
      if (ex.status === "RUNNING") c.runner.abort(ex, req.error, req.cause);
      // AWS answers with the (original) stop date for an execution that already ended.
      return { stopDate: sec(ex.stopDate ?? Date.now()) };
    },

    RedriveExecution(req) {
      const ex = execution(req.executionArn);
      if (!["FAILED", "ABORTED", "TIMED_OUT"].includes(ex.status)) {
        throw new SfnError("ExecutionNotRedrivable", `Execution is ${ex.status} and cannot be redriven: '${ex.executionArn}'`);
      }
      const from = ex.failedAt;
      c.store.event(ex, { type: "ExecutionRedriven", executionRedrivenEventDetails: { redriveCount: ex.redriveCount + 1 } });
      c.runner.enqueue(ex, from);
      return { redriveDate: sec(ex.redriveDate) };
    },

    DescribeStateMachine(req) {
      const m = machine(req.stateMachineArn);
      return {
        stateMachineArn: m.arn,
        name: m.spec.name,
        status: "ACTIVE",
        definition: JSON.stringify(m.spec.definition),
        roleArn: "arn:aws:iam::000000000000:role/local",
        type: "STANDARD",
        creationDate: m.creationDate,
        loggingConfiguration: { level: "OFF", includeExecutionData: false },
        tracingConfiguration: { enabled: false },
      };
    },

    ListStateMachines(req) {
      const all = [...c.machines.values()].sort((a, b) => a.spec.name.localeCompare(b.spec.name));
      const { slice, nextToken } = page(all, req.maxResults, req.nextToken);
      return {
        stateMachines: slice.map((m) => ({ stateMachineArn: m.arn, name: m.spec.name, type: "STANDARD", creationDate: m.creationDate })),
        nextToken,
      };
    },

    DescribeStateMachineForExecution(req) {
      const ex = execution(req.executionArn);
      const m = c.machines.get(ex.machine)!;
      return {
        stateMachineArn: m.arn,
        name: m.spec.name,
        definition: JSON.stringify(m.spec.definition),
        roleArn: "arn:aws:iam::000000000000:role/local",
        updateDate: m.creationDate,
      };
    },
  };
}
