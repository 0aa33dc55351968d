import { setImmediate as tick } from "node:timers/promises";
import { ExecutionAbortedError, ExecutionTimeoutError } from "aws-local-stepfunctions";
import type { LoadedMachine } from "./machine";
import type { Execution, ExecutionStore, ResumePoint } from "./store";
import * as H from "./history";

/** How a thrown task error reads in Step Functions: the Lambda runtime's error payload. */
function lambdaError(err: unknown): { error: string; cause: string } {
  const e = err instanceof Error ? err : new Error(String(err));
  const errorType = e.name || "Error";
  return {
    error: errorType,
    // Step Functions reports a Lambda function error with Cause = the runtime's error
    // payload as JSON (errorType, errorMessage, trace); callers read `errorMessage` from it.
    cause: JSON.stringify({ errorType, errorMessage: e.message, trace: (e.stack ?? "").split("\n") }),
  };
}

/** The error the interpreter matches `ErrorEquals` against (name) and reports as Cause (message). */
class TaskError extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

interface Run {
  ex: Execution;
  abort(): void;
  /** False once the run's outcome is recorded (or the runtime stopped): late events are dropped. */
  live: boolean;
}

/**
 * Runs executions with aws-local-stepfunctions, at most `maxConcurrency` at a time (the rest
 * wait in FIFO order, RUNNING to callers), translating the interpreter's events into AWS
 * history events as they happen.
 */
export class Runner {
  private readonly queue: { ex: Execution; from?: ResumePoint }[] = [];
  private readonly running = new Map<string, Run>();
  /** Task handlers in flight: stop() lets them settle before the stores they call go away. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(
    private readonly store: ExecutionStore,
    private readonly machines: Map<string, LoadedMachine>,
    private readonly maxConcurrency: number,
    private readonly log: (line: string) => void,
  ) {}

  enqueue(ex: Execution, from?: ResumePoint) {
    this.queue.push({ ex, from });
    this.pump();
  }

  /** Stop one execution (StopExecution): a queued one never starts, a running one is aborted. */
  abort(ex: Execution, error?: string, cause?: string) {
    const i = this.queue.findIndex((q) => q.ex === ex);
    if (i >= 0) this.queue.splice(i, 1);
    const run = this.running.get(ex.executionArn);
    if (run) {
      run.live = false;
      run.abort();
    }
    this.store.event(ex, { type: "ExecutionAborted", executionAbortedEventDetails: { error, cause } });
  }

  /**
   * The runtime stops: nothing more is recorded, so running executions stay RUNNING on disk.
   * Task handlers already called are waited for (up to `graceMs`): the S3, DynamoDB and
   * PostgreSQL stand-ins stop after this, and a task cut off mid-request would fail with
   * ECONNRESET after its interpreter is gone — a rejection nobody awaits.
   */
  async stop(graceMs = 5_000) {
    this.stopped = true;
    this.queue.length = 0;
    for (const run of this.running.values()) {
      run.live = false;
      run.abort();
    }
    if (!this.inFlight.size) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((r) => (timer = setTimeout(r, graceMs)))]);
    clearTimeout(timer);
  }

  get stats() {
    return { running: this.running.size, queued: this.queue.length };
  }

  /**
   * Start what fits, in FIFO order per limit. A machine with its own `maxConcurrency` (the
   * reminders: thousands of executions sitting in a Wait) counts only against that; the others
   * share the runner's, so a month of waiting reminders never holds up an invoice.
   */
  private pump() {
    const own = (machine: string) => this.machines.get(machine)?.spec.maxConcurrency;
    const counts = new Map<string, number>();
    let shared = 0;
    for (const run of this.running.values()) {
      if (own(run.ex.machine) === undefined) shared++;
      else counts.set(run.ex.machine, (counts.get(run.ex.machine) ?? 0) + 1);
    }
    for (let i = 0; i < this.queue.length && !this.stopped; ) {
      const { ex, from } = this.queue[i]!;
      const limit = own(ex.machine);
      const full = limit === undefined ? shared >= this.maxConcurrency : (counts.get(ex.machine) ?? 0) >= limit;
      if (full) {
        i++;
        continue;
      }
      this.queue.splice(i, 1);
      if (limit === undefined) shared++;
      else counts.set(ex.machine, (counts.get(ex.machine) ?? 0) + 1);
      this.start(ex, from);
    }
  }

  private start(ex: Execution, resumeAt?: ResumePoint) {
    const machine = this.machines.get(ex.machine)!;
    // A state recorded by an older definition that no longer has it: start over.
    const from = resumeAt && machine.topStates.has(resumeAt.state) ? resumeAt : undefined;
    if (resumeAt && !from) this.log(`stepfunctions: ${ex.executionArn}: state ${resumeAt.state} is gone from the definition; restarting from StartAt`);
    const run: Run = { ex, live: true, abort: () => {} };
    this.running.set(ex.executionArn, run);
    const record = (e: Parameters<ExecutionStore["event"]>[1]) => {
      if (run.live) this.store.event(ex, e);
    };

    const handlers: Record<string, (input: any) => Promise<any>> = {};
    for (const [stateName, kind] of machine.tasks) {
      handlers[stateName] = async (input: any) => {
        // The interpreter times the task out with a timer it creates right after this call; this
        // one, created first with the same length, fires first, so a result that arrives after
        // the TaskTimedOut is not recorded as if the task had succeeded.
        let late = false;
        const timer = setTimeout(() => (late = true), (kind.timeoutSeconds ?? 60) * 1000);
        timer.unref();
        const note = (e: Parameters<ExecutionStore["event"]>[1]) => late || record(e);
        // The interpreter calls this in the same tick it dispatches TaskStateEntered; yielding
        // once lets that event be recorded first, so the history keeps AWS's order.
        await tick();
        const target = kind.integration ? input?.FunctionName : kind.resource;
        const payload = kind.integration ? input?.Payload : input;
        note(H.taskScheduled(kind, input, kind.timeoutSeconds));
        note(H.taskStarted(kind));
        const handler = machine.handler(target);
        try {
          if (!handler) {
            throw Object.assign(new Error(`Function not found: ${target} (no local handler is registered for this ARN in machines[].handlers)`), {
              name: "Lambda.ResourceNotFoundException",
            });
          }
          const call = Promise.resolve(handler(structuredClone(payload ?? {}), lambdaContext(String(target))));
          this.inFlight.add(call);
          const result = await call.finally(() => this.inFlight.delete(call));
          const output = kind.integration
            ? { ExecutedVersion: "$LATEST", Payload: result ?? null, StatusCode: 200, SdkHttpMetadata: { HttpStatusCode: 200 }, SdkResponseMetadata: {} }
            : (result ?? null);
          note(H.taskSucceeded(kind, output));
          return output;
        } catch (err) {
          // Aborted (StopExecution, or the runtime stopping): the interpreter no longer awaits
          // this task, so a rejection would be unhandled; its outcome is not recorded anyway.
          if (!run.live) return null;
          const { error, cause } = err instanceof Error && err.name === "Lambda.ResourceNotFoundException" ? { error: err.name, cause: err.message } : lambdaError(err);
          note(H.taskFailed(kind, error, cause));
          throw new TaskError(error, cause);
        } finally {
          clearTimeout(timer);
        }
      };
    }

    const input = from ? from.input : JSON.parse(ex.input);
    const { abort, result, eventLogs } = machine.interpreter(from?.state).run(input as any, {
      overrides: { taskResourceLocalHandlers: handlers },
      context: {
        Execution: { Id: ex.executionArn, Name: ex.name, RoleArn: `arn:aws:iam::000000000000:role/local`, RedriveCount: ex.redriveCount },
        StateMachine: { Id: machine.arn, Name: machine.spec.name },
      },
    });
    run.abort = abort;

    const translate = async () => {
      let top: string | undefined;
      for await (const ev of eventLogs as AsyncIterable<any>) {
        if (!run.live) continue;
        const s = ev.state;
        switch (ev.type) {
          case "StateEntered":
            if (!top && machine.topStates.has(s.name)) {
              top = s.name;
              this.store.at(ex, { state: s.name, input: s.input });
            }
            record(H.stateEntered(s.type, s.name, s.input));
            if (s.type === "Parallel" || s.type === "Map") record({ type: `${s.type}StateStarted` });
            break;
          case "StateExited":
            if (top === s.name) top = undefined;
            if (s.type === "Parallel" || s.type === "Map") record({ type: `${s.type}StateSucceeded` });
            record(H.stateExited(s.type, s.name, s.output));
            break;
          case "StateFailed": {
            const kind = s.type === "Task" ? machine.tasks.get(s.name) : undefined;
            if (kind && ev.Error === "States.Timeout") record(H.taskTimedOut(kind, ev.Error, "The task timed out"));
            if (s.type === "Parallel" || s.type === "Map") record({ type: `${s.type}StateFailed` });
            break;
          }
          case "MapIterationStarted":
          case "MapIterationSucceeded":
          case "MapIterationFailed": {
            const key = `mapIteration${ev.type.slice("MapIteration".length)}EventDetails` as const;
            record({ type: ev.type, [key]: { name: ev.parentState.name, index: ev.index } });
            break;
          }
        }
      }
    };

    const finish = async () => {
      await translate();
      try {
        const output = await result;
        record({ type: "ExecutionSucceeded", executionSucceededEventDetails: { output: H.json(output), outputDetails: { truncated: false } } });
      } catch (err) {
        if (err instanceof ExecutionAbortedError) return; // recorded by abort()
        if (err instanceof ExecutionTimeoutError) {
          record({ type: "ExecutionTimedOut", executionTimedOutEventDetails: { error: "States.Timeout", cause: "The execution timed out" } });
          return;
        }
        const e = ((err as Error).cause as Error | undefined) ?? (err as Error);
        const detail = (e as any).cause;
        // A Fail state without Error/Cause fails with neither, as in AWS (the interpreter names it).
        const bare = e.name === "FailStateError";
        const error = bare ? undefined : e.name;
        const cause = bare ? undefined : typeof detail === "string" ? detail : e.message;
        if (run.live) this.log(`stepfunctions: ${ex.executionArn} FAILED: ${error ?? "(no error)"} ${cause ?? ""}`.slice(0, 500));
        record({ type: "ExecutionFailed", executionFailedEventDetails: { error, cause } });
      }
    };

    finish()
      .catch((err) => this.log(`stepfunctions: execution ${ex.executionArn} broke the runner: ${err?.stack ?? err}`))
      .finally(() => {
        run.live = false;
        this.running.delete(ex.executionArn);
        this.pump();
      });
  }
}

function lambdaContext(functionArn: string) {
  const name = functionArn.split(":")[6] ?? functionArn;
  return {
    functionName: name,
    invokedFunctionArn: functionArn,
    awsRequestId: crypto.randomUUID(),
    functionVersion: "$LATEST",
    memoryLimitInMB: "1024",
    getRemainingTimeInMillis: () => 60_000,
    callbackWaitsForEmptyEventLoop: false,
  };
}
