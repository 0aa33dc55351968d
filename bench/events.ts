import { execFileSync } from "node:child_process";
import path from "node:path";
import WebSocket from "ws";
import type { TestApp } from "@carebeat/local/testing";
import { toMskEvent } from "@carebeat/core/events/msk";
import { fold } from "@carebeat/core/analytics";
import { startProfile, table, type Result } from "./harness";
import { generateEvents, writeOutbox, startMockBroker } from "@carebeat/local/events/testing";

/** `events` as the MSK mapping would deliver them, `size` records per invocation, one partition. */
function mskBatches(events: ReturnType<typeof generateEvents>, size: number) {
  const out = [];
  for (let i = 0; i < events.length; i += size) {
    const records = events.slice(i, i + size).map((e, j) => ({
      topic: "appointment-events",
      partition: 0,
      offset: i + j,
      timestamp: Date.parse(e.occurredAt),
      key: e.key,
      value: JSON.stringify(e),
      headers: { "event-id": e.id, "event-type": e.type, "event-version": "1" },
    }));
    out.push(toMskEvent(records, { eventSourceArn: "arn:aws:kafka:us-east-1:000000000000:cluster/bench/x", bootstrapServers: "bench" }));
  }
  return out;
}

/**
 * Events: the analytics handler with its database writes (batches of 100 and 1,000) beside an
 * in-memory fold of the same events, relay throughput (outbox-as-log and, with kcat, Kafka),
 * and booking → WebSocket push latency through the whole offline path.
 */
export async function eventBenchmarks(t: TestApp, opts: { events?: number; pushes?: number } = {}) {
  const E = opts.events ?? 5000;
  const { handler } = await import("@carebeat/functions/analytics/handler");
  const rows: Result[] = [];

  const events = generateEvents(E, { seed: 99, base: Date.UTC(2026, 2, 1) });
  const t0 = performance.now();
  const folded = fold(events);
  const foldMs = performance.now() - t0;
  const baseline: Result = { name: `in-memory fold (${folded.size} windows)`, n: E, opsPerSec: (E / foldMs) * 1000, p50: foldMs, p99: foldMs };
  rows.push(baseline);

  for (const size of [100, 1000]) {
    const batchEvents = generateEvents(E, { seed: size, base: Date.UTC(2026, 2, 1) });
    const times: number[] = [];
    // BENCH_CPU_PROF=<dir>: V8's profile of this loop alone (the handler runs in this process), one file per batch size.
    // The MSK events are built before the clock starts: in AWS the mapping hands them over already
    // encoded, so encoding them (JSON.stringify, base64, header bytes) is the load generator's
    // work, not the handler's. It used to be inside the timed loop — about a third of the time at
    // batch 1,000 (issue 19.3 profile, docs/capacity.md).
    const batches = mskBatches(batchEvents, size);
    const profileDir = process.env.BENCH_CPU_PROF;
    const profiling = profileDir ? await startProfile() : undefined;
    const start = performance.now();
    for (const event of batches) {
      const b0 = performance.now();
      await handler(event);
      times.push(performance.now() - b0);
    }
    const total = performance.now() - start;
    await profiling?.stop(path.join(profileDir!, `analytics-handler-${size}.cpuprofile`));
    times.sort((a, b) => a - b);
    rows.push({
      name: `analytics handler, batch ${size} (dedupe + windows, 1 tx)`,
      n: E,
      opsPerSec: (E / total) * 1000,
      p50: times[Math.floor(times.length / 2)]!,
      p99: times[Math.min(times.length - 1, Math.floor(times.length * 0.99))]!,
    });
    // The same batches again (a redelivery: the same records, offsets and headers): every id is known, nothing changes.
    const again0 = mskBatches(batchEvents, size);
    const r0 = performance.now();
    for (const event of again0) await handler(event);
    const again = performance.now() - r0;
    rows.push({ name: `  redelivered, batch ${size} (all duplicates)`, n: E, opsPerSec: (E / again) * 1000, p50: NaN, p99: NaN });
  }
  // The database part alone (no decoding, no parsing, no push): Analytics.apply on parsed events.
  {
    const { Analytics } = await import("@carebeat/core/analytics");
    const { withActor } = await import("@carebeat/core/actor");
    const applyEvents = generateEvents(E, { seed: 1001, base: Date.UTC(2026, 2, 1) });
    const times: number[] = [];
    const start = performance.now();
    await withActor({ type: "system", name: "bench" }, async () => {
      for (let i = 0; i < E; i += 1000) {
        const b0 = performance.now();
        await Analytics.apply(applyEvents.slice(i, i + 1000));
        times.push(performance.now() - b0);
      }
    });
    const total = performance.now() - start;
    times.sort((a, b) => a - b);
    rows.push({
      name: "  Analytics.apply alone, batch 1000 (dedupe + windows)",
      n: E,
      opsPerSec: (E / total) * 1000,
      p50: times[Math.floor(times.length / 2)]!,
      p99: times[Math.min(times.length - 1, Math.floor(times.length * 0.99))]!,
    });
  }
  table("Analytics handler: events/s (p50/p99 = per batch; in-memory fold: whole run)", rows, baseline);

  // Relay throughput.
  const { Relay } = await import("@carebeat/core/events/relay");
  const { localPublisher, ensureLogTables } = await import("@carebeat/local/events/local-log");
  await ensureLogTables();
  await Relay.drain(localPublisher); // whatever the earlier benchmarks' bookings left
  const relayRows: Result[] = [];
  await writeOutbox(generateEvents(E, { seed: 5 }), 500);
  let r0 = performance.now();
  let published = await Relay.drain(localPublisher);
  relayRows.push({ name: "relay → outbox-as-log (assign partition/offset, mark)", n: published, opsPerSec: (published / (performance.now() - r0)) * 1000, p50: NaN, p99: NaN });
  let hasKcat = true;
  try {
    execFileSync("sh", ["-c", "command -v kcat"], { stdio: "ignore" });
  } catch {
    hasKcat = false;
  }
  if (hasKcat) {
    const broker = await startMockBroker();
    const { kafkaPublisher } = await import("@carebeat/core/events/relay");
    const pub = kafkaPublisher({ brokers: broker.brokers });
    await writeOutbox(generateEvents(E, { seed: 6 }), 500);
    r0 = performance.now();
    published = await Relay.drain(pub);
    relayRows.push({ name: "relay → Kafka (librdkafka mock, acks=all)", n: published, opsPerSec: (published / (performance.now() - r0)) * 1000, p50: NaN, p99: NaN });
    await pub.close();
    broker.kill();
  }
  table("Relay: outbox rows/s (batches of 500)", relayRows, relayRows[0]!);

  // Booking → WebSocket push.
  const { startEventLog } = await import("@carebeat/local/events/index");
  const log = await startEventLog({});
  await log.drain();
  const admin = await t.user("admin");
  const staff = await t.user("staff");
  const allWeek = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: "00:00", end: "24:00" }));
  const doctor = (
    await t.call("POST", "/api/doctors", { token: admin.token, body: { name: "Dr Push", specialty: "General", visitFeeCents: 5000, timezone: "UTC", workingHours: allWeek } })
  ).body;
  const patient = (await t.call("POST", "/api/patients", { token: staff.token, body: { name: { given: "Push", family: "Bench" } } })).body;
  const ws = new WebSocket(`${t.stack.realtime.url}?token=${encodeURIComponent(staff.token)}`);
  let latest = -1;
  let waiter: ((total: number) => void) | undefined;
  ws.on("message", (d) => {
    const m = JSON.parse(String(d));
    if (m.metricType !== "AppointmentAnalytics") return;
    latest = Math.max(latest, m.totalEventsCreated);
    waiter?.(latest);
  });
  await new Promise<void>((resolve, reject) => ws.once("open", () => resolve()).once("error", reject));
  ws.send(JSON.stringify({ action: "subscribe", channel: "analytics" }));
  while (latest < 0) await new Promise((r) => setTimeout(r, 10));
  const N = opts.pushes ?? 50;
  const lat: number[] = [];
  // Aligned to midnight UTC so no 30-minute slot crosses the working day's end.
  const base = Math.floor(Date.now() / 86_400_000) * 86_400_000 + 3 * 86_400_000;
  for (let i = 0; i < N; i++) {
    const target = latest + 1;
    const got = new Promise<void>((resolve) => {
      waiter = (total) => total >= target && resolve();
    });
    const start = performance.now();
    const s = new Date(base + i * 30 * 60_000);
    const res = await t.call("POST", "/api/appointments", {
      token: staff.token,
      body: { doctorId: doctor.id, patientId: patient.id, startsAt: s.toISOString(), endsAt: new Date(s.getTime() + 30 * 60_000).toISOString() },
    });
    if (res.status !== 201) throw new Error(`booking failed: ${res.status} ${JSON.stringify(res.body)}`);
    await Promise.race([got, new Promise((_, rej) => setTimeout(() => rej(new Error("no push within 5 s")), 5000))]);
    lat.push(performance.now() - start);
  }
  ws.terminate();
  await log.stop();
  lat.sort((a, b) => a - b);
  const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))]!.toFixed(1);
  console.log(`\nBooking → WebSocket push (POST /api/appointments until the snapshot arrives, outbox-as-log, n=${N})`);
  console.log(`| p50 ms | p95 ms | p99 ms | max ms |\n|---:|---:|---:|---:|\n| ${q(0.5)} | ${q(0.95)} | ${q(0.99)} | ${lat.at(-1)!.toFixed(1)} |`);
}
