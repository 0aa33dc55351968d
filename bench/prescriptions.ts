import { Hono } from "hono";
import type { TestApp } from "@carebeat/local/testing";
import { quantile, runPool } from "./harness";

/**
 * Issue 20: the dispense (row lock, idempotency record, dispense row, outbox, audit, one
 * transaction) beside a bare Hono route and `GET /api/auth/me` measured in the same run.
 * Sequential, then 10 counters at once on the SAME prescription (they queue on its row lock),
 * then replays of one Idempotency-Key. BENCH_ONLY=prescriptions runs this section alone.
 */
export async function prescriptionBenchmarks(t: TestApp, n: number) {
  const { useSql } = await import("@carebeat/core/drizzle");
  const admin = await t.user("admin");
  const staff = await t.user("staff");
  const pharmacist = await t.user("pharmacist");
  const allWeek = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: "00:00", end: "24:00" }));
  const doctor = (
    await t.call("POST", "/api/doctors", { token: admin.token, body: { name: "Dr Bench Rx", specialty: "General", visitFeeCents: 5000, timezone: "UTC", workingHours: allWeek } })
  ).body;
  const doc = await t.user("doctor", { doctorId: doctor.id });
  const patientId = (await t.call("POST", "/api/patients", { token: staff.token, body: { name: { given: "Bench", family: "Rx" }, birthDate: "1970-01-01" } })).body.id;
  const start = new Date(Date.now() + 2 * 86_400_000);
  const visit = (
    await t.call("POST", "/api/appointments", {
      token: staff.token,
      body: { doctorId: doctor.id, patientId, startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 1_800_000).toISOString() },
    })
  ).body;
  await useSql().unsafe("update appointments set starts_at = now() - interval '10 minutes', ends_at = now() + interval '20 minutes' where id = $1", [visit.id]);
  const prescription = async () =>
    (
      await t.call("POST", "/api/prescriptions", {
        token: doc.token,
        body: {
          appointmentId: visit.id,
          medicationId: "med_seed_paracetamol_500",
          dose: { amount: 1, unit: "tablet", frequency: "once_daily" },
          quantity: 10_000,
          validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
        },
      })
    ).body.id as string;
  const rx = await prescription();
  const contended = await prescription();
  let k = 0;
  const dispense = (id: string, key = `bench-${k++}`) =>
    t.call("POST", `/api/prescriptions/${id}/dispense`, { token: pharmacist.token, body: { units: 1 }, headers: { "idempotency-key": key } });
  await dispense(rx, "replayed");

  const bare = new Hono().get("/ping", (c) => c.json({ ok: true }));
  const rows: { name: string; n: number; perSec: number; times: number[] }[] = [];
  const run = async (name: string, count: number, concurrency: number, op: () => Promise<unknown>) => {
    for (let i = 0; i < 10; i++) await op(); // warm-up
    rows.push({ name, n: count, ...(await runPool(count, concurrency, op)) });
  };
  await run("baseline: bare Hono GET", n * 10, 1, async () => bare.request("/ping"));
  await run("GET /api/auth/me (JWT verify + PG read)", n, 1, () => t.call("GET", "/api/auth/me", { token: pharmacist.token }));
  await run("POST /dispense (1 unit, new key)", n, 1, () => dispense(rx));
  await run("POST /dispense, 10 counters on one prescription", n, 10, () => dispense(contended));
  await run("POST /dispense replay (same key → stored answer)", n, 1, () => dispense(rx, "replayed"));
  await run("GET /api/prescriptions/queue?limit=50", n, 1, () => t.call("GET", "/api/prescriptions/queue?limit=50", { token: pharmacist.token }));

  const [left] = await useSql().unsafe("select dispensed_units from prescriptions where id = $1", [contended]);
  const base = rows[0]!;
  console.log(`\nPrescriptions: dispense cost (${t.stack.postgres.kind === "pglite" ? "embedded PGlite" : "PostgreSQL server"})`);
  console.log("| operation | n | concurrency | ops/s | p50 ms | p95 ms | p99 ms | cost vs baseline |\n|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of rows)
    console.log(
      `| ${r.name} | ${r.n} | ${r.name.includes("10 counters") ? 10 : 1} | ${r.perSec.toFixed(0)} | ${quantile(r.times, 0.5).toFixed(2)} | ${quantile(r.times, 0.95).toFixed(2)} | ${quantile(r.times, 0.99).toFixed(2)} | ${r === base ? "1.0× (baseline)" : `${(base.perSec / r.perSec).toFixed(1)}×`} |`,
    );
  console.log(`(contended prescription: ${left?.dispensed_units} units dispensed by ${n + 10} calls — none lost, none doubled)`);
}
