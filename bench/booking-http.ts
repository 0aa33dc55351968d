import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import http from "node:http";
import path from "node:path";
import { startPglite, startServerPostgres, type RunningPostgres } from "@carebeat/local/postgres";
import { startRuntime, pidsCpuMs, type Runtime } from "./booking-runtime";
import { runPool, quantile } from "./harness";

/**
 * Issue 12's booking benchmark: HTTP bookings against the running runtime (a separate process
 * on a real port, as `npm start` runs it) at several concurrencies, beside raw postgres.js
 * INSERTs into a copy of the appointments table on the same kind of database in the same run.
 *
 * Per concurrency: bookings/s, p50/p95/p99, the runtime's CPU milliseconds per booking (its
 * whole process tree from /proc, while the load runs), the SQL statements each booking request
 * sent (counted by the runtime's postgres.js client, `CAREBEAT_SQL_STATS=1`), the raw insert
 * rate and the ratio. Every booking must answer 201; anything else is counted and printed.
 *
 * Bookings spread over DOCTORS doctors (a clinic, not one doctor's queue); each doctor's slots
 * are consecutive half-hours, so no booking conflicts. Run twice: the API alone
 * (CAREBEAT_BILLING=off: no billing execution per booking — in AWS those run in other Lambdas),
 * and as `npm start` runs, where each booking's billing execution (invoice, PDF) runs in the
 * runtime too and is part of the CPU columns ("incl. billing drain" waits until it is done).
 */
const LEVELS = (process.env.BENCH_CONCURRENCY ?? "1,8,32,64").split(",").map(Number);
const PER_LEVEL = Number(process.env.BENCH_BOOKINGS ?? 400);
const DOCTORS = Number(process.env.BENCH_DOCTORS ?? 32);
const PATIENTS = 64;
/**
 * The load generator's HTTP client: `fetch` (undici; the default, what every run so far used) or
 * `node-http` (node:http with a keep-alive agent, headers and body in one write). On a 2-core
 * machine the client shares the cores with the runtime and PostgreSQL, and fetch costs ~1 ms of
 * CPU per booking against ~0.15 ms for the raw side's postgres.js client: the CPU table below
 * shows it. The knob changes only how bookings are sent, never the raw baseline.
 */
const CLIENT = process.env.BENCH_CLIENT === "node-http" ? "node-http" : "fetch";
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function postJson(url: string, headers: Record<string, string>, body: string): Promise<number> {
  if (CLIENT === "fetch")
    return fetch(url, { method: "POST", headers, body }).then(async (res) => {
      await res.arrayBuffer();
      return res.status;
    });
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "POST", agent, headers: { ...headers, "content-length": String(Buffer.byteLength(body)) } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode!));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}
const root = new URL("..", import.meta.url).pathname;

interface Row {
  concurrency: number;
  n: number;
  perSec: number;
  p50: number;
  p95: number;
  p99: number;
  cpuMsPerBooking: number;
  /** Including the background work the bookings caused (billing executions) until the runtime is idle again. */
  cpuMsPerBookingDrained: number;
  statementsPerBooking: number | null;
  errors: number;
  /** This process's CPU (the load generator: fetch, JSON) per booking. */
  loadGenCpuMs: number;
  /** The PostgreSQL server's backends of the runtime's database, per booking (null on PGlite: it runs inside the runtime). */
  pgCpuMs: number | null;
  rawPerSec?: number;
  raw?: RawLevel;
}

/** A raw-insert level: rate, the client's CPU (postgres.js in this process) and the server backends' CPU per insert. */
interface RawLevel {
  perSec: number;
  clientCpuMs: number;
  pgCpuMs: number | null;
}

const cpuMsOfThisProcess = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * CPU of the PostgreSQL server's backends connected to one database (read from /proc: the server
 * runs on this machine in the bench setup). Background processes (WAL writer, checkpointer) are
 * not counted: they serve every database on the server, other test runs included.
 */
export function backendsCpu(db: RunningPostgres | undefined) {
  if (!db || db.kind !== "server") return async () => null;
  const l = db.link;
  const admin = postgres({ host: l.host, port: l.port, user: l.username, password: l.password, database: l.database, max: 1, onnotice: () => {} });
  const fn = async () => {
    const rows = await admin`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`;
    return pidsCpuMs(rows.map((r) => Number(r.pid)));
  };
  fn.end = () => admin.end();
  return fn;
}

async function pool<T>(n: number, concurrency: number, op: (i: number) => Promise<T>) {
  const { perSec, times } = await runPool(n, concurrency, op);
  return { perSec, p50: quantile(times, 0.5), p95: quantile(times, 0.95), p99: quantile(times, 0.99) };
}

/** One JSON request to the runtime under measurement (also the patients mix's client). */
export async function json(rt: Runtime, method: string, p: string, token?: string, body?: unknown) {
  const res = await fetch(rt.url + p, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Wait until the runtime's CPU use settles (billing executions of the previous level drained). */
async function idle(rt: Runtime, maxMs = 60_000) {
  const until = Date.now() + maxMs;
  let last = rt.cpuMs();
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, 500));
    const now = rt.cpuMs();
    if (now - last < 30) return;
    last = now;
  }
}

async function bookingLevels(rt: Runtime, pgCpu: () => Promise<number | null>): Promise<Row[]> {
  const login = await json(rt, "POST", "/api/auth/login", undefined, { email: "admin@bench.test", password: "bench-password-123" });
  if (login.status !== 200) throw new Error(`login: ${login.status}`);
  const token = login.body.accessToken as string;
  const allWeek = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: "00:00", end: "24:00" }));
  const doctors: string[] = [];
  for (let i = 0; i < DOCTORS; i++)
    doctors.push(
      (await json(rt, "POST", "/api/doctors", token, { name: `Dr Bench ${i}`, specialty: "General", visitFeeCents: 5000, timezone: "UTC", workingHours: allWeek })).body.id,
    );
  const patients: string[] = [];
  for (let i = 0; i < PATIENTS; i++) patients.push((await json(rt, "POST", "/api/patients", token, { name: { given: `Bench${i}`, family: "Patient" } })).body.id);
  const base = new Date(Date.now() + 2 * 86_400_000);
  base.setUTCHours(0, 0, 0, 0);
  let k = 0;
  const book = async () => {
    const i = k++;
    const start = new Date(base.getTime() + Math.floor(i / DOCTORS) * 30 * 60_000);
    const body = JSON.stringify({
      doctorId: doctors[i % DOCTORS],
      patientId: patients[i % PATIENTS],
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 30 * 60_000).toISOString(),
    });
    return postJson(rt.url + "/api/appointments", { authorization: `Bearer ${token}`, "content-type": "application/json" }, body);
  };
  for (let i = 0; i < 30; i++) await book(); // warm-up: JIT, pools, prepared statements
  const rows: Row[] = [];
  for (const c of LEVELS) {
    const n = c === 1 ? Math.min(PER_LEVEL, 200) : PER_LEVEL;
    await idle(rt);
    const s0 = await rt.statements();
    const pg0 = await pgCpu();
    const gen0 = cpuMsOfThisProcess();
    const profileDir = process.env.BENCH_CPU_PROF;
    if (profileDir) await rt.profile("start");
    const cpu0 = rt.cpuMs();
    let errors = 0;
    const r = await pool(n, c, async () => {
      if ((await book()) !== 201) errors++;
    });
    const cpu1 = rt.cpuMs();
    // BENCH_CPU_PROF=<dir>: the load window's profile, one file per level (bench/cpu-profile.ts reads it).
    if (profileDir) await rt.profile("stop", path.join(profileDir, `bookings-c${c}-${Date.now()}.cpuprofile`));
    const gen1 = cpuMsOfThisProcess();
    const pg1 = await pgCpu();
    const s1 = await rt.statements();
    await idle(rt);
    const cpu2 = rt.cpuMs();
    const scope = "POST /api/appointments";
    const a = s0?.byScope[scope];
    const b = s1?.byScope[scope];
    const statementsPerBooking = b ? (b.statements - (a?.statements ?? 0)) / (b.requests - (a?.requests ?? 0)) : null;
    const pgCpuMs = pg0 === null || pg1 === null ? null : (pg1 - pg0) / n;
    rows.push({
      concurrency: c,
      n,
      ...r,
      cpuMsPerBooking: (cpu1 - cpu0) / n,
      cpuMsPerBookingDrained: (cpu2 - cpu0) / n,
      statementsPerBooking,
      errors,
      loadGenCpuMs: (gen1 - gen0) / n,
      pgCpuMs,
    });
  }
  return rows;
}

/** Raw single-row INSERTs into a copy of the appointments table (migrated schema, exclusion constraint included). */
async function rawInserts(db: RunningPostgres, levels: number[], n: number): Promise<Map<number, RawLevel>> {
  const l = db.link;
  const client = postgres({ host: l.host, port: l.port, user: l.username, password: l.password, database: l.database, max: db.kind === "pglite" ? 1 : 10, onnotice: () => {} });
  await migrate(drizzle(client), { migrationsFolder: path.join(root, "migrations") });
  await client.unsafe(`create table bench_appointments (like appointments including all)`);
  const [doc] =
    await client`insert into doctors (id, name, specialty, visit_fee_cents, currency, timezone, slot_minutes, working_hours) values ('doc_bench', 'Dr Raw', 'General', 5000, 'USD', 'UTC', 30, '[]') returning id`;
  const base = Date.now() + 2 * 86_400_000;
  let k = 0;
  const out = new Map<number, RawLevel>();
  const pgCpu = backendsCpu(db);
  const insert = () => {
    const i = k++;
    const start = new Date(base + Math.floor(i / DOCTORS) * 30 * 60_000);
    return client`insert into bench_appointments (id, doctor_id, patient_id, starts_at, ends_at, fee_cents, currency, created_by)
      values (${`apt_raw${i}`}, ${`${doc!.id}${i % DOCTORS}`}, 'pat_raw', ${start.toISOString()}, ${new Date(start.getTime() + 30 * 60_000).toISOString()}, 5000, 'USD', 'bench')`;
  };
  for (let i = 0; i < 50; i++) await insert();
  for (const c of levels) {
    const count = c === 1 ? Math.min(n, 1000) : n;
    const pg0 = await pgCpu();
    const gen0 = cpuMsOfThisProcess();
    const { perSec } = await pool(count, c, insert);
    const gen1 = cpuMsOfThisProcess();
    const pg1 = await pgCpu();
    out.set(c, { perSec, clientCpuMs: (gen1 - gen0) / count, pgCpuMs: pg0 === null || pg1 === null ? null : (pg1 - pg0) / count });
  }
  await (pgCpu as { end?: () => Promise<void> }).end?.();
  await client.end();
  return out;
}

function print(title: string, rows: Row[]) {
  console.log(`\n${title}`);
  console.log(
    "| concurrency | bookings | bookings/s | p50 ms | p95 ms | p99 ms | runtime CPU ms/booking (load window) | … incl. billing drain | SQL statements/booking | raw INSERTs/s | bookings ÷ raw | non-201 |",
  );
  console.log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of rows)
    console.log(
      `| ${r.concurrency} | ${r.n} | ${r.perSec.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.cpuMsPerBooking.toFixed(2)} | ${r.cpuMsPerBookingDrained.toFixed(2)} | ${r.statementsPerBooking === null ? "n/a" : r.statementsPerBooking.toFixed(2)} | ${r.rawPerSec?.toFixed(0) ?? "–"} | ${r.rawPerSec ? ((100 * r.perSec) / r.rawPerSec).toFixed(1) + " %" : "–"} | ${r.errors} |`,
    );
  // Where the machine's CPU goes (everything shares its cores): what each booking costs the
  // runtime, this load generator and the PostgreSQL backends, beside what each raw insert costs
  // its client and the backends. The sum bounds the rate the machine can reach at all.
  const ms = (v: number | null | undefined) => (v === null || v === undefined ? "–" : v.toFixed(2));
  console.log("\nCPU ms per booking / per raw insert (load window; PostgreSQL: backends of the database, from /proc)");
  console.log("| concurrency | runtime | load generator | PostgreSQL | booking total | raw: client | raw: PostgreSQL | raw total |");
  console.log("|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    const total = r.cpuMsPerBooking + r.loadGenCpuMs + (r.pgCpuMs ?? 0);
    const rawTotal = r.raw ? r.raw.clientCpuMs + (r.raw.pgCpuMs ?? 0) : undefined;
    console.log(
      `| ${r.concurrency} | ${ms(r.cpuMsPerBooking)} | ${ms(r.loadGenCpuMs)} | ${ms(r.pgCpuMs)} | ${ms(total)} | ${ms(r.raw?.clientCpuMs)} | ${ms(r.raw?.pgCpuMs)} | ${ms(rawTotal)} |`,
    );
  }
}

/** One home: the runtime on PGlite (CAREBEAT_DATA_DIR on disk) or on the PostgreSQL server in DATABASE_URL. */
async function bookingHttpBenchmarks(kind: "pglite" | "server", billing = true) {
  let isolated: RunningPostgres | undefined;
  let url: string | undefined;
  if (kind === "server") {
    isolated = await startServerPostgres(process.env.DATABASE_URL!, true);
    const l = isolated.link;
    url = `postgres://${encodeURIComponent(l.username)}:${encodeURIComponent(l.password)}@${l.host}:${l.port}/${l.database}`;
  }
  const rt = await startRuntime({ databaseUrl: url, env: billing ? {} : { CAREBEAT_BILLING: "off" } });
  const pgCpu = backendsCpu(isolated);
  let rows: Row[];
  try {
    rows = await bookingLevels(rt, pgCpu);
  } catch (err) {
    console.error(`runtime log (last lines):\n${rt.log.slice(-30).join("\n")}`);
    throw err;
  } finally {
    await (pgCpu as { end?: () => Promise<void> }).end?.();
    await rt.stop();
    await isolated?.stop();
  }
  // The raw baseline on the same kind of database, on its own (the runtime is stopped).
  const dir = mkdtempSync(path.join(os.tmpdir(), "carebeat-raw-"));
  const raw = kind === "server" ? await startServerPostgres(process.env.DATABASE_URL!, true) : await startPglite(path.join(dir, "pglite"));
  try {
    const rates = await rawInserts(raw, LEVELS, PER_LEVEL * 2);
    for (const r of rows) {
      r.raw = rates.get(r.concurrency);
      r.rawPerSec = r.raw?.perSec;
    }
  } finally {
    await raw.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  print(
    `HTTP bookings against the runtime (${kind === "pglite" ? "embedded PGlite" : "PostgreSQL server"}; ${DOCTORS} doctors; ${billing ? "billing started per booking, its executions run in the runtime" : "the API alone: CAREBEAT_BILLING=off"}; load generator: ${CLIENT}${CLIENT === "fetch" ? "" : " (BENCH_CLIENT)"})`,
    rows,
  );
  return rows;
}

/** Both homes (BENCH_HOME picks one); with billing (as `npm start` runs) unless BENCH_BILLING=off, and the API alone unless BENCH_BILLING=on. */
export async function bookingBenchmarks() {
  const modes = process.env.BENCH_BILLING === "on" ? [true] : process.env.BENCH_BILLING === "off" ? [false] : [false, true];
  for (const billing of modes) {
    // BENCH_HOME=server (or pglite): one home only, e.g. for a CPU profile of just that one.
    if (process.env.BENCH_HOME !== "server") await bookingHttpBenchmarks("pglite", billing);
    if (process.env.DATABASE_URL && process.env.BENCH_HOME !== "pglite") await bookingHttpBenchmarks("server", billing);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await bookingBenchmarks();
  process.exit(0);
}
