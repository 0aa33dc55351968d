import { StateMachine } from "aws-local-stepfunctions";
import type { TaskKind } from "./history";

export type TaskHandler = (event: any, context?: any) => Promise<any>;

export interface MachineSpec {
  /** The state machine's name; its ARN is `arn:aws:states:<region>:<account>:stateMachine:<name>`. */
  name: string;
  /** Amazon States Language, JSONPath query language. */
  definition: object;
  /** Lambda function ARN → the handler that function runs. */
  handlers: Record<string, TaskHandler>;
  /** Executions of this machine running at once, apart from the runner's shared limit (default: shared). */
  maxConcurrency?: number;
}

const LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";
const LAMBDA_ARN = /^arn:aws[\w-]*:lambda:([\w-]+):(\d{12}):function:([\w-]+)(?::[\w$-]+)?$/;

type States = Record<string, any>;

/** Every state of a definition, nested Parallel branches and Map processors included. */
function* walk(states: States): Generator<[string, any]> {
  for (const [name, s] of Object.entries(states)) {
    yield [name, s];
    for (const b of s.Branches ?? []) yield* walk(b.States);
    const inner = s.ItemProcessor ?? s.Iterator;
    if (inner) yield* walk(inner.States);
  }
}

/**
 * `IntervalSeconds`/`MaxDelaySeconds` multiplied by `scale`, so tests can shrink backoff without
 * editing the definition. The interpreter accepts fractional seconds (it computes milliseconds).
 */
function scaleRetries(definition: any, scale: number): any {
  const copy = structuredClone(definition);
  if (scale === 1) return copy;
  for (const [, s] of walk(copy.States)) {
    for (const r of s.Retry ?? []) {
      r.IntervalSeconds = (r.IntervalSeconds ?? 1) * scale;
      if (r.MaxDelaySeconds !== undefined) r.MaxDelaySeconds *= scale;
    }
  }
  return copy;
}

export class LoadedMachine {
  readonly arn: string;
  readonly creationDate = Date.now() / 1000;
  readonly topStates: Set<string>;
  /** Task state name → how its Resource is invoked. Names are unique across nesting (checked). */
  readonly tasks = new Map<string, TaskKind & { timeoutSeconds?: number }>();
  private readonly runnable: any;
  private readonly byArn = new Map<string, TaskHandler>();
  private readonly byName = new Map<string, TaskHandler>();

  constructor(
    readonly spec: MachineSpec,
    readonly region: string,
    accountId: string,
    retryScale: number,
  ) {
    this.arn = `arn:aws:states:${region}:${accountId}:stateMachine:${spec.name}`;
    const def = spec.definition as any;
    if (def.QueryLanguage === "JSONata") throw new Error(`state machine ${spec.name}: JSONata is not supported locally; use JSONPath`);
    // Validates with asl-validator (ARNs and paths checked) and fails fast at startup.
    new StateMachine(def);
    this.topStates = new Set(Object.keys(def.States));
    for (const [name, s] of walk(def.States)) {
      if (s.Type !== "Task") continue;
      const integration = s.Resource === LAMBDA_INVOKE;
      if (!integration && !LAMBDA_ARN.test(s.Resource)) {
        throw new Error(`state machine ${spec.name}: task ${name} has Resource ${s.Resource}; only Lambda ARNs and ${LAMBDA_INVOKE} run locally`);
      }
      // Local handlers are attached by state name (the interpreter's only hook), so two
      // Task states of the same name in different branches would be indistinguishable.
      if (this.tasks.has(name)) throw new Error(`state machine ${spec.name}: Task state name ${name} is used twice (nested); rename one`);
      this.tasks.set(name, { integration, resource: s.Resource, region, timeoutSeconds: s.TimeoutSeconds });
    }
    for (const [arn, handler] of Object.entries(spec.handlers)) {
      const m = LAMBDA_ARN.exec(arn);
      if (!m) throw new Error(`state machine ${spec.name}: handler key ${arn} is not a Lambda function ARN`);
      this.byArn.set(arn, handler);
      this.byName.set(m[3], handler);
    }
    this.runnable = scaleRetries(def, retryScale);
  }

  /** A function ARN (optionally qualified), or a bare function name as `FunctionName` allows. */
  handler(functionNameOrArn: unknown): TaskHandler | undefined {
    if (typeof functionNameOrArn !== "string") return undefined;
    const m = LAMBDA_ARN.exec(functionNameOrArn);
    if (m) return this.byArn.get(functionNameOrArn) ?? this.byArn.get(functionNameOrArn.replace(/:[\w$-]+$/, "")) ?? undefined;
    return this.byName.get(functionNameOrArn);
  }

  /** An interpreter for a run starting at `startAt` (a top-level state; default the definition's). */
  interpreter(startAt?: string): StateMachine {
    const def = startAt ? { ...this.runnable, StartAt: startAt } : this.runnable;
    return new StateMachine(def, { validationOptions: { noValidate: true } });
  }
}
