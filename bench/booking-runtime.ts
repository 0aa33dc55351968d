import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { readFileSync, readdirSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "@carebeat/local/ports";

/**
 * The offline runtime as a separate process (what `npm start` runs), for the booking
 * benchmark: the load comes from outside over a real port, and the runtime's CPU is read
 * from /proc for its whole process tree (the API, its worker threads, any child processes).
 */
interface SqlStats {
  statements: number;
  byScope: Record<string, { requests: number; statements: number }>;
}

export interface Runtime {
  url: string;
  pid: number;
  /** User + system CPU milliseconds of the runtime and all its descendants so far. */
  cpuMs(): number;
  /** SQL statements the runtime has sent (counted in postgres.js: total and per request route), or null if it does not say. */
  statements(): Promise<SqlStats | null>;
  /**
   * V8's CPU profiler in the runtime's main thread, started and stopped around a load window; the
   * stop writes `file` (.cpuprofile). BENCH_CPU_PROF=<dir> makes the booking bench do it per level.
   */
  profile(action: "start" | "stop", file?: string): Promise<void>;
  log: string[];
  stop(): Promise<void>;
}

const root = new URL("..", import.meta.url).pathname;
const TICK_MS = 1000 / 100; // CLK_TCK is 100 on Linux

function procStat(pid: number): { ppid: number; ticks: number } | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the ")" of the command name: state ppid ... utime(14) stime(15) (1-based in the full line).
    const rest = s.slice(s.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(rest[1]), ticks: Number(rest[11]) + Number(rest[12]) };
  } catch {
    return undefined;
  }
}

/** User + system CPU milliseconds of these processes so far (e.g. PostgreSQL backends); a pid that is gone counts 0. */
export function pidsCpuMs(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) ticks += procStat(pid)?.ticks ?? 0;
  return ticks * TICK_MS;
}

function treeCpuMs(rootPid: number): number {
  const parent = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const st = procStat(Number(name));
    if (!st) continue;
    parent.set(Number(name), st.ppid);
    ticks.set(Number(name), st.ticks);
  }
  let total = 0;
  for (const [pid, t] of ticks) {
    for (let p: number | undefined = pid, hops = 0; p && hops < 20; p = parent.get(p), hops++) {
      if (p === rootPid) {
        total += t;
        break;
      }
    }
  }
  return total * TICK_MS;
}

let built = false;

/** How `npm start` runs the runtime: built now (never a stale dist/), then plain JavaScript; through tsx where there is no build step. */
function command(): string[] {
  const script = path.join(root, "scripts/build-local.mjs");
  if (process.env.BENCH_RUNTIME === "tsx" || !existsSync(script)) return ["--import", "tsx", path.join(root, "packages/local/src/main.ts")];
  if (!built) execFileSync(process.execPath, [script], { stdio: "inherit" });
  built = true;
  return [path.join(root, "packages/local/dist/main.js")];
}

export async function startRuntime(opts: { databaseUrl?: string; env?: Record<string, string> }): Promise<Runtime> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "carebeat-bench-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    CAREBEAT_DATA_DIR: dataDir,
    CAREBEAT_STAGE: "bench",
    CAREBEAT_ADMIN_EMAIL: "admin@bench.test",
    CAREBEAT_ADMIN_PASSWORD: "bench-password-123",
    CAREBEAT_SQL_STATS: "1",
    ...opts.env,
  };
  delete env.DATABASE_URL;
  if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
  const child: ChildProcess = spawn(process.execPath, command(), { cwd: root, env, stdio: ["ignore", "pipe", "pipe", "ipc"] });
  const log: string[] = [];
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (b: Buffer) => {
      for (const line of b.toString().split("\n")) {
        if (!line) continue;
        log.push(line);
        if (line.includes("ready in")) resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`runtime exited (${code}) before it was ready:\n${log.slice(-20).join("\n")}`)));
  });
  await ready;
  const pending: ((s: SqlStats | null) => void)[] = [];
  child.on("message", (m: any) => {
    if (m?.type === "carebeat:stats") pending.shift()?.({ statements: m.statements, byScope: m.byScope });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    log,
    cpuMs: () => treeCpuMs(child.pid!),
    statements: () =>
      new Promise<SqlStats | null>((resolve) => {
        pending.push(resolve);
        child.send({ type: "carebeat:stats" });
        // An older runtime does not answer: then the count is unknown, not zero.
        setTimeout(() => {
          const i = pending.indexOf(resolve);
          if (i >= 0) pending.splice(i, 1), resolve(null);
        }, 1000);
      }),
    profile: (action, file) =>
      new Promise<void>((resolve, reject) => {
        const onMessage = (m: any) => {
          if (m?.type !== "carebeat:profile") return;
          child.off("message", onMessage);
          m.ok ? resolve() : reject(new Error(`runtime profiler: ${m.error}`));
        };
        child.on("message", onMessage);
        child.send({ type: "carebeat:profile", action, file });
      }),
    async stop() {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
