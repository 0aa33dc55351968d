import { test, after } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import aslValidator from "asl-validator";
import {
  SFNClient,
  StartExecutionCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  StopExecutionCommand,
  RedriveExecutionCommand,
  DescribeStateMachineCommand,
  ListStateMachinesCommand,
  ExecutionDoesNotExist,
  ExecutionAlreadyExists,
  ExecutionNotRedrivable,
  StateMachineDoesNotExist,
  InvalidName,
  InvalidExecutionInput,
  InvalidArn,
  type HistoryEvent,
} from "@aws-sdk/client-sfn";
import { startStepFunctions, type MachineSpec } from "./index";
import { definition, fn } from "./test-machine";
import { publishResources } from "../resources";
import { signerFor } from "../sigv4";

/**
 * A small billing-shaped machine with real handler functions, driven only through
 * @aws-sdk/client-sfn against the endpoint: the calls the API makes.
 */
class RenderError extends Error {
  override name = "RenderError";
}

/** Per-key knobs and counters the handlers read, so each test sets its own fault. */
const calls = new Map<string, number>();
const renderFailures = new Map<string, number>();
const gates = new Map<string, Promise<void>>();
let running = 0;
let peak = 0;
const count = (k: string) => calls.set(k, (calls.get(k) ?? 0) + 1);

const handlers = {
  [fn("Load")]: async (e: any) => {
    count(`Load:${e.key}`);
    running++;
    peak = Math.max(peak, running);
    try {
      await gates.get(`Load:${e.key}`);
      await new Promise((r) => setTimeout(r, 2));
    } finally {
      running--;
    }
    return { fee: 8000 };
  },
  [fn("Render")]: async (e: any) => {
    count(`Render:${e.key}`);
    await gates.get(`Render:${e.key}`);
    const left = renderFailures.get(e.key) ?? 0;
    if (left > 0) {
      renderFailures.set(e.key, left - 1);
      throw new RenderError(`renderer unavailable for ${e.key}`);
    }
    return { pages: 1 };
  },
  [fn("Tag")]: async (e: any) => ({ tagged: e.key }),
  [fn("Risky")]: async (e: any) => {
    throw new RangeError(`fee out of range for ${e.key}`);
  },
  [fn("Record")]: async (e: any) => {
    count(`Record:${e.key}`);
    return {};
  },
};

const machine: MachineSpec = { name: "carebeat-test-billing", definition, handlers };
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function endpoint(opts: { dataDir?: string; machines?: MachineSpec[] } = {}) {
  const sfn = await startStepFunctions({
    machines: opts.machines ?? [machine],
    dataDir: opts.dataDir,
    retryIntervalScale: 0.001,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  const client = new SFNClient({ endpoint: sfn.endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  const arn = sfn.arns[machine.name]!;
  const start = (name: string, input: object) => client.send(new StartExecutionCommand({ stateMachineArn: arn, name, input: JSON.stringify(input) }));
  const describe = (executionArn: string) => client.send(new DescribeExecutionCommand({ executionArn }));
  const settle = async (executionArn: string, timeoutMs = 10_000) => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const d = await describe(executionArn);
      if (d.status !== "RUNNING") return d;
      if (Date.now() > until) throw new Error(`${executionArn} still RUNNING`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const history = async (executionArn: string) => {
    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 7 }));
      events.push(...page.events!);
      nextToken = page.nextToken;
    } while (nextToken);
    return events;
  };
  return {
    sfn,
    client,
    arn,
    start,
    describe,
    settle,
    history,
    stop: async () => {
      client.destroy();
      await sfn.stop();
    },
  };
}

function gate(key: string) {
  let open!: () => void;
  gates.set(key, new Promise<void>((r) => (open = r)));
  return () => {
    gates.delete(key);
    open();
  };
}

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 1000 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(cond(), "condition not reached");
};

test("the test definition is valid ASL (asl-validator)", () => {
  const { isValid, errorsText } = aslValidator(definition as any);
  assert.ok(isValid, errorsText("\n"));
});

test("the endpoint describes and lists its state machines", async () => {
  const t = await endpoint();
  try {
    assert.equal(t.arn, "arn:aws:states:us-east-1:000000000000:stateMachine:carebeat-test-billing");
    const d = await t.client.send(new DescribeStateMachineCommand({ stateMachineArn: t.arn }));
    assert.equal(d.name, machine.name);
    assert.deepEqual(JSON.parse(d.definition!), definition);
    assert.ok(d.creationDate instanceof Date);
    const l = await t.client.send(new ListStateMachinesCommand({}));
    assert.deepEqual(
      l.stateMachines!.map((m) => m.stateMachineArn),
      [t.arn],
    );
    await assert.rejects(t.client.send(new DescribeStateMachineCommand({ stateMachineArn: t.arn + "-nope" })), (e) => e instanceof StateMachineDoesNotExist);
  } finally {
    await t.stop();
  }
});

test("an unsigned request, another key and a wrong secret are refused before any operation runs", async () => {
  const t = await endpoint();
  try {
    const unsigned = await fetch(t.sfn.endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "AWSStepFunctions.StartExecution" },
      body: JSON.stringify({ stateMachineArn: t.arn, name: "forged", input: "{}" }),
    });
    assert.equal(unsigned.status, 403);
    assert.equal(unsigned.headers.get("x-amzn-errortype"), "MissingAuthenticationTokenException");
    const as = (accessKeyId: string, secretAccessKey: string) => new SFNClient({ endpoint: t.sfn.endpoint, region: "us-east-1", credentials: { accessKeyId, secretAccessKey } });
    await assert.rejects(as("AKIAOTHERUSER0000000", "x").send(new ListStateMachinesCommand({})), (e: Error) => e.name === "UnrecognizedClientException");
    await assert.rejects(
      as("local", "wrong").send(new StartExecutionCommand({ stateMachineArn: t.arn, name: "forged2", input: "{}" })),
      (e: Error) => e.name === "InvalidSignatureException",
    );
    // Nothing started: the signed list of executions is empty.
    const list = await t.client.send(new ListExecutionsCommand({ stateMachineArn: t.arn }));
    assert.deepEqual(list.executions, []);
  } finally {
    await t.stop();
  }
});

test("the name is the idempotency key: the same start twice is one execution", async () => {
  const t = await endpoint();
  try {
    const open = gate("Load:idem");
    const a = await t.start("appt-idem", { key: "idem" });
    const b = await t.start("appt-idem", { key: "idem" });
    assert.equal(b.executionArn, a.executionArn);
    assert.equal(b.startDate!.getTime(), a.startDate!.getTime());
    assert.equal(a.executionArn, "arn:aws:states:us-east-1:000000000000:execution:carebeat-test-billing:appt-idem");
    await assert.rejects(t.start("appt-idem", { key: "other" }), (e) => e instanceof ExecutionAlreadyExists);
    assert.equal((await t.describe(a.executionArn)).status, "RUNNING");
    open();
    const done = await t.settle(a.executionArn);
    assert.equal(done.status, "SUCCEEDED");
    assert.equal(calls.get("Load:idem"), 1);
    assert.deepEqual(JSON.parse(done.output!).loaded, { fee: 8000 });
    assert.deepEqual(JSON.parse(done.output!).both, [{ tagged: "idem" }, { key: "idem", loaded: { fee: 8000 }, render: { pages: 1 } }]);
    // As in AWS, a closed execution's name cannot be started again (ExecutionAlreadyExists).
    await assert.rejects(t.start("appt-idem", { key: "idem" }), (e) => e instanceof ExecutionAlreadyExists);
    const list = await t.client.send(new ListExecutionsCommand({ stateMachineArn: t.arn }));
    assert.equal(list.executions!.filter((x) => x.name === "appt-idem").length, 1);
  } finally {
    await t.stop();
  }
});

test("a task that fails twice then succeeds: SUCCEEDED, the retries in the history", async () => {
  const t = await endpoint();
  try {
    renderFailures.set("retry", 2);
    const { executionArn } = await t.start("appt-retry", { key: "retry" });
    const d = await t.settle(executionArn!);
    assert.equal(d.status, "SUCCEEDED");
    assert.equal(calls.get("Render:retry"), 3);
    const events = await t.history(executionArn!);
    assert.deepEqual(
      events.map((e) => e.id),
      events.map((_, i) => i + 1),
    );
    assert.ok(events.every((e, i) => e.previousEventId === i && e.timestamp instanceof Date));
    const types = events.map((e) => e.type);
    assert.equal(types[0], "ExecutionStarted");
    assert.equal(types.at(-1), "ExecutionSucceeded");
    // The plain Lambda ARN reports LambdaFunction* events, the lambda:invoke integration Task* events.
    assert.deepEqual(types.slice(1, 7), [
      "TaskStateEntered",
      "LambdaFunctionScheduled",
      "LambdaFunctionStarted",
      "LambdaFunctionSucceeded",
      "TaskStateExited",
      "ChoiceStateEntered",
    ]);
    const render = events.slice(events.findIndex((e) => e.stateEnteredEventDetails?.name === "Render"));
    assert.deepEqual(
      render.slice(0, 12).map((e) => e.type),
      [
        "TaskStateEntered",
        ...["TaskScheduled", "TaskStarted", "TaskFailed"],
        ...["TaskScheduled", "TaskStarted", "TaskFailed"],
        ...["TaskScheduled", "TaskStarted", "TaskSucceeded"],
        "TaskStateExited",
        "ParallelStateEntered",
      ],
    );
    const failed = render[3]!.taskFailedEventDetails!;
    assert.equal(failed.error, "RenderError");
    assert.equal(JSON.parse(failed.cause!).errorMessage, "renderer unavailable for retry");
    assert.equal(render[1]!.taskScheduledEventDetails!.resourceType, "lambda");
    assert.equal(JSON.parse(render[1]!.taskScheduledEventDetails!.parameters!).FunctionName, fn("Render"));
    // Tasks nested in a Parallel branch run their handler too.
    assert.ok(types.includes("ParallelStateSucceeded"));
    assert.ok(events.some((e) => e.lambdaFunctionSucceededEventDetails?.output === JSON.stringify({ tagged: "retry" })));

    const reversed = await t.client.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 3 }));
    assert.deepEqual(
      reversed.events!.map((e) => e.id),
      [events.length, events.length - 1, events.length - 2],
    );
    assert.ok(reversed.nextToken);
  } finally {
    await t.stop();
  }
});

test("a caught error reaches a Fail state: FAILED with its error and cause", async () => {
  const t = await endpoint();
  try {
    const { executionArn } = await t.start("appt-catch", { key: "catch", mode: "catch" });
    const d = await t.settle(executionArn!);
    assert.equal(d.status, "FAILED");
    assert.equal(d.error, "BillingFailed");
    assert.equal(JSON.parse(d.cause!).errorType, "RangeError");
    assert.equal(JSON.parse(d.cause!).errorMessage, "fee out of range for catch");
    assert.equal(calls.get("Record:catch"), 1);
    const types = (await t.history(executionArn!)).map((e) => e.type);
    assert.deepEqual(types.slice(-3), ["TaskStateExited", "FailStateEntered", "ExecutionFailed"]);
    assert.ok(types.includes("LambdaFunctionFailed"));
    assert.equal(d.redriveStatus, "REDRIVABLE");

    // Redrive restarts at the state where the execution stopped: here the Fail state, which
    // fails again. Retrying a caught failure takes a new execution (another name).
    await t.client.send(new RedriveExecutionCommand({ executionArn }));
    const again = await t.settle(executionArn!);
    assert.equal(again.status, "FAILED");
    assert.equal(again.redriveCount, 1);
    assert.equal(calls.get("Record:catch"), 1);
    const tail = (await t.history(executionArn!)).slice(-3).map((e) => e.type);
    assert.deepEqual(tail, ["ExecutionRedriven", "FailStateEntered", "ExecutionFailed"]);
  } finally {
    await t.stop();
  }
});

test("an unrecovered task failure, redriven after the fault is gone: SUCCEEDED from the failed state", async () => {
  const t = await endpoint();
  try {
    renderFailures.set("redrive", 99);
    const { executionArn } = await t.start("appt-redrive", { key: "redrive" });
    const failed = await t.settle(executionArn!);
    assert.equal(failed.status, "FAILED");
    assert.equal(failed.error, "RenderError");
    assert.equal(JSON.parse(failed.cause!).errorMessage, "renderer unavailable for redrive");
    assert.equal(calls.get("Render:redrive"), 3, "1 try + 2 retries");
    await assert.rejects(t.client.send(new RedriveExecutionCommand({ executionArn: executionArn + "x" })), (e) => e instanceof ExecutionDoesNotExist);

    renderFailures.set("redrive", 0);
    const r = await t.client.send(new RedriveExecutionCommand({ executionArn }));
    assert.ok(r.redriveDate instanceof Date);
    const done = await t.settle(executionArn!);
    assert.equal(done.status, "SUCCEEDED");
    assert.equal(done.redriveCount, 1);
    assert.equal(done.error, undefined);
    assert.equal(calls.get("Load:redrive"), 1, "steps that succeeded are not re-run");
    const types = (await t.history(executionArn!)).map((e) => e.type);
    const at = types.indexOf("ExecutionRedriven");
    assert.equal(types[at - 1], "ExecutionFailed", "the first attempt's history is kept");
    assert.equal(types[at + 1], "TaskStateEntered");
    assert.equal(types.at(-1), "ExecutionSucceeded");
    await assert.rejects(t.client.send(new RedriveExecutionCommand({ executionArn })), (e) => e instanceof ExecutionNotRedrivable);
  } finally {
    await t.stop();
  }
});

test("StopExecution aborts a running execution; late task results are not recorded", async () => {
  const t = await endpoint();
  try {
    const open = gate("Load:stop");
    const { executionArn } = await t.start("appt-stop", { key: "stop" });
    await until(() => calls.get("Load:stop") === 1);
    const s = await t.client.send(new StopExecutionCommand({ executionArn, error: "Cancelled", cause: "appointment cancelled" }));
    assert.ok(s.stopDate instanceof Date);
    const d = await t.describe(executionArn!);
    assert.equal(d.status, "ABORTED");
    assert.equal(d.error, "Cancelled");
    open();
    await new Promise((r) => setTimeout(r, 50));
    const types = (await t.history(executionArn!)).map((e) => e.type);
    assert.equal(types.at(-1), "ExecutionAborted");
    assert.equal((await t.describe(executionArn!)).status, "ABORTED");
  } finally {
    await t.stop();
  }
});

test("ListExecutions pages and filters; unknown executions raise ExecutionDoesNotExist", async () => {
  const t = await endpoint();
  try {
    const arns = [];
    for (let i = 0; i < 5; i++) arns.push((await t.start(`appt-list-${i}`, { key: `list-${i}` })).executionArn!);
    await Promise.all(arns.map((a) => t.settle(a)));
    const seen: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const p = await t.client.send(new ListExecutionsCommand({ stateMachineArn: t.arn, maxResults: 2, nextToken, statusFilter: "SUCCEEDED" }));
      assert.ok(p.executions!.length <= 2);
      seen.push(...p.executions!.map((x) => x.executionArn!));
      nextToken = p.nextToken;
      pages++;
    } while (nextToken);
    assert.equal(pages, 3);
    assert.deepEqual([...seen].sort(), [...arns].sort());
    assert.deepEqual(seen, [...arns].reverse(), "newest first");
    const none = await t.client.send(new ListExecutionsCommand({ stateMachineArn: t.arn, statusFilter: "ABORTED" }));
    assert.deepEqual(none.executions, []);

    const missing = arns[0]!.replace("appt-list-0", "nope");
    await assert.rejects(t.describe(missing), (e) => e instanceof ExecutionDoesNotExist && e.$metadata.httpStatusCode === 400);
    await assert.rejects(t.client.send(new GetExecutionHistoryCommand({ executionArn: missing })), (e) => e instanceof ExecutionDoesNotExist);
    await assert.rejects(t.client.send(new StopExecutionCommand({ executionArn: missing })), (e) => e instanceof ExecutionDoesNotExist);
    await assert.rejects(t.client.send(new ListExecutionsCommand({ stateMachineArn: t.arn.replace("billing", "nope") })), (e) => e instanceof StateMachineDoesNotExist);
  } finally {
    await t.stop();
  }
});

test("a task whose Lambda ARN has no handler fails with a clear error", async () => {
  const orphan: MachineSpec = {
    name: "carebeat-test-orphan",
    definition: { StartAt: "Ghost", States: { Ghost: { Type: "Task", Resource: fn("Ghost"), End: true } } },
    handlers: {},
  };
  const t = await endpoint({ machines: [machine, orphan] });
  try {
    const { executionArn } = await t.client.send(new StartExecutionCommand({ stateMachineArn: t.sfn.arns[orphan.name], name: "x" }));
    const d = await t.settle(executionArn!);
    assert.equal(d.status, "FAILED");
    assert.equal(d.error, "Lambda.ResourceNotFoundException");
    assert.match(d.cause!, /carebeat-test-Ghost/);
  } finally {
    await t.stop();
  }
});

test("a restart on the same dataDir resumes an execution that was running, from the interrupted state", async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "carebeat-sfn-"));
  dirs.push(dataDir);
  const first = await endpoint({ dataDir });
  const release = gate("Render:crash"); // the first runtime dies while this task runs
  const { executionArn } = await first.start("appt-crash", { key: "crash" });
  await until(() => calls.get("Render:crash") === 1);
  await first.stop();
  release(); // the orphaned call finishes; a stopped runtime records nothing more
  // A write torn by the crash: the next start must cut it, not glue its own lines to it.
  const logs = path.join(dataDir, "stepfunctions", "executions");
  for (const f of readdirSync(logs)) appendFileSync(path.join(logs, f), '{"t":"event","e":{"type":"TaskSuc');

  let historyLength = 0;
  const second = await endpoint({ dataDir });
  try {
    const d = await second.settle(executionArn!);
    assert.equal(d.status, "SUCCEEDED");
    assert.equal(calls.get("Load:crash"), 1, "Load finished before the crash and is not re-run");
    assert.equal(calls.get("Render:crash"), 2);
    const events = await second.history(executionArn!);
    const types = events.map((e) => e.type);
    const aborted = types.indexOf("ExecutionAborted");
    assert.equal(events[aborted]!.executionAbortedEventDetails!.error, "Local.RuntimeStopped");
    assert.match(events[aborted]!.executionAbortedEventDetails!.cause!, /from state Render/);
    assert.equal(types[aborted + 1], "ExecutionRedriven");
    assert.equal(events[aborted + 2]!.stateEnteredEventDetails!.name, "Render");
    assert.equal(types.at(-1), "ExecutionSucceeded");
    assert.ok(events.every((e, i) => e.id === i + 1));
    historyLength = events.length;
  } finally {
    await second.stop();
  }
  // A third start finds nothing left to resume.
  const third = await endpoint({ dataDir });
  try {
    const d = await third.describe(executionArn!);
    assert.equal(d.status, "SUCCEEDED");
    assert.equal(calls.get("Render:crash"), 2);
    const events = await third.history(executionArn!);
    assert.equal(events.length, historyLength, "every line written after the torn one survived");
    assert.ok(events.every((e, i) => e.id === i + 1));
  } finally {
    await third.stop();
  }
});

test("a burst of 100 starts all succeed, at most 16 running at once", async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "carebeat-sfn-"));
  dirs.push(dataDir);
  const t = await endpoint({ dataDir });
  try {
    peak = 0;
    const t0 = performance.now();
    const started = await Promise.all(Array.from({ length: 100 }, (_, i) => t.start(`burst-${i}`, { key: `burst-${i}` })));
    const results = await Promise.all(started.map((s) => t.settle(s.executionArn!, 30_000)));
    const ms = performance.now() - t0;
    assert.deepEqual(new Set(results.map((r) => r.status)), new Set(["SUCCEEDED"]));
    assert.ok(peak <= 16 && peak > 1, `peak concurrency ${peak}`);
    const list = await t.client.send(new ListExecutionsCommand({ stateMachineArn: t.arn, maxResults: 1000 }));
    assert.equal(list.executions!.length, 100);
    console.log(`# burst: 100 executions in ${ms.toFixed(0)} ms, peak ${peak} running`);
  } finally {
    await t.stop();
  }
});

test("SIGKILL mid-task: the next start on the dataDir resumes the execution from that task", { timeout: 90_000 }, async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "carebeat-sfn-"));
  dirs.push(dataDir);
  const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "test-crash-child.ts"), dataDir], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout! });
  const seen: string[] = [];
  const waitLine = (prefix: string) =>
    new Promise<string>((resolve, reject) => {
      const hit = seen.find((l) => l.startsWith(prefix));
      if (hit) return resolve(hit);
      const onLine = (l: string) => l.startsWith(prefix) && (lines.off("line", onLine), resolve(l));
      lines.on("line", onLine);
      child.once("exit", (code) => reject(new Error(`child exited (${code}) before printing ${prefix}`)));
    });
  lines.on("line", (l) => seen.push(l));
  try {
    const url = (await waitLine("ENDPOINT ")).split(" ")[1]!;
    const client = new SFNClient({ endpoint: url, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
    const { executionArn } = await client.send(
      new StartExecutionCommand({
        stateMachineArn: "arn:aws:states:us-east-1:000000000000:stateMachine:carebeat-test-billing",
        name: "appt-kill",
        input: JSON.stringify({ key: "kill" }),
      }),
    );
    client.destroy();
    await waitLine("RENDER_STARTED");
    child.kill("SIGKILL");
    await once(child, "exit");

    const t = await endpoint({ dataDir });
    try {
      const d = await t.settle(executionArn!);
      assert.equal(d.status, "SUCCEEDED");
      assert.equal(d.redriveCount, 1);
      assert.equal(calls.get("Load:kill"), undefined, "Load completed in the killed process and is not re-run");
      assert.equal(calls.get("Render:kill"), 1);
      const events = await t.history(executionArn!);
      assert.equal(events.filter((e) => e.type === "ExecutionStarted").length, 1);
      assert.ok(
        events.some((e) => e.type === "TaskStarted"),
        "the interrupted attempt is in the history",
      );
      assert.equal(events.find((e) => e.type === "ExecutionAborted")!.executionAbortedEventDetails!.error, "Local.RuntimeStopped");
    } finally {
      await t.stop();
    }
  } finally {
    child.kill("SIGKILL");
  }
});

test("publishResources publishes the endpoint as AWS_ENDPOINT_URL_SFN and state machines as links", () => {
  const env: NodeJS.ProcessEnv = {};
  publishResources(
    {
      app: { name: "carebeat", stage: "t" },
      database: {} as any,
      jwtSigningKey: "k",
      mfaKey: "0".repeat(64),
      tables: {},
      buckets: {},
      dynamoEndpoint: "http://d",
      s3Endpoint: "http://s",
      credentials: { accessKeyId: "AKIALOCALTEST", secretAccessKey: "secret" },
      sfnEndpoint: "http://127.0.0.1:1234",
      stateMachines: { BillingWorkflow: "arn:aws:states:us-east-1:000000000000:stateMachine:carebeat-t-billing" },
    },
    env,
  );
  assert.equal(env.AWS_ENDPOINT_URL_SFN, "http://127.0.0.1:1234");
  assert.equal(JSON.parse(env.SST_RESOURCE_BillingWorkflow!).arn, "arn:aws:states:us-east-1:000000000000:stateMachine:carebeat-t-billing");
});

test("Task states inside a Map run their handler once per item", async () => {
  const seen: number[] = [];
  const mapper: MachineSpec = {
    name: "carebeat-test-map",
    definition: {
      StartAt: "Lines",
      States: {
        Lines: {
          Type: "Map",
          ItemsPath: "$.lines",
          MaxConcurrency: 2,
          ItemProcessor: { StartAt: "Price", States: { Price: { Type: "Task", Resource: fn("Price"), End: true } } },
          End: true,
        },
      },
    },
    handlers: { [fn("Price")]: async (e: any) => (seen.push(e.cents), { cents: e.cents * 2 }) },
  };
  assert.ok(aslValidator(mapper.definition as any).isValid);
  const t = await endpoint({ machines: [machine, mapper] });
  try {
    const { executionArn } = await t.client.send(
      new StartExecutionCommand({ stateMachineArn: t.sfn.arns[mapper.name], input: JSON.stringify({ lines: [{ cents: 1 }, { cents: 2 }, { cents: 3 }] }) }),
    );
    const d = await t.settle(executionArn!);
    assert.equal(d.status, "SUCCEEDED", d.cause);
    assert.deepEqual(JSON.parse(d.output!), [{ cents: 2 }, { cents: 4 }, { cents: 6 }]);
    assert.deepEqual(seen.sort(), [1, 2, 3]);
    const types = (await t.history(executionArn!)).map((e) => e.type);
    assert.equal(types.filter((x) => x === "MapIterationSucceeded").length, 3);
    assert.deepEqual(types.slice(1, 3), ["MapStateEntered", "MapStateStarted"]);
    assert.deepEqual(types.slice(-3), ["MapStateSucceeded", "MapStateExited", "ExecutionSucceeded"]);
  } finally {
    await t.stop();
  }
});

test("bad requests get AWS's error classes; an unknown operation is UnknownOperationException", async () => {
  const t = await endpoint();
  try {
    await assert.rejects(t.start("has space", {}), (e) => e instanceof InvalidName);
    await assert.rejects(t.start("x".repeat(81), {}), (e) => e instanceof InvalidName);
    await assert.rejects(t.client.send(new StartExecutionCommand({ stateMachineArn: t.arn, name: "bad-input", input: "{not json" })), (e) => e instanceof InvalidExecutionInput);
    await assert.rejects(t.describe("not-an-arn"), (e) => e instanceof InvalidArn);
    // A raw request the SDK has no command for, signed as the SDK would sign it.
    const url = new URL(t.sfn.endpoint);
    const signed = await signerFor({ accessKeyId: "local", secretAccessKey: "local" }, "states").sign({
      method: "POST",
      protocol: "http:",
      hostname: url.hostname,
      port: Number(url.port),
      path: "/",
      query: {},
      headers: { host: url.host, "x-amz-target": "AWSStepFunctions.CreateActivity", "content-type": "application/x-amz-json-1.0" },
      body: "{}",
    });
    const raw = await fetch(t.sfn.endpoint, { method: "POST", headers: signed.headers, body: "{}" });
    assert.equal(raw.status, 400);
    assert.match((await raw.json()).__type, /#UnknownOperationException$/);
  } finally {
    await t.stop();
  }
});

test("a task past its TimeoutSeconds times out; its late result is not recorded", async () => {
  let finished = false;
  const slow: MachineSpec = {
    name: "carebeat-test-slow",
    definition: { StartAt: "Slow", States: { Slow: { Type: "Task", Resource: fn("Slow"), TimeoutSeconds: 1, End: true } } },
    handlers: { [fn("Slow")]: () => new Promise((r) => setTimeout(() => ((finished = true), r({})), 1300)) },
  };
  const t = await endpoint({ machines: [machine, slow] });
  try {
    const { executionArn } = await t.client.send(new StartExecutionCommand({ stateMachineArn: t.sfn.arns[slow.name] }));
    const d = await t.settle(executionArn!);
    assert.equal(d.status, "FAILED");
    assert.equal(d.error, "States.Timeout");
    await until(() => finished);
    await new Promise((r) => setTimeout(r, 20));
    const types = (await t.history(executionArn!)).map((e) => e.type);
    assert.deepEqual(types, ["ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionTimedOut", "ExecutionFailed"]);
  } finally {
    await t.stop();
  }
});
