import http from "node:http";
import type { AddressInfo } from "node:net";
import { LoadedMachine, type MachineSpec } from "./machine";
import { ExecutionStore } from "./store";
import { Runner } from "./runner";
import { operations, SfnError } from "./api";
import { SigV4Error, type LocalCredentials } from "../sigv4";
import { JSON_REFUSALS, verifyIncoming } from "../signed-front";
import { localCredentials } from "../credentials";

export type { MachineSpec } from "./machine";

export interface StepFunctionsOptions {
  /** Executions and their history persist under `<dataDir>/stepfunctions/`; omit to keep them in memory. */
  dataDir?: string;
  log?: (line: string) => void;
  machines: MachineSpec[];
  region?: string;
  accountId?: string;
  /**
   * Multiplies every retrier's `IntervalSeconds`/`MaxDelaySeconds` (default 1, or the env
   * `CAREBEAT_SFN_RETRY_SCALE`), so tests shrink backoff waits without touching the definition.
   */
  retryIntervalScale?: number;
  /** Executions running at once; the rest queue (RUNNING to callers). Default 16. */
  maxConcurrency?: number;
  /** Leave the executions interrupted at the last stop until `resume()` (the runtime migrates first). */
  deferResume?: boolean;
  /** The key pair every request must be SigV4-signed with (the runtime's, credentials.ts); a fresh one if omitted. */
  credentials?: LocalCredentials;
}

export interface RunningStepFunctions {
  endpoint: string;
  arns: Record<string, string>;
  /** Continue the executions that were running at the last stop (once; see `deferResume`). */
  resume(): number;
  stop(): Promise<void>;
}

/**
 * A local Step Functions endpoint: the AWS JSON 1.0 protocol on loopback (what
 * `@aws-sdk/client-sfn` and `aws stepfunctions --endpoint-url` speak), executions run in this
 * process by aws-local-stepfunctions with each Lambda ARN mapped to its handler function.
 */
export async function startStepFunctions(opts: StepFunctionsOptions): Promise<RunningStepFunctions> {
  const region = opts.region ?? "us-east-1";
  const credentials = opts.credentials ?? localCredentials();
  const accountId = opts.accountId ?? "000000000000";
  const log = opts.log ?? (() => {});
  const scale = opts.retryIntervalScale ?? (process.env.CAREBEAT_SFN_RETRY_SCALE ? Number(process.env.CAREBEAT_SFN_RETRY_SCALE) : 1);
  if (!(scale >= 0)) throw new Error(`retryIntervalScale must be a number ≥ 0, got ${scale}`);

  const machines = new Map<string, LoadedMachine>();
  for (const spec of opts.machines) machines.set(spec.name, new LoadedMachine(spec, region, accountId, scale));
  const byArn = new Map([...machines.values()].map((m) => [m.arn, m]));

  const store = new ExecutionStore(opts.dataDir);
  const runner = new Runner(store, machines, opts.maxConcurrency ?? 16, log);
  const ops = operations({ store, runner, machines, byArn, region, accountId });

  // Executions that were RUNNING when the runtime last stopped (cleanly or not) continue from
  // the top-level state that was interrupted, re-running it: tasks are idempotent by contract.
  // The runtime defers this until its database is migrated (`deferResume`, stack.ts).
  const resume = (): number => {
    let resumed = 0;
    for (const ex of store.all()) {
      if (ex.status !== "RUNNING") continue;
      if (!machines.has(ex.machine)) {
        log(`stepfunctions: ${ex.executionArn} was running but its state machine is no longer defined; left as is`);
        continue;
      }
      const from = ex.at;
      store.event(ex, {
        type: "ExecutionAborted",
        executionAbortedEventDetails: {
          error: "Local.RuntimeStopped",
          cause: `The local runtime stopped while this execution was running; it is redriven from ${from ? `state ${from.state}` : "the start"}`,
        },
      });
      store.event(ex, { type: "ExecutionRedriven", executionRedrivenEventDetails: { redriveCount: ex.redriveCount + 1 } });
      runner.enqueue(ex, from);
      resumed++;
    }
    if (resumed) log(`stepfunctions: resumed ${resumed} execution(s) that were running at the last stop`);
    return resumed;
  };
  if (!opts.deferResume) resume();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => void answer());
    const answer = async () => {
      const send = (status: number, body: unknown, errorType?: string) => {
        const text = JSON.stringify(body ?? {});
        res.writeHead(status, {
          "content-type": "application/x-amz-json-1.0",
          "content-length": Buffer.byteLength(text),
          "x-amzn-requestid": crypto.randomUUID(),
          ...(errorType ? { "x-amzn-errortype": errorType } : {}),
        });
        res.end(text);
      };
      const fail = (e: SfnError) => send(e.status, { __type: `com.amazonaws.swf.service.v2.model#${e.code}`, message: e.message }, e.code);
      try {
        // Like AWS: an unsigned request, another key or a wrong signature is refused before the
        // operation is even looked at (docs/local-runtime.md, "What each stand-in checks").
        try {
          await verifyIncoming(req, Buffer.concat(chunks), { service: "states", region, credentials });
        } catch (err) {
          if (!(err instanceof SigV4Error)) throw err;
          const [code, message] = JSON_REFUSALS[err.code];
          return fail(new SfnError(code, message, code === "IncompleteSignatureException" ? 400 : 403));
        }
        const target = String(req.headers["x-amz-target"] ?? "");
        const [prefix, op] = target.split(".");
        if (req.method !== "POST" || prefix !== "AWSStepFunctions" || !op) {
          return fail(new SfnError("UnknownOperationException", `Unknown operation ${target || req.method + " " + req.url}`));
        }
        const handler = Object.hasOwn(ops, op) ? ops[op] : undefined;
        if (!handler) return fail(new SfnError("UnknownOperationException", `Operation ${op} is not supported by the local Step Functions endpoint`));
        let body: unknown;
        try {
          body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : {};
        } catch {
          return fail(new SfnError("SerializationException", "Request body is not valid JSON"));
        }
        send(200, handler(body ?? {}));
      } catch (err) {
        if (err instanceof SfnError) return fail(err);
        log(`stepfunctions: ${(err as Error)?.stack ?? err}`);
        fail(new SfnError("InternalFailure", (err as Error)?.message ?? "internal error", 500));
      }
    };
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    arns: Object.fromEntries([...machines.values()].map((m) => [m.spec.name, m.arn])),
    resume,
    async stop() {
      await runner.stop();
      store.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
