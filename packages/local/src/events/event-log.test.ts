import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { startLocalStack, type LocalStack } from "../stack";
import { quietTestLogs } from "../testing";
import type { MskEvent } from "@carebeat/core/events/msk";
import { generateEvents, writeOutbox, recount, sorted } from "./testing";

let stack: LocalStack;
before(async () => {
  await quietTestLogs();
  stack = await startLocalStack({ databaseUrl: process.env.DATABASE_URL, stage: "test" });
});
after(async () => {
  await stack?.stop();
});

test("outbox as the log: redelivered, overlapping and crash-interrupted batches count every event exactly once, across restarts", async () => {
  const { startEventLog } = await import("./index");
  const { handler } = await import("@carebeat/functions/analytics/handler");
  const { Analytics } = await import("@carebeat/core/analytics");
  const events = generateEvents(3000, { doctors: 12, hours: 48 });

  const seen: MskEvent[] = [];
  let previous: MskEvent | undefined;
  let calls = 0;
  // Every batch twice, the previous batch again (overlap), and every 7th call "crashes" after
  // the aggregates committed but before the log could move its position (it redelivers).
  const hostile = async (event: MskEvent) => {
    calls++;
    seen.push(event);
    await handler(event);
    await handler(event);
    if (previous) await handler(previous);
    previous = event;
    if (calls % 7 === 0) throw new Error("killed before the position commit");
  };
  const consumers = { analytics: { topic: "appointment-events", group: "carebeat-analytics", load: async () => hostile } };

  await writeOutbox(events.slice(0, 1800));
  let log = await startEventLog({ consumers, batchSize: 100, pollMs: 50 });
  await log.drain();
  assert.deepEqual(sorted(await Analytics.dump()), sorted(recount(events.slice(0, 1800))));

  // A restart resumes from the durable positions and the assigned offsets.
  await log.stop();
  await writeOutbox(events.slice(1800));
  log = await startEventLog({ consumers, batchSize: 100, pollMs: 50 });
  await log.drain();
  await log.stop();
  assert.deepEqual(sorted(await Analytics.dump()), sorted(recount(events)));

  const snap = await Analytics.snapshot();
  assert.equal(snap.totalEventsCreated, 3000);
  assert.equal(snap.metricType, "AppointmentAnalytics");
  const booked = events.filter((e) => e.type === "appointment.booked").length;
  const hours = (snap.windowEndTime! - snap.windowStartTime!) / 3_600_000;
  assert.equal(snap.avgAppointmentsPerHour, Math.round((booked / hours) * 100) / 100);

  // The event is exactly what an MSK event source mapping sends.
  const e = seen[0]!;
  assert.equal(e.eventSource, "aws:kafka");
  assert.match(e.eventSourceArn, /^arn:aws:kafka:/);
  const [name, records] = Object.entries(e.records)[0]!;
  const r = records[0]!;
  assert.equal(name, `${r.topic}-${r.partition}`);
  assert.equal(r.timestampType, "CREATE_TIME");
  const envelope = JSON.parse(Buffer.from(r.value, "base64").toString());
  assert.equal(Buffer.from(r.key, "base64").toString(), envelope.key);
  const headers = Object.assign({}, ...r.headers.map((h) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k, Buffer.from(v).toString()]))));
  assert.deepEqual(headers, { "event-id": envelope.id, "event-type": envelope.type, "event-version": "1" });
  // Offsets are contiguous per partition and each key stays on one partition.
  const partitions = new Set(
    seen.flatMap((ev) =>
      Object.values(ev.records)
        .flat()
        .map((x) => x.partition),
    ),
  );
  assert.ok(partitions.size > 1, "events spread over partitions");
  const keyPartition = new Map<string, number>();
  for (const x of seen.flatMap((ev) => Object.values(ev.records).flat())) {
    const key = Buffer.from(x.key, "base64").toString();
    assert.equal(keyPartition.get(key) ?? x.partition, x.partition);
    keyPartition.set(key, x.partition);
  }
});

test("a failing handler is retried with backoff and its partition does not advance", async () => {
  const { startEventLog } = await import("./index");
  const { handler } = await import("@carebeat/functions/analytics/handler");
  const { Analytics } = await import("@carebeat/core/analytics");
  const before = (await Analytics.snapshot()).totalEventsCreated;
  let failures = 3;
  const flaky = async (event: MskEvent) => {
    if (failures-- > 0) throw new Error("database unavailable");
    return handler(event);
  };
  const events = generateEvents(50, { seed: 7, base: Date.UTC(2026, 1, 1) });
  await writeOutbox(events);
  const lines: string[] = [];
  const log = await startEventLog({
    consumers: { analytics: { topic: "appointment-events", group: "carebeat-analytics", load: async () => flaky } },
    pollMs: 50,
    log: (l) => lines.push(l),
  });
  await log.drain();
  await log.stop();
  assert.equal((await Analytics.snapshot()).totalEventsCreated, before + 50);
  assert.ok(lines.filter((l) => l.includes("retrying in")).length >= 3, lines.join("\n"));
});

test("the handler skips a record that is not a v1 appointment event instead of blocking its partition", async () => {
  const { handler } = await import("@carebeat/functions/analytics/handler");
  const { toMskEvent } = await import("@carebeat/core/events/msk");
  const [good] = generateEvents(1, { seed: 12, base: Date.UTC(2026, 3, 1) });
  const records = [
    { topic: "appointment-events", partition: 0, offset: 0, timestamp: 0, key: "doc_x", value: "not json", headers: {} },
    { topic: "appointment-events", partition: 0, offset: 1, timestamp: 0, key: "doc_x", value: JSON.stringify({ id: "evt_x", type: "appointment.exploded" }), headers: {} },
    { topic: "appointment-events", partition: 0, offset: 2, timestamp: 0, key: good!.key, value: JSON.stringify(good), headers: {} },
  ];
  const event = toMskEvent(records, { eventSourceArn: "arn:aws:kafka:us-east-1:000000000000:cluster/x/y", bootstrapServers: "b" });
  const result = await handler(event);
  assert.deepEqual(result, { records: 3, applied: 1, duplicates: 0 });
  assert.deepEqual(await handler(event), { records: 3, applied: 0, duplicates: 1 });
});
