/**
 * Backups at a clinic's size (issue 22, docs/self-hosting.md): 10,000 patients in DynamoDB,
 * 50,000 appointments (and 500 doctors) in PGlite, 1,000 invoice-sized PDFs in S3, in a data dir of
 * its own. Measured in one run: a plain `cp -r` of the stopped data dir (the baseline: what any
 * backup at least costs in I/O), `npm run backup`'s archive taken from the running stores
 * (consistent, compressed, encrypted), and a restore into an empty data dir. Prints, never asserts.
 * `BENCH_ONLY=backup npm run bench` for just this section.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { DynamoDBClient, BatchWriteItemCommand } from "@aws-sdk/client-dynamodb";
import { S3Client, PutObjectCommand } from "@aws-sdk/client-s3";
import { startLocalStack } from "@carebeat/local/stack";
import { writeArchive } from "@carebeat/local/backup/archive";
import { restoreArchive } from "@carebeat/local/backup/restore";

const du = (dir: string) => Number(execFileSync("du", ["-sb", dir]).toString().split("\t")[0]);
const mb = (b: number) => (b / 1e6).toFixed(1);

export async function backupBenchmarks(opts: { patients?: number; appointments?: number; pdfs?: number } = {}) {
  const nPatients = opts.patients ?? 10_000,
    nAppointments = opts.appointments ?? 50_000,
    nPdfs = opts.pdfs ?? 1_000;
  const root = mkdtempSync(path.join(os.tmpdir(), "carebeat-bench-backup-"));
  const dataDir = path.join(root, "data");
  const passphrase = "bench passphrase, not a secret";
  try {
    // storesOnly: migrated stores, no sweeper billing the inserted visits while we measure.
    const stack = await startLocalStack({ dataDir, stage: "bench", storesOnly: true });
    const src = stack.backup.sources;
    const seedStart = performance.now();
    const dynamo = new DynamoDBClient({ endpoint: src.dynamo.endpoint, region: "us-east-1", credentials: src.credentials });
    const patientIds: string[] = [];
    for (let i = 0; i < nPatients; i += 25) {
      const items = [];
      for (let j = i; j < Math.min(nPatients, i + 25); j++) {
        const id = `pat_bench${j.toString(36).padStart(6, "0")}`;
        patientIds.push(id);
        items.push({
          PutRequest: {
            Item: {
              id: { S: id },
              version: { N: "1" },
              email: { S: `p${j}@bench.example` },
              name: { M: { given: { S: `Given${j}` }, family: { S: `Family${j % 997}` } } },
              birthDate: { S: `19${50 + (j % 50)}-0${1 + (j % 9)}-1${j % 10}` },
              contact: { M: { email: { S: `p${j}@bench.example` }, phone: { S: `+49 30 ${1000000 + j}` } } },
              address: { M: { line: { S: `${j} Bench Street` }, city: { S: "Berlin" }, postalCode: { S: `${10000 + (j % 9000)}` } } },
              createdAt: { S: new Date(1.7e12 + j * 60_000).toISOString() },
            },
          },
        });
      }
      await dynamo.send(new BatchWriteItemCommand({ RequestItems: { [src.dynamo.tableNames.Patients!]: items } }));
    }
    const link = src.postgres.link;
    const sql = postgres({ host: link.host, port: link.port, user: link.username, password: link.password, database: link.database, max: 1, onnotice: () => {} });
    const hours = JSON.stringify([1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: "00:00", end: "24:00" })));
    await sql`insert into doctors (id, name, specialty, visit_fee_cents, currency, timezone, working_hours)
      select 'bench_d' || g::text, 'Dr Bench ' || g::text, 'General practice', 8000, 'EUR', 'Europe/Berlin', ${hours}::jsonb from generate_series(0, 499) g`;
    const base = new Date(Math.ceil((Date.now() + 86_400_000) / 1_800_000) * 1_800_000).toISOString();
    for (let i = 0; i < nAppointments; i += 5000) {
      // 500 doctors, each a run of 30-minute visits: no two overlap (the EXCLUDE constraint).
      await sql`insert into appointments (id, doctor_id, patient_id, starts_at, ends_at, fee_cents, currency, created_by)
        select 'bench_a' || g::text, 'bench_d' || (g % 500)::text, (${`{${patientIds.join(",")}}`}::text[])[1 + g % ${nPatients}],
          ${base}::timestamptz + (g / 500) * interval '30 minutes', ${base}::timestamptz + (g / 500) * interval '30 minutes' + interval '30 minutes', 8000, 'EUR', 'bench'
        from generate_series(${i}::int, ${Math.min(nAppointments, i + 5000) - 1}::int) g`;
    }
    await sql.end();
    const s3 = new S3Client({ endpoint: src.s3.endpoint, forcePathStyle: true, region: "us-east-1", credentials: src.credentials });
    const pdf = Buffer.alloc(24_000);
    for (let i = 0; i < pdf.length; i++) pdf[i] = (i * 31 + (i >> 7)) & 0x7f; // text-like, as a PDF's streams compress
    for (let i = 0; i < nPdfs; i++)
      await s3.send(new PutObjectCommand({ Bucket: src.s3.buckets.Invoices!, Key: `invoices/bench_${i}.pdf`, Body: pdf, ContentType: "application/pdf" }));
    const seedMs = performance.now() - seedStart;

    const archive = path.join(root, "bench.carebeat-backup");
    let t = performance.now();
    const { bytes } = await writeArchive(stack.backup.records(), archive, passphrase);
    const backupMs = performance.now() - t;
    await stack.stop();

    const copy = path.join(root, "copy");
    t = performance.now();
    execFileSync("cp", ["-r", dataDir, copy]);
    const copyMs = performance.now() - t;
    const dataBytes = du(dataDir);

    const restored = path.join(root, "restored");
    t = performance.now();
    const { summary } = await restoreArchive({ file: archive, dataDir: restored, passphrase });
    const restoreMs = performance.now() - t;

    console.log(
      `\nBackups (${nPatients.toLocaleString("en")} patients, ${nAppointments.toLocaleString("en")} appointments, ${nPdfs.toLocaleString("en")} PDFs; seeded in ${(seedMs / 1000).toFixed(0)} s)`,
    );
    console.log("| operation | time s | × cp -r | size MB | × data dir |\n|---|---:|---:|---:|---:|");
    console.log(`| baseline: cp -r of the stopped data dir | ${(copyMs / 1000).toFixed(2)} | 1.0 | ${mb(du(copy))} | ${(du(copy) / dataBytes).toFixed(2)} |`);
    console.log(
      `| npm run backup (running stores → encrypted archive) | ${(backupMs / 1000).toFixed(2)} | ${(backupMs / copyMs).toFixed(1)} | ${mb(bytes)} | ${(bytes / dataBytes).toFixed(2)} |`,
    );
    console.log(
      `| npm run restore (into an empty data dir) | ${(restoreMs / 1000).toFixed(2)} | ${(restoreMs / copyMs).toFixed(1)} | ${mb(du(restored))} | ${(du(restored) / dataBytes).toFixed(2)} |`,
    );
    console.log(`restored counts: ${JSON.stringify(summary.counts)}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
