import { sql } from "drizzle-orm";
import { countAwsRequests } from "./aws-requests";
import { PRICE, PRICES_READ_ON, type PriceName } from "./aws-prices";

/**
 * Issue 19.6: what 1,000 bookings cost in AWS, from counts measured offline. A burst of bookings
 * through the real API, billed by the real state machine on the local Step Functions endpoint,
 * delivered by the outbox log to the same consumer handlers the MSK mappings invoke (batch size
 * 500, as stacks/events.ts), with one live dashboard connected; then:
 * - AWS API requests by service and operation, from the SigV4 credential scope of every request
 *   this process sends (./aws-requests.ts) — DynamoDB, S3, Step Functions, SES, PostToConnection;
 * - Lambda invocations and durations: the API call's time (in process, so it includes the
 *   stand-ins' time, as a Lambda's duration includes its waits on RDS and DynamoDB), each task
 *   state's time from the execution histories, each consumer batch's time around its handler;
 * - state transitions from the histories (every state entered, plus retries);
 * - Kafka bytes: the outbox rows' payloads, once in and once out per consumer group of the topic.
 * Then × the list prices in ./aws-prices.ts. Offline durations stand in for Lambda's: same code,
 * a different CPU, and the stand-ins share this process — read the duration rows as estimates.
 */
const MB = { api: 1024, billingTask: 512, renderPdf: 1024, consumer: 1024, relay: 1024, mailSender: 1024 };
// ↑ stacks/api.ts and stacks/billing.ts set 1024 / 512 / 1024; every other function keeps SST's default (1024 MB).

export async function costBenchmarks(n: number) {
  const requests = countAwsRequests();
  const { startTestApp } = await import("@carebeat/local/testing");
  const { startEventLog } = await import("@carebeat/local/events/index");
  const { consumers } = await import("@carebeat/local/events/consumers");
  const { onOutboxCommit } = await import("@carebeat/core/events");
  const { Billing } = await import("@carebeat/core/billing");
  const { useDb } = await import("@carebeat/core/drizzle");

  const t = await startTestApp();
  // Each consumer's batches: count and handler time (ms), as Lambda bills the mapping's invocations.
  const batches = new Map<string, number[]>();
  const timed = Object.fromEntries(
    Object.entries(consumers).map(([name, spec]) => [
      name,
      {
        ...spec,
        load: async () => {
          const handler = await spec.load();
          return async (event: Parameters<typeof handler>[0]) => {
            const t0 = performance.now();
            try {
              return await handler(event);
            } finally {
              batches.set(name, [...(batches.get(name) ?? []), performance.now() - t0]);
            }
          };
        },
      },
    ]),
  );
  const events = await startEventLog({ consumers: timed, batchSize: 500, log: () => {} });

  const admin = await t.user("admin");
  const allWeek = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: "00:00", end: "24:00" }));
  const doctors: string[] = [];
  for (let i = 0; i < 4; i++) {
    const body = { name: `Dr Cost ${i}`, specialty: "General practice", visitFeeCents: 8000, currency: "EUR", timezone: "Europe/Berlin", workingHours: allWeek };
    doctors.push((await t.call("POST", "/api/doctors", { token: admin.token, body })).body.id);
  }
  const patients: string[] = [];
  for (let i = 0; i < 10; i++)
    patients.push(
      (await t.call("POST", "/api/patients", { token: admin.token, body: { name: { given: "Cost", family: `Patient${i}` }, contact: { email: `cost${i}@example.test` } } })).body
        .id,
    );
  // One dashboard open for the whole run: what the analytics and invoice pushes cost per viewer.
  const dashboard = new WebSocket(`${t.stack.realtime.url}?token=${admin.token}`);
  let received = 0;
  dashboard.addEventListener("message", () => received++);
  await new Promise<void>((resolve, reject) => {
    dashboard.addEventListener("open", () => resolve(), { once: true });
    dashboard.addEventListener("error", () => reject(new Error("dashboard WebSocket refused")), { once: true });
  });
  for (const channel of ["analytics", "invoices"]) dashboard.send(JSON.stringify({ action: "subscribe", channel }));
  await new Promise((r) => setTimeout(r, 300));
  await events.drain();
  await t.stack.mail.drain();

  // Only the bookings and what follows from them count from here.
  requests.reset();
  batches.clear();
  received = 0;
  let commits = 0;
  const stopCounting = onOutboxCommit(() => commits++);
  const [{ seq: seqBefore }] = (await useDb().execute(sql`select coalesce(max(seq), 0)::bigint as seq from outbox`)) as unknown as [{ seq: string }];

  const base = Math.ceil((Date.now() + 40 * 86_400_000) / 1_800_000) * 1_800_000;
  const ids: string[] = [];
  const starts = new Map<string, string>();
  const apiMs: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < n) {
        const i = next++;
        const start = new Date(base + Math.floor(i / doctors.length) * 30 * 60_000);
        const t0 = performance.now();
        const res = await t.call("POST", "/api/appointments", {
          token: admin.token,
          body: {
            doctorId: doctors[i % doctors.length],
            patientId: patients[i % patients.length],
            startsAt: start.toISOString(),
            endsAt: new Date(start.getTime() + 30 * 60_000).toISOString(),
          },
        });
        apiMs.push(performance.now() - t0);
        if (res.status !== 201) throw new Error(`booking failed: ${res.status} ${JSON.stringify(res.body)}`);
        ids.push(res.body.id);
        starts.set(res.body.id, start.toISOString());
      }
    }),
  );
  // Until every invoice is issued, every event consumed and every email handed to SES.
  const list = sql.raw(`(${ids.map((id) => `'${id}'`).join(",")})`);
  const deadline = Date.now() + 180_000;
  for (;;) {
    const [{ issued }] = (await useDb().execute(sql`select count(*)::int as issued from invoices where status = 'issued' and appointment_id in ${list}`)) as unknown as [
      { issued: number },
    ];
    if (issued === n) break;
    if (Date.now() > deadline) throw new Error(`only ${issued} of ${n} invoices issued`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await events.drain();
  await t.stack.mail.drain();
  await events.drain();
  await new Promise((r) => setTimeout(r, 500)); // the last pushes reach the dashboard
  stopCounting();
  // What the run sent; the history reads below are the bench's, not the bookings'.
  const sent = { counts: new Map(requests.counts), bytes: new Map(requests.bytes) };
  requests.stop();

  // State transitions and task time per state, from every execution's history.
  const states = new Map<string, { entered: number; ms: number }>();
  let expressBillableMs = 0;
  for (const id of ids) {
    const wf = await Billing.workflow(id, 1);
    for (const s of wf.steps) {
      const st = states.get(s.name) ?? { entered: 0, ms: 0 };
      st.entered += Math.max(1, s.attempts); // a retry is one more transition
      if (s.exitedAt) st.ms += Date.parse(s.exitedAt) - Date.parse(s.enteredAt);
      states.set(s.name, st);
    }
    if (wf.startedAt && wf.stoppedAt) expressBillableMs += Math.ceil((Date.parse(wf.stoppedAt) - Date.parse(wf.startedAt)) / 100) * 100;
  }
  // Reminders: one execution per booking (notification/reminder-workflow.ts). So far each entered
  // Check → Due → Wait; at the lead time it enters Check → Due → Done (bookings within 7 days: one
  // Wait; each further week of lead adds Check → Due → Wait). Counted from the histories, plus those 3.
  const { useSfn } = await import("@carebeat/core/billing/sfn");
  const { foldHistory } = await import("@carebeat/core/billing/progress");
  const { executionArnOf } = await import("@carebeat/core/billing/workflow");
  const { reminderExecutionName } = await import("@carebeat/core/notification/reminder-workflow");
  const sfn = await useSfn();
  let reminderTransitions = 0;
  let reminderChecks = 0;
  let reminderCheckMs = 0;
  for (const id of ids) {
    const executionArn = executionArnOf(t.stack.resources.stateMachines!.ReminderWorkflow!, reminderExecutionName(id, starts.get(id)!));
    const history = await sfn.client.send(new sfn.sdk.GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
    for (const s of foldHistory(history.events ?? [])) {
      reminderTransitions += Math.max(1, s.attempts);
      if (s.name === "Check") {
        reminderChecks += Math.max(1, s.attempts);
        if (s.exitedAt) reminderCheckMs += Date.parse(s.exitedAt) - Date.parse(s.enteredAt);
      }
    }
  }
  reminderTransitions += 3 * n;
  reminderChecks += n;
  reminderCheckMs *= 2; // the later Check does the same read, plus the enqueue

  const outbox = (await useDb().execute(
    sql`select type, count(*)::int as rows, sum(octet_length(payload::text) + octet_length(id) + octet_length(key) + octet_length(type))::bigint as bytes from outbox where seq > ${seqBefore} group by type order by type`,
  )) as unknown as { type: string; rows: number; bytes: string }[];
  dashboard.close();
  await events.stop();
  await t.stop();

  // ---- the bill --------------------------------------------------------------------------
  const per1000 = 1000 / n;
  const lines: { item: string; count: number; price: PriceName; note?: string }[] = [];
  const gbs = (ms: number, mb: number) => (Math.ceil(ms) / 1000) * (mb / 1024);
  const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
  const requestCount = (prefix: string) => [...sent.counts].filter(([k]) => k.startsWith(prefix)).reduce((s, [, c]) => s + c, 0);

  lines.push({ item: "CloudFront → API: booking requests", count: n, price: "cloudfrontHttpsRequest" });
  lines.push({ item: "API Gateway HTTP API: booking requests", count: n, price: "apiGatewayHttpRequest" });
  const taskStates = [...states].filter(([name]) => !["StillPending", "AlreadySettled", "BillingFailed"].includes(name));
  const consumerBatches = sum([...batches.values()].map((b) => b.length));
  const invocations = n + sum(taskStates.map(([, s]) => s.entered)) + reminderChecks + commits + consumerBatches;
  lines.push({ item: "Lambda invocations (API, billing tasks, reminder checks, relay nudges, consumer batches)", count: invocations, price: "lambdaRequest" });
  lines.push({ item: "Lambda GB-s: API (1024 MB, booking request time)", count: sum(apiMs.map((ms) => gbs(ms, MB.api))), price: "lambdaGbSecond" });
  lines.push({
    item: "Lambda GB-s: billing tasks (512 MB; RenderPdf 1024 MB)",
    count: sum(taskStates.map(([name, s]) => gbs(s.ms, name === "RenderPdf" ? MB.renderPdf : MB.billingTask))),
    price: "lambdaGbSecond",
  });
  lines.push({ item: "Lambda GB-s: reminder checks (1024 MB; the second Check taken as long as the first)", count: gbs(reminderCheckMs, MB.consumer), price: "lambdaGbSecond" });
  lines.push({ item: "Lambda GB-s: consumers (1024 MB, per batch)", count: sum([...batches.values()].flat().map((ms) => gbs(ms, MB.consumer))), price: "lambdaGbSecond" });
  lines.push({
    item: "Lambda GB-s: relay (1024 MB, assumed 20 ms per nudge: offline the log publishes in-process)",
    count: commits * gbs(20, MB.relay),
    price: "lambdaGbSecond",
    note: "assumed",
  });
  const transitions = sum([...states.values()].map((s) => s.entered));
  lines.push({ item: "Step Functions Standard: billing state transitions", count: transitions, price: "sfnStandardTransition" });
  lines.push({ item: "Step Functions Standard: reminder state transitions (incl. the 3 at the lead time)", count: reminderTransitions, price: "sfnStandardTransition" });
  const dynamo = [...sent.counts].filter(([k]) => k.startsWith("dynamodb "));
  const dynamoWrites = dynamo.filter(([k]) => /PutItem|UpdateItem|DeleteItem|BatchWriteItem|TransactWrite/.test(k)).reduce((s, [, c]) => s + c, 0);
  const dynamoReads = sum(dynamo.map(([, c]) => c)) - dynamoWrites;
  lines.push({ item: "DynamoDB writes (1 WRU each: items < 1 KB)", count: dynamoWrites, price: "dynamoWrite" });
  lines.push({ item: "DynamoDB reads (1 RRU each: strongly consistent, < 4 KB)", count: dynamoReads, price: "dynamoRead" });
  lines.push({ item: "S3 PUT (invoice PDFs)", count: requestCount("s3 Put") + requestCount("s3 Upload"), price: "s3Put" });
  lines.push({ item: "S3 GET/HEAD", count: requestCount("s3 Get") + requestCount("s3 Head"), price: "s3Get" });
  const pdfBytes = [...sent.bytes].filter(([k]) => k.startsWith("s3 Put")).reduce((s, [, b]) => s + b, 0);
  lines.push({ item: "S3 storage of the PDFs, first month", count: pdfBytes / 2 ** 30, price: "s3GbMonth" });
  const groups = (type: string) => Object.values(consumers).filter((c) => c.topic === (type.startsWith("invoice.") ? "invoice-events" : "appointment-events")).length;
  const kafkaIn = sum(outbox.map((o) => Number(o.bytes)));
  const kafkaOut = sum(outbox.map((o) => Number(o.bytes) * groups(o.type)));
  lines.push({ item: "MSK Serverless data in (event bytes)", count: kafkaIn / 2 ** 30, price: "mskDataInGb" });
  lines.push({ item: "MSK Serverless data out (× consumer groups per topic)", count: kafkaOut / 2 ** 30, price: "mskDataOutGb" });
  lines.push({ item: "SES emails", count: requestCount("ses SendEmail"), price: "sesEmail" });
  lines.push({ item: "WebSocket messages to the one open dashboard", count: requestCount("execute-api PostToConnection"), price: "websocketMessage" });

  console.log(`\nCost per 1,000 bookings in AWS (us-east-1 list prices read ${PRICES_READ_ON}, bench/aws-prices.ts; counts from ${n} bookings offline, ×${per1000.toFixed(1)})`);
  console.log("| item | count per 1,000 bookings | unit price (USD) | USD per 1,000 bookings |\n|---|---:|---:|---:|");
  let total = 0;
  for (const l of lines) {
    const count = l.count * per1000;
    const usd = count * PRICE[l.price].usd;
    total += usd;
    const shown = count >= 100 ? count.toFixed(0) : count >= 1 ? count.toFixed(1) : count.toPrecision(3);
    console.log(`| ${l.item} | ${shown} | ${PRICE[l.price].usd.toPrecision(3)} / ${PRICE[l.price].unit} | ${usd.toFixed(4)} |`);
  }
  console.log(`| **total, Step Functions Standard** | | | **${total.toFixed(4)}** |`);
  const standard = transitions * per1000 * PRICE.sfnStandardTransition.usd;
  // Express: billed per execution and by its duration (100 ms steps) at 64 MB (a small definition and payloads).
  const express = per1000 * (n * PRICE.sfnExpressRequest.usd + (expressBillableMs / 1000) * (64 / 1024) * PRICE.sfnExpressGbSecond.usd);
  console.log(`| total with billing as an Express workflow (what-if: see below) | | | ${(total - standard + express).toFixed(4)} |`);
  console.log(
    `Step Functions: ${(transitions / n).toFixed(1)} transitions per execution → Standard $${standard.toFixed(4)}, Express $${express.toFixed(4)} per 1,000. Express is not a drop-in:` +
      " it does not deduplicate StartExecution by name (the one-execution-per-appointment guarantee) and keeps no history for GetExecutionHistory (the invoice's workflow view), so it would need both done another way.",
  );
  const eventsPerBooking = sum(outbox.map((o) => o.rows * groups(o.type))) / n;
  console.log(
    `Lambda invocations per booking: API 1, billing tasks ${(sum(taskStates.map(([, s]) => s.entered)) / n).toFixed(1)}, reminder checks ${(reminderChecks / n).toFixed(1)}, relay nudges ${(commits / n).toFixed(1)},` +
      ` consumer batches ${(consumerBatches / n).toFixed(2)} (this burst). A quiet clinic, where each event is a batch of its own, has ${eventsPerBooking.toFixed(0)} consumer invocations per booking:` +
      ` +$${((eventsPerBooking * n - consumerBatches) * per1000 * PRICE.lambdaRequest.usd).toFixed(4)} per 1,000 in requests, durations aside.`,
  );
  console.log("\nAWS API requests counted (per 1,000 bookings)");
  console.log("| service operation | requests |\n|---|---:|");
  for (const [k, c] of [...sent.counts].sort((a, b) => b[1] - a[1])) console.log(`| ${k} | ${(c * per1000).toFixed(0)} |`);
  console.log("\nEvents per booking (outbox → Kafka)");
  console.log("| type | per booking | bytes each |\n|---|---:|---:|");
  for (const o of outbox) console.log(`| ${o.type} | ${(o.rows / n).toFixed(2)} | ${(Number(o.bytes) / o.rows).toFixed(0)} |`);
  console.log("\nConsumer batches (batch size 500; a burst batches, a quiet clinic sends one event per batch)");
  console.log("| consumer | batches | mean ms |\n|---|---:|---:|");
  for (const [name, b] of batches) console.log(`| ${name} | ${b.length} | ${(sum(b) / b.length).toFixed(1)} |`);
  console.log(
    `Dashboard frames received: ${received}. Not included: the stage's hourly floor (stacks/cost.ts), CloudWatch logs and metrics, NAT data processing, RDS I/O (gp3 bills none).`,
  );
}
