import { appendFileSync, mkdirSync, readdirSync, readFileSync, truncateSync } from "node:fs";
import { createHash } from "node:crypto";
import path from "node:path";
import type { HistoryEvent } from "./history";

export type ExecutionStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";

/** Where a run (re)starts: a top-level state and the input it was entered with. */
export interface ResumePoint {
  state: string;
  input: unknown;
}

export interface Execution {
  executionArn: string;
  stateMachineArn: string;
  machine: string;
  name: string;
  input: string;
  startDate: number;
  stopDate?: number;
  status: ExecutionStatus;
  output?: string;
  error?: string;
  cause?: string;
  redriveCount: number;
  redriveDate?: number;
  events: HistoryEvent[];
  /** The last top-level state entered (the interrupted one while RUNNING). */
  at?: ResumePoint;
  /** Where a redrive restarts, set when the execution stops unsuccessfully. */
  failedAt?: ResumePoint;
}

/**
 * One append-only JSON-lines file per execution under `<dataDir>/stepfunctions/executions/`:
 * a `start` line, then every history event and every resume point. Appends are synchronous
 * and line-sized, so a SIGKILL loses at most the line being written; a torn last line is
 * ignored on load. The state of an execution is its lines replayed (`apply`), the same code
 * that maintains it in memory, so the two cannot drift.
 */
type Line =
  | { t: "start"; x: Pick<Execution, "executionArn" | "stateMachineArn" | "machine" | "name" | "input" | "startDate"> }
  | { t: "event"; e: HistoryEvent }
  | { t: "at"; p: ResumePoint };

function apply(ex: Execution, line: Line): void {
  if (line.t === "at") {
    ex.at = line.p;
    return;
  }
  if (line.t !== "event") return;
  const e = line.e;
  ex.events.push(e);
  const ms = e.timestamp * 1000;
  switch (e.type) {
    case "ExecutionSucceeded":
      Object.assign(ex, { status: "SUCCEEDED", stopDate: ms, output: e.executionSucceededEventDetails?.output });
      break;
    case "ExecutionFailed":
      Object.assign(ex, { status: "FAILED", stopDate: ms, ...e.executionFailedEventDetails });
      ex.failedAt = ex.at;
      break;
    case "ExecutionAborted":
      Object.assign(ex, { status: "ABORTED", stopDate: ms, ...e.executionAbortedEventDetails });
      ex.failedAt = ex.at;
      break;
    case "ExecutionTimedOut":
      Object.assign(ex, { status: "TIMED_OUT", stopDate: ms, ...e.executionTimedOutEventDetails });
      ex.failedAt = ex.at;
      break;
    case "ExecutionRedriven":
      Object.assign(ex, { status: "RUNNING", redriveDate: ms, stopDate: undefined, error: undefined, cause: undefined });
      ex.redriveCount = e.executionRedrivenEventDetails?.redriveCount ?? ex.redriveCount + 1;
      break;
  }
}

function fresh(x: Extract<Line, { t: "start" }>["x"]): Execution {
  return { ...x, status: "RUNNING", redriveCount: 0, events: [] };
}

export class ExecutionStore {
  private readonly byArn = new Map<string, Execution>();
  private readonly dir?: string;
  /** After `close()` nothing is written: a stopped runtime leaves its executions as a crash would. */
  private closed = false;

  constructor(dataDir?: string) {
    if (dataDir) {
      this.dir = path.join(dataDir, "stepfunctions", "executions");
      mkdirSync(this.dir, { recursive: true });
      this.load();
    }
  }

  private readonly files = new Map<string, string>();
  private file(arn: string) {
    let f = this.files.get(arn);
    // Execution names may hold characters a file name cannot; the ARN's hash is stable.
    if (!f) this.files.set(arn, (f = path.join(this.dir!, createHash("sha256").update(arn).digest("hex").slice(0, 32) + ".jsonl")));
    return f;
  }

  private load() {
    const loaded: Execution[] = [];
    for (const f of readdirSync(this.dir!)) {
      if (!f.endsWith(".jsonl")) continue;
      const file = path.join(this.dir!, f);
      const text = readFileSync(file, "utf8");
      // A write torn by a crash leaves a partial last line: cut it, or the next append would
      // be glued to it and lost too.
      const end = text.lastIndexOf("\n") + 1;
      if (end < text.length) truncateSync(file, Buffer.byteLength(text.slice(0, end)));
      const lines = text.slice(0, end).split("\n");
      let ex: Execution | undefined;
      for (const raw of lines) {
        if (!raw) continue;
        let line: Line;
        try {
          line = JSON.parse(raw);
        } catch {
          continue;
        }
        if (line.t === "start") ex = fresh(line.x);
        else if (ex) apply(ex, line);
      }
      if (ex) {
        loaded.push(ex);
        this.files.set(ex.executionArn, file);
      }
    }
    // Start order, so listings and resumes follow it as they did before the restart.
    for (const ex of loaded.sort((a, b) => a.startDate - b.startDate)) this.byArn.set(ex.executionArn, ex);
  }

  private write(arn: string, line: Line) {
    if (this.closed || !this.dir) return;
    appendFileSync(this.file(arn), JSON.stringify(line) + "\n");
  }

  get(arn: string) {
    return this.byArn.get(arn);
  }

  all() {
    return [...this.byArn.values()];
  }

  create(x: Extract<Line, { t: "start" }>["x"]): Execution {
    const ex = fresh(x);
    this.byArn.set(ex.executionArn, ex);
    this.write(ex.executionArn, { t: "start", x });
    return ex;
  }

  /** Append a history event (id and previousEventId assigned here) and apply it. */
  event(ex: Execution, e: Omit<HistoryEvent, "id" | "previousEventId" | "timestamp"> & { timestamp?: number }) {
    if (this.closed) return;
    const id = ex.events.length + 1;
    const full = { timestamp: Date.now() / 1000, ...e, id, previousEventId: id - 1 } as HistoryEvent;
    this.write(ex.executionArn, { t: "event", e: full });
    apply(ex, { t: "event", e: full });
  }

  at(ex: Execution, p: ResumePoint) {
    if (this.closed) return;
    this.write(ex.executionArn, { t: "at", p });
    apply(ex, { t: "at", p });
  }

  close() {
    this.closed = true;
  }

  get isClosed() {
    return this.closed;
  }
}
