import { sql } from "drizzle-orm";
import type { TestApp } from "@carebeat/local/testing";
import path from "node:path";
import { measure, startProfile, type Result } from "./harness";

/**
 * Billing: a burst of bookings through the API, each billed by the local Step Functions endpoint
 * running the real definition and tasks. Prints booking → issued latency, invoices issued per
 * second, the render task's PDF throughput beside a bare pdfkit loop on the same document (same
 * run, same process), and the time spent in each state (from GetExecutionHistory).
 */
export async function billingBenchmarks(t: TestApp, n: number) {
  const { useDb } = await import("@carebeat/core/drizzle");
  const { Billing } = await import("@carebeat/core/billing");
  const { invoiceDocument, pdfRenderer } = await import("@carebeat/core/billing/render");
  const { renderInvoicePdf } = await import("@carebeat/core/invoice/pdf");
  const { putPdf } = await import("@carebeat/core/invoice/store");
  const admin = await t.user("admin");
  const allWeek = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: "00:00", end: "24:00" }));
  const doctors: { id: string }[] = [];
  for (let i = 0; i < 4; i++)
    doctors.push(
      (
        await t.call("POST", "/api/doctors", {
          token: admin.token,
          body: { name: `Dr Bill ${i}`, specialty: "General practice", visitFeeCents: 8000, currency: "EUR", timezone: "Europe/Berlin", workingHours: allWeek },
        })
      ).body,
    );
  const patients: string[] = [];
  for (let i = 0; i < 10; i++) patients.push((await t.call("POST", "/api/patients", { token: admin.token, body: { name: { given: "Bench", family: `Patient${i}` } } })).body.id);

  // 1. The burst: n bookings, 16 at a time, then wait until every invoice is issued.
  // On a half hour, so no 30-minute slot crosses local midnight (the hours end at 24:00).
  const base = Math.ceil((Date.now() + 30 * 86_400_000) / 1_800_000) * 1_800_000;
  const ids: string[] = [];
  let next = 0;
  // BENCH_CPU_PROF=<dir>: a V8 profile of this process's main thread over the burst (bench/cpu-profile.ts reads it).
  const profiler = process.env.BENCH_CPU_PROF ? await startProfile() : undefined;
  const cpuStart = process.cpuUsage();
  const burstStart = performance.now();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < n) {
        const i = next++;
        const start = new Date(base + Math.floor(i / doctors.length) * 30 * 60_000);
        const res = await t.call("POST", "/api/appointments", {
          token: admin.token,
          body: {
            doctorId: doctors[i % doctors.length].id,
            patientId: patients[i % patients.length],
            startsAt: start.toISOString(),
            endsAt: new Date(start.getTime() + 30 * 60_000).toISOString(),
          },
        });
        if (res.status !== 201) throw new Error(`booking failed: ${res.status} ${JSON.stringify(res.body)}`);
        ids.push(res.body.id);
      }
    }),
  );
  const list = sql.raw(`(${ids.map((id) => `'${id}'`).join(",")})`);
  type Row = { appointment_id: string; latency_ms: number; issued_ms: number; created_ms: number };
  let rows: Row[] = [];
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    rows = (await useDb().execute(
      sql`select i.appointment_id, extract(epoch from (i.issued_at - a.created_at)) * 1000 as latency_ms, extract(epoch from i.issued_at) * 1000 as issued_ms, extract(epoch from a.created_at) * 1000 as created_ms
          from invoices i join appointments a on a.id = i.appointment_id where i.status = 'issued' and a.id in ${list}`,
    )) as unknown as Row[];
    if (rows.length === n) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const burstMs = performance.now() - burstStart;
  const cpu = process.cpuUsage(cpuStart);
  if (profiler) await profiler.stop(path.join(process.env.BENCH_CPU_PROF!, `billing-burst-${Date.now()}.cpuprofile`));
  const latencies = rows.map((r) => Number(r.latency_ms)).sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  const first = Math.min(...rows.map((r) => Number(r.created_ms)));
  const last = Math.max(...rows.map((r) => Number(r.issued_ms)));

  console.log(`\nBilling: burst of ${n} bookings (16 concurrent clients), each billed by the local Step Functions endpoint`);
  console.log("| measure | value |\n|---|---:|");
  console.log(`| invoices issued | ${rows.length} / ${n} |`);
  console.log(`| booking → issued p50 | ${q(0.5).toFixed(0)} ms |`);
  console.log(`| booking → issued p95 | ${q(0.95).toFixed(0)} ms |`);
  console.log(`| booking → issued p99 | ${q(0.99).toFixed(0)} ms |`);
  console.log(`| invoices issued per second (first booking → last issue) | ${((rows.length / (last - first)) * 1000).toFixed(1)} |`);
  console.log(`| wall time of the burst incl. waiting | ${burstMs.toFixed(0)} ms |`);
  console.log(`| CPU of this process over the burst (all threads), per booking | ${((cpu.user + cpu.system) / 1000 / n).toFixed(2)} ms |`);

  // 2. Time per state, from the execution histories the API reads.
  const perState = new Map<string, number[]>();
  for (const id of ids.slice(0, Math.min(ids.length, 100))) {
    const wf = await Billing.workflow(id, 1);
    for (const s of wf.steps) if (s.exitedAt) perState.set(s.name, [...(perState.get(s.name) ?? []), Date.parse(s.exitedAt) - Date.parse(s.enteredAt)]);
  }
  const queueing = t.stack.postgres.kind === "pglite" ? "; includes queueing for the one embedded-database connection" : "";
  console.log(`\nTime per state (${Math.min(ids.length, 100)} executions of the burst, 16 running at once${queueing})`);
  console.log("| state | mean ms | p95 ms |\n|---|---:|---:|");
  for (const [name, ms] of perState) {
    ms.sort((a, b) => a - b);
    console.log(`| ${name} | ${(ms.reduce((s, x) => s + x, 0) / ms.length).toFixed(1)} | ${ms[Math.floor(0.95 * (ms.length - 1))]!.toFixed(1)} |`);
  }

  // 3. PDF throughput: the RenderPdf path (assemble from PostgreSQL + DynamoDB, pdfkit, S3 put)
  // against a bare pdfkit loop rendering the very same document.
  const [sample] = (await useDb().execute(sql`select id from invoices where status = 'issued' and appointment_id in ${list} limit 1`)) as unknown as { id: string }[];
  const prepared = (await invoiceDocument(sample!.id, { onlyPending: false }))!;
  const renders = Math.max(50, Math.floor(n / 2));
  const bare = await measure("bare pdfkit: renderInvoicePdf(same document)", renders, () => renderInvoicePdf(prepared.doc));
  // The task path renders where RenderPdf does: on the runtime's render pool when it has one.
  const where = pdfRenderer.render === renderInvoicePdf ? "main thread" : "render pool";
  const task = await measure(`render task path: assemble + pdfkit (${where}) + S3 put`, renders, async () => {
    const p = (await invoiceDocument(sample!.id, { onlyPending: false }))!;
    await putPdf(p.key, await pdfRenderer.render(p.doc));
  });
  // Concurrent, as the endpoint runs executions (16 at a time): I/O waits overlap with rendering.
  const bare8 = await measure("bare pdfkit, 8 concurrent", renders, () => renderInvoicePdf(prepared.doc), 8);
  const profiler8 = process.env.BENCH_CPU_PROF ? await startProfile() : undefined;
  const task8 = await measure(
    "render task path, 8 concurrent",
    renders,
    async () => {
      const p = (await invoiceDocument(sample!.id, { onlyPending: false }))!;
      await putPdf(p.key, await pdfRenderer.render(p.doc));
    },
    8,
  );
  if (profiler8) await profiler8.stop(path.join(process.env.BENCH_CPU_PROF!, "task8", `render-task-${Date.now()}.cpuprofile`));
  const rows2: Result[] = [bare, task, bare8, task8];
  console.log("\nPDF renders per second (same run; bare pdfkit on this process's main thread)");
  console.log("| path | n | renders/s | p50 ms | p99 ms | vs bare pdfkit | vs bare pdfkit at the same concurrency |\n|---|---:|---:|---:|---:|---:|---:|");
  for (const r of rows2)
    console.log(
      `| ${r.name} | ${r.n} | ${r.opsPerSec.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${((r.opsPerSec / bare.opsPerSec) * 100).toFixed(0)} % | ${((r.opsPerSec / (r === task8 || r === bare8 ? bare8 : bare).opsPerSec) * 100).toFixed(0)} % |`,
    );
  console.log("Offline, PGlite, dynalite and s3rver run on this process's one thread, so the task path's I/O costs CPU that pdfkit needs;");
  console.log("in AWS each RenderPdf Lambda has its own CPU and S3/RDS are remote, so render throughput scales with executions.");
}
