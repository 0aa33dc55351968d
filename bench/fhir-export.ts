import { sql } from "drizzle-orm";
import type { TestApp } from "@carebeat/local/testing";

/**
 * FHIR Bulk `$export` (docs/fhir.md, "Bulk export"): a clinic of `patients` DynamoDB records (+ the
 * directory) and `appointments` rows (SQL, 100 doctors), exported through the real route, the
 * local Step Functions endpoint and the local S3. Prints resources/s from kick-off to manifest and
 * this process's peak RSS growth during the export (PGlite and dynalite run on threads of this
 * process, so their memory is in it), beside a same-run baseline: the same pages read through the
 * registry alone (no NDJSON, S3, audit or workflow).
 */
export async function fhirExportBenchmarks(t: TestApp, opts: { patients: number; appointments: number }) {
  process.env.CAREBEAT_EXPORT_POLL_SECONDS ??= "0.2";
  const { useDb } = await import("@carebeat/core/drizzle");
  const { putItem } = await import("@carebeat/core/patient/store");
  const { PatientDirectory } = await import("@carebeat/core/directory");
  const { EXPORT_TYPES } = await import("@carebeat/core/fhir/export/registry");
  const db = useDb();
  const admin = await t.user("admin");
  const now = new Date().toISOString();
  let nextPatient = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let i = nextPatient++; i < opts.patients; i = nextPatient++) {
        const id = `pat_bench${String(i).padStart(8, "0")}`;
        await putItem({
          id,
          version: 1,
          createdAt: now,
          updatedAt: now,
          deletedAt: null,
          name: { given: "Ex", family: `Port${i}` },
          birthDate: "1980-01-01",
          sex: "female",
        } as never);
      }
    }),
  );
  await PatientDirectory.backfill();
  const hours = JSON.stringify([1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: "00:00", end: "24:00" })));
  await db.execute(sql`insert into doctors (id, name, specialty, visit_fee_cents, currency, timezone, working_hours)
    select 'doc_bench' || g::text, 'Dr Bench ' || g::text, 'General practice', 8000, 'EUR', 'UTC', ${hours}::jsonb from generate_series(0, 99) g`);
  const t0 = new Date(Math.ceil((Date.now() + 86_400_000) / 1_800_000) * 1_800_000).toISOString();
  for (let i = 0; i < opts.appointments; i += 5000) {
    const m = Math.min(5000, opts.appointments - i);
    // Doctor g % 100, slot g / 100: no two visits of one doctor overlap.
    await db.execute(sql`insert into appointments (id, doctor_id, patient_id, starts_at, ends_at, fee_cents, currency, created_by)
      select 'apt_bench' || lpad(g::text, 8, '0'), 'doc_bench' || (g % 100)::text, 'pat_bench' || lpad((g % ${opts.patients})::text, 8, '0'),
        ${t0}::timestamptz + (g / 100) * interval '30 minutes', ${t0}::timestamptz + (g / 100) * interval '30 minutes' + interval '30 minutes', 8000, 'EUR', 'bench'
      from generate_series(${i}::int, ${i + m - 1}::int) g`);
  }
  const total = opts.patients + opts.appointments + ((await db.execute(sql`select count(*)::int as n from doctors`)) as unknown as { n: number }[])[0]!.n;

  // Baseline: the registry's pages alone.
  const readStart = performance.now();
  let read = 0;
  for (const type of EXPORT_TYPES) {
    let after: string | undefined;
    do {
      const page = await type.page({ scope: { level: "system" }, after, limit: 500 });
      read += page.resources.length;
      after = page.last;
    } while (after);
  }
  const readSeconds = (performance.now() - readStart) / 1000;

  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const start = performance.now();
  const kick = await t.call("GET", "/fhir/R4/$export", { token: admin.token, headers: { prefer: "respond-async" } });
  if (kick.status !== 202) throw new Error(`kick-off ${kick.status}`);
  const status = new URL(kick.headers.get("content-location")!).pathname;
  let manifest: any;
  for (;;) {
    const res = await t.call("GET", status, { token: admin.token });
    if (res.status === 200) {
      manifest = res.body;
      break;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const seconds = (performance.now() - start) / 1000;
  clearInterval(sampler);
  const exported = manifest.output.reduce((n: number, o: any) => n + o.count, 0);
  console.log(`\nFHIR $export (${t.stack.postgres.kind === "pglite" ? "embedded PGlite" : "PostgreSQL server"}; ${opts.patients} patients, ${opts.appointments} appointments)`);
  console.log("| what | resources | seconds | resources/s | peak RSS growth MiB |\n|---|---:|---:|---:|---:|");
  console.log(`| baseline: registry pages only, 500/page | ${read} | ${readSeconds.toFixed(1)} | ${Math.round(read / readSeconds)} | — |`);
  console.log(
    `| $export kick-off → manifest (${manifest.output.length} files) | ${exported} of ${total} | ${seconds.toFixed(1)} | ${Math.round(exported / seconds)} | ${((peak - rssBefore) / 2 ** 20).toFixed(0)} |`,
  );
}
