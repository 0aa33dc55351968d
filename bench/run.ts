import { execFileSync } from "node:child_process";
import { Hono } from "hono";
import { startTestApp } from "@carebeat/local/testing";
import { measure, table, memoryRow } from "./harness";
import { clinicBenchmarks } from "./clinic";
import { webBundleReport } from "./web";
import { eventBenchmarks } from "./events";
import { billingBenchmarks } from "./billing";
import { bookingBenchmarks } from "./booking-http";
import { lambdaColdStartReport } from "./lambdas";
import { reminderBenchmarks } from "./reminders";
import { backupBenchmarks } from "./backup";
import { costBenchmarks } from "./cost";
import { prescriptionBenchmarks } from "./prescriptions";
import { fhirExportBenchmarks } from "./fhir-export";
import { patientMixBenchmarks } from "./patients-mix";

/**
 * `npm run bench`: request costs through the real Hono app and real stand-ins, each
 * compared with a trivial Hono route measured in the same run (ratios survive noisy machines).
 * Never asserts: it prints.
 */
const N = Number(process.env.BENCH_N ?? 300);
// Issue 19.1: every Lambda's cold start alone (BENCH_ONLY=lambdas; no database needed).
if (process.env.BENCH_ONLY === "lambdas") {
  await lambdaColdStartReport(new URL("..", import.meta.url).pathname);
  process.exit(0);
}
// Issue 12: HTTP bookings against the runtime as a separate process (its own section; BENCH_ONLY=bookings for just that).
if (process.env.BENCH_ONLY === "bookings") {
  await bookingBenchmarks();
  process.exit(0);
}
// Issue 19.5: the peer's patients mix over HTTP against the runtime process (BENCH_ONLY=patients).
if (process.env.BENCH_ONLY === "patients") {
  await patientMixBenchmarks();
  process.exit(0);
}
// Issue 22: backup and restore of a clinic-sized data dir, in a process (and data dir) of its own.
if (process.env.BENCH_ONLY === "backup") {
  await backupBenchmarks();
  process.exit(0);
}
// Issue 19.6: the cost per 1,000 bookings in AWS, from counts measured offline, in a process of its own.
if (process.env.BENCH_ONLY === "cost") {
  await costBenchmarks(Number(process.env.BENCH_COST_N ?? 200));
  process.exit(0);
}
if (process.env.BENCH_ONLY === "reminders" || process.env.BENCH_ONLY === "fhir-export") process.env.CAREBEAT_BILLING = "off";
const memory = [memoryRow("before start")];
const t = await startTestApp();
memory.push(memoryRow("stack started"));

const remindersN = Number(process.env.BENCH_REMINDERS_N ?? 10_000);
if (process.env.BENCH_ONLY === "reminders") {
  // CAREBEAT_BILLING=off (set before the stack started, below): the visits are inserted without
  // invoices, and the billing sweeper would otherwise bill all of them beside the reminders.
  await reminderBenchmarks(t, remindersN);
  await t.stop();
  process.exit(0);
}

// Issue 16: FHIR Bulk $export of a clinic (BENCH_ONLY=fhir-export; BENCH_EXPORT_PATIENTS, BENCH_EXPORT_APPOINTMENTS).
// Its own process with billing off (set before the stack starts): the sweeper would bill the SQL-inserted visits.
if (process.env.BENCH_ONLY === "fhir-export") {
  await fhirExportBenchmarks(t, { patients: Number(process.env.BENCH_EXPORT_PATIENTS ?? 10_000), appointments: Number(process.env.BENCH_EXPORT_APPOINTMENTS ?? 50_000) });
  await t.stop();
  process.exit(0);
}

// Issue 19.3: the analytics handler, relay and push alone (BENCH_ONLY=events; BENCH_EVENTS sets the count).
if (process.env.BENCH_ONLY === "events") {
  await eventBenchmarks(t, { events: Number(process.env.BENCH_EVENTS ?? 5000) });
  await t.stop();
  process.exit(0);
}

// Issue 20: dispensing (BENCH_ONLY=prescriptions for just that).
if (process.env.BENCH_ONLY === "prescriptions") {
  await prescriptionBenchmarks(t, N);
  await t.stop();
  process.exit(0);
}

const bare = new Hono().get("/ping", (c) => c.json({ ok: true }));
const baseline = await measure("baseline: bare Hono GET", N * 10, async () => bare.request("/ping"));

// Billing first: every booking below also starts a billing execution in the background.
await billingBenchmarks(t, Number(process.env.BENCH_BILLING_N ?? 200));
memory.push(memoryRow("after billing"));
if (process.env.BENCH_ONLY === "billing") {
  await t.stop();
  process.exit(0);
}

const admin = await t.user("admin");
const staff = await t.user("staff");
const rows = [baseline];
rows.push(await measure("GET /health (3 dependency probes)", N, () => t.call("GET", "/health")));
rows.push(await measure("GET /api/auth/me (JWT verify + PG read)", N, () => t.call("GET", "/api/auth/me", { token: staff.token })));
rows.push(
  await measure("POST /api/auth/login (argon2id verify)", Math.ceil(N / 10), () => t.call("POST", "/api/auth/login", { body: { email: staff.email, password: staff.password } })),
);
rows.push(await measure("GET /api/audit?limit=50 (admin)", N, () => t.call("GET", "/api/audit?limit=50", { token: admin.token })));

rows.push(...(await clinicBenchmarks(t, N)));
memory.push(memoryRow("after benchmarks"));

table(`API request cost (${t.stack.postgres.kind === "pglite" ? "embedded PGlite" : "PostgreSQL server"}, sequential)`, rows, baseline);
if (!process.env.BENCH_SKIP_PRESCRIPTIONS) await prescriptionBenchmarks(t, N);
if (!process.env.BENCH_SKIP_EVENTS) await eventBenchmarks(t, { events: Number(process.env.BENCH_EVENTS ?? 5000) });
console.log("\nMemory (this process, includes PGlite's WASM heap)");
console.log("| point | RSS MiB | JS heap MiB |\n|---|---:|---:|");
for (const m of memory) console.log(`| ${m.label} | ${m.rssMiB.toFixed(0)} | ${m.heapMiB.toFixed(0)} |`);
webBundleReport(new URL("..", import.meta.url).pathname);
if (!process.env.BENCH_SKIP_LAMBDAS) await lambdaColdStartReport(new URL("..", import.meta.url).pathname);
await t.stop();
if (!process.env.BENCH_SKIP_BOOKINGS) await bookingBenchmarks();
if (!process.env.BENCH_SKIP_PATIENTS) await patientMixBenchmarks();
// Reminders in a process of their own, with billing off (see BENCH_ONLY=reminders above).
if (!process.env.BENCH_SKIP_REMINDERS) execFileSync("npx", ["tsx", "bench/run.ts"], { stdio: "inherit", env: { ...process.env, BENCH_ONLY: "reminders" } });
if (!process.env.BENCH_SKIP_FHIR_EXPORT) execFileSync("npx", ["tsx", "bench/run.ts"], { stdio: "inherit", env: { ...process.env, BENCH_ONLY: "fhir-export" } });
if (!process.env.BENCH_SKIP_BACKUP) execFileSync("npx", ["tsx", "bench/run.ts"], { stdio: "inherit", env: { ...process.env, BENCH_ONLY: "backup" } });
if (!process.env.BENCH_SKIP_COST) execFileSync("npx", ["tsx", "bench/run.ts"], { stdio: "inherit", env: { ...process.env, BENCH_ONLY: "cost" } });
process.exit(0);
