import { sql } from "drizzle-orm";
import type { TestApp } from "@carebeat/local/testing";
import { quantile } from "./harness";

/**
 * Reminders (docs/notifications.md): `n` appointments whose reminders fall due at the same
 * instant, each with its execution of the real reminder definition on the local Step Functions
 * endpoint waiting for it. Prints checks and sends per second and the delay from the due time to
 * the last reminder enqueued and the last one sent, beside `n` bare SendEmail calls against the
 * local SES in the same run (the sender's floor). The visits and doctors are inserted with SQL
 * (one doctor per visit: the same start for all; the booking path is benched elsewhere); the
 * patients are real DynamoDB records with addresses, 100 of them.
 */
export async function reminderBenchmarks(t: TestApp, n: number) {
  const { useDb } = await import("@carebeat/core/drizzle");
  const { useSfn } = await import("@carebeat/core/billing/sfn");
  const { sendEmail } = await import("@carebeat/core/mail/ses");
  const { fromAddress } = await import("@carebeat/core/mail/from");
  const { reminderExecutionName } = await import("@carebeat/core/notification/reminder-workflow");
  const { Resource } = await import("sst");
  const db = useDb();
  const staff = await t.user("staff");
  const patients: string[] = [];
  for (let i = 0; i < 100; i++)
    patients.push(
      (await t.call("POST", "/api/patients", { token: staff.token, body: { name: { given: "Rem", family: `Inder${i}` }, contact: { email: `rem${i}@bench.example` } } })).body.id,
    );

  const run = `r${Date.now().toString(36)}`;
  const startsAt = new Date(Math.ceil((Date.now() + 40 * 86_400_000) / 1_800_000) * 1_800_000);
  const hours = JSON.stringify([1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: "00:00", end: "24:00" })));
  for (let i = 0; i < n; i += 1000) {
    const m = Math.min(1000, n - i);
    await db.execute(sql`insert into doctors (id, name, specialty, visit_fee_cents, currency, timezone, working_hours)
      select ${run}::text || '_d' || g::text, 'Dr Bench ' || g::text, 'General practice', 8000, 'EUR', 'Europe/Berlin', ${hours}::jsonb from generate_series(${i}::int, ${i + m - 1}::int) g`);
    await db.execute(sql`insert into appointments (id, doctor_id, patient_id, starts_at, ends_at, fee_cents, currency, created_by)
      select ${run}::text || '_a' || g::text, ${run}::text || '_d' || g::text, (${`{${patients.join(",")}}`}::text[])[1 + g % 100], ${startsAt.toISOString()}::timestamptz, ${startsAt.toISOString()}::timestamptz + interval '30 minutes', 8000, 'EUR', 'bench'
      from generate_series(${i}::int, ${i + m - 1}::int) g`);
  }

  // Due `margin` seconds from now: long enough to start every execution first.
  const margin = Math.max(20, Math.ceil(n / 80));
  const lead = Math.floor((startsAt.getTime() - Date.now()) / 1000) - margin;
  const previousLead = process.env.CAREBEAT_REMINDER_LEAD_SECONDS;
  process.env.CAREBEAT_REMINDER_LEAD_SECONDS = String(lead);
  const dueAt = startsAt.getTime() - lead * 1000;
  const since = new Date().toISOString();
  const { sdk, client } = await useSfn();
  const arn = (Resource as unknown as { ReminderWorkflow: { arn: string } }).ReminderWorkflow.arn;
  let next = 0;
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < n) {
        const id = `${run}_a${next++}`;
        await client.send(
          new sdk.StartExecutionCommand({
            stateMachineArn: arn,
            name: reminderExecutionName(id, startsAt),
            input: JSON.stringify({ appointmentId: id, startsAt: startsAt.toISOString(), since }),
          }),
        );
      }
    }),
  );
  const startMs = performance.now() - startedAt;
  if (Date.now() > dueAt) console.log(`(starting ${n} executions took ${(startMs / 1000).toFixed(1)} s, past the due time: the delays below include it)`);

  type Row = { enqueued: number; sent: number; first_sent: number | null; last_sent: number | null; last_enqueued: number | null };
  let row: Row = { enqueued: 0, sent: 0, first_sent: null, last_sent: null, last_enqueued: null };
  const deadline = Date.now() + Math.max(300_000, n * 100);
  while (Date.now() < deadline) {
    await t.stack.mail.drain();
    [row] = (await db.execute(sql`select count(*)::int as enqueued, count(*) filter (where status = 'sent')::int as sent,
        extract(epoch from min(sent_at)) * 1000 as first_sent, extract(epoch from max(sent_at)) * 1000 as last_sent, extract(epoch from max(created_at)) * 1000 as last_enqueued
      from mail_outbox where kind = 'notification.reminder' and dedupe_key like ${`reminder:${run}_%`}`)) as unknown as Row[];
    if (row.sent >= n) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  if (previousLead === undefined) delete process.env.CAREBEAT_REMINDER_LEAD_SECONDS;
  else process.env.CAREBEAT_REMINDER_LEAD_SECONDS = previousLead;

  // Baseline, same run: n SendEmail calls one after another against the local SES (the sender sends one at a time too).
  const latencies: number[] = [];
  const baseStart = performance.now();
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    await sendEmail({
      from: fromAddress(),
      to: `base${i % 100}@bench.example`,
      subject: "Baseline",
      text: "A reminder-sized body ".repeat(20),
      html: `<p>${"A reminder-sized body ".repeat(20)}</p>`,
    });
    latencies.push(performance.now() - s);
  }
  const baseSeconds = (performance.now() - baseStart) / 1000;
  latencies.sort((a, b) => a - b);

  const sentSpan = row.first_sent && row.last_sent ? (Number(row.last_sent) - Math.max(dueAt, Number(row.first_sent) - 1)) / 1000 : NaN;
  console.log(
    `\nReminders due at the same instant: ${n} appointments, the reminder workflow on the local Step Functions endpoint (${t.stack.postgres.kind === "pglite" ? "embedded PGlite" : "PostgreSQL server"})`,
  );
  console.log("| figure | value | baseline in the same run |\n|---|---:|---:|");
  console.log(`| StartExecution, 32 at a time | ${(n / (startMs / 1000)).toFixed(0)}/s | — |`);
  console.log(`| reminders enqueued (Check) | ${row.enqueued} of ${n} | — |`);
  console.log(`| due → last enqueued | ${row.last_enqueued ? ((Number(row.last_enqueued) - dueAt) / 1000).toFixed(1) : "—"} s | — |`);
  console.log(
    `| due → last sent | ${row.last_sent ? ((Number(row.last_sent) - dueAt) / 1000).toFixed(1) : "—"} s (${row.sent} sent) | ${baseSeconds.toFixed(1)} s for ${n} bare SendEmail |`,
  );
  console.log(
    `| sends/s after due | ${(row.sent / sentSpan).toFixed(0)}/s | ${(n / baseSeconds).toFixed(0)}/s bare SendEmail (p50 ${quantile(latencies, 0.5).toFixed(1)} ms, p95 ${quantile(latencies, 0.95).toFixed(1)} ms) |`,
  );
}
