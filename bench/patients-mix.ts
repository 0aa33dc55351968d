import { readFileSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Hono } from "hono";
import { startServerPostgres, type RunningPostgres } from "@carebeat/local/postgres";
import { startRuntime } from "./booking-runtime";
import { backendsCpu, json as call } from "./booking-http";
import { runPool, quantile } from "./harness";

/**
 * Issue 19.5: the peer's workload mix — patient create, read and name search (25-entry pages) —
 * over HTTP against the runtime as a separate process, at concurrency 8 and 32. CPU per request by
 * process: the runtime tree and PostgreSQL backends (/proc), this load generator (process.cpuUsage),
 * and the dynalite share of the runtime: self time of dynalite and its level/memory-level stores in
 * the runtime's V8 CPU profile of the load window (main thread only; an estimate, see docs/capacity.md).
 */
const LEVELS = (process.env.BENCH_CONCURRENCY ?? "8,32").split(",").map(Number);
const PER_OP = Number(process.env.BENCH_PATIENTS_OPS ?? 300);
const DYNALITE = /node_modules\/(dynalite|level|memory-level|classic-level|abstract-level|lazy|big\.js|async|lock)\//;
const cpuSelf = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Self ms of the profile's non-idle samples, and the part whose top frame is dynalite or its stores. */
function dynaliteShare(file: string) {
  const p = JSON.parse(readFileSync(file, "utf8")) as { nodes: { id: number; callFrame: { functionName: string; url: string } }[]; samples: number[]; timeDeltas: number[] };
  const nodes = new Map(p.nodes.map((n) => [n.id, n]));
  let total = 0;
  let dyn = 0;
  p.samples.forEach((id, i) => {
    const f = nodes.get(id)!.callFrame;
    if (f.functionName === "(idle)") return;
    const ms = (p.timeDeltas[i] ?? 0) / 1000;
    total += ms;
    if (DYNALITE.test(f.url)) dyn += ms;
  });
  return total ? dyn / total : 0;
}

async function mix(kind: "pglite" | "server") {
  let isolated: RunningPostgres | undefined;
  let url: string | undefined;
  if (kind === "server") {
    isolated = await startServerPostgres(process.env.DATABASE_URL!, true);
    const l = isolated.link;
    url = `postgres://${encodeURIComponent(l.username)}:${encodeURIComponent(l.password)}@${l.host}:${l.port}/${l.database}`;
  }
  const rt = await startRuntime({ databaseUrl: url, env: { CAREBEAT_BILLING: "off" } });
  const pgCpu = backendsCpu(isolated);
  const profDir = mkdtempSync(path.join(os.tmpdir(), "carebeat-patients-prof-"));
  try {
    const login = await call(rt, "POST", "/api/auth/login", undefined, { email: "admin@bench.test", password: "bench-password-123" });
    if (login.status !== 200) throw new Error(`login: ${login.status}`);
    const token = login.body.accessToken as string;
    const ids: string[] = [];
    let k = 0;
    const families = ["Smith", "Jones", "Brown", "Taylor", "Wilson", "Evans", "Walker", "Wright"];
    const create = async () => {
      const i = k++;
      const r = await call(rt, "POST", "/api/patients", token, { name: { given: `Bench${i}`, family: families[i % families.length] } });
      if (r.status === 201) ids.push(r.body.id);
      return r.status === 201;
    };
    for (let i = 0; i < 200; i++) await create(); // seed + warm-up: every search has full pages
    const ops = {
      create,
      read: async () => (await call(rt, "GET", `/api/patients/${ids[Math.floor(Math.random() * ids.length)]}`, token)).status === 200,
      search: async () => (await call(rt, "GET", `/api/patients?q=${families[Math.floor(Math.random() * families.length)]!.slice(0, 3)}&limit=25`, token)).status === 200,
    };
    for (let i = 0; i < 30; i++) await ops.read(), await ops.search();
    const rows: string[] = [];
    for (const c of LEVELS) {
      const times: Record<string, number[]> = { create: [], read: [], search: [] };
      const order = Array.from({ length: PER_OP * 3 }, (_, i) => (["create", "read", "search"] as const)[i % 3]!);
      let errors = 0;
      const pg0 = await pgCpu();
      const gen0 = cpuSelf();
      await rt.profile("start");
      const cpu0 = rt.cpuMs();
      const r = await runPool(order.length, c, async (i) => {
        const op = order[i]!;
        const t0 = performance.now();
        if (!(await ops[op]())) errors++;
        times[op]!.push(performance.now() - t0);
      });
      const cpu1 = rt.cpuMs();
      const file = path.join(profDir, `patients-c${c}.cpuprofile`);
      await rt.profile("stop", file);
      const gen1 = cpuSelf();
      const pg1 = await pgCpu();
      const n = order.length;
      const runtimeMs = (cpu1 - cpu0) / n;
      const pgMs = pg0 === null || pg1 === null ? null : (pg1 - pg0) / n;
      const genMs = (gen1 - gen0) / n;
      const share = dynaliteShare(file);
      const q = (op: string, p: number) =>
        quantile(
          times[op]!.sort((a, b) => a - b),
          p,
        ).toFixed(1);
      rows.push(
        `| ${c} | ${n} | ${r.perSec.toFixed(0)} | ${q("create", 0.5)} / ${q("create", 0.95)} | ${q("read", 0.5)} / ${q("read", 0.95)} | ${q("search", 0.5)} / ${q("search", 0.95)} | ${runtimeMs.toFixed(2)} | ${(runtimeMs * share).toFixed(2)} (${(share * 100).toFixed(0)} %) | ${pgMs === null ? "– (in runtime)" : pgMs.toFixed(2)} | ${genMs.toFixed(2)} | ${(runtimeMs + (pgMs ?? 0) + genMs).toFixed(2)} | ${errors} |`,
      );
    }
    console.log(
      `\nPatients mix over HTTP (1:1:1 create / read / search q=3 letters limit=25; ${kind === "pglite" ? "embedded PGlite" : "PostgreSQL server"}; load avg ${os.loadavg()[0]!.toFixed(2)})`,
    );
    console.log(
      "| concurrency | requests | requests/s | create p50/p95 ms | read p50/p95 ms | search p50/p95 ms | runtime CPU ms/req | … of it dynalite (profile share) | PostgreSQL ms/req | load generator ms/req | total ms/req | errors |",
    );
    console.log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (const row of rows) console.log(row);
  } catch (err) {
    console.error(`runtime log (last lines):\n${rt.log.slice(-30).join("\n")}`);
    throw err;
  } finally {
    await (pgCpu as { end?: () => Promise<void> }).end?.();
    await rt.stop();
    await isolated?.stop();
  }
}

/** The same-run baseline: a bare Hono GET through app.request in this process (ms per request). */
async function baseline() {
  const bare = new Hono().get("/ping", (c) => c.json({ ok: true }));
  const n = 3000;
  const t0 = cpuSelf();
  for (let i = 0; i < n; i++) await bare.request("/ping");
  console.log(`\nBaseline (same run): bare Hono GET, ${(((cpuSelf() - t0) / n) * 1000).toFixed(1)} µs CPU/request`);
}

export async function patientMixBenchmarks() {
  await baseline();
  if (process.env.BENCH_HOME !== "server") await mix("pglite");
  if (process.env.DATABASE_URL && process.env.BENCH_HOME !== "pglite") await mix("server");
}
