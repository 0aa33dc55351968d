import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import type { LocalStack } from "@carebeat/local/stack";
import type { Appointment } from "@carebeat/core/appointment";

/**
 * The handler on a batch mixing valid and invalid records, against this home's database: the
 * invalid ones (broken JSON, a wrong version, a bad time, a missing doctor, a negative fee) are
 * skipped and not counted; the valid ones are counted once, also when the batch is redelivered.
 */
let stack: LocalStack;
before(async () => {
  const { startLocalStack } = await import("@carebeat/local/stack");
  const { quietTestLogs } = await import("@carebeat/local/testing");
  await quietTestLogs();
  stack = await startLocalStack({ databaseUrl: process.env.DATABASE_URL, stage: "test" });
});
after(async () => {
  await stack?.stop();
});

test("invalid records are skipped, not counted; valid ones once, redelivered or not", async () => {
  const { handler } = await import("./handler");
  const { Analytics, fold } = await import("@carebeat/core/analytics");
  const { toMskEvent } = await import("@carebeat/core/events/msk");
  const { generateEvents } = await import("@carebeat/local/events/testing");
  const base = Date.UTC(2032, 4, 1);
  const good = generateEvents(40, { seed: 77, base, hours: 4, doctors: 3 }) as Appointment.Event[];
  const spoilt = (e: Appointment.Event, f: (x: any) => void) => {
    const c = structuredClone(e) as any;
    c.id = `${c.id}_bad`;
    f(c);
    return JSON.stringify(c);
  };
  const template = good[0]!;
  const bad = [
    "{not json",
    spoilt(template, (c) => (c.version = 2)),
    spoilt(template, (c) => (c.occurredAt = "2032-05-01 10:00")),
    spoilt(template, (c) => delete c.data.doctorId),
    spoilt(template, (c) => (c.data.feeCents = -1)),
    spoilt(template, (c) => (c.type = "appointment.moved")),
    spoilt(template, (c) => (c.data.currency = "EURO")),
  ];
  const values = [...good.map((e) => JSON.stringify(e)), ...bad];
  const records = values.map((value, i) => ({ topic: "appointment-events", partition: i % 2, offset: i, timestamp: base, key: "k", value, headers: {} }));
  const event = toMskEvent(records, { eventSourceArn: "arn:aws:kafka:us-east-1:000000000000:cluster/test/x", bootstrapServers: "test" });

  const inRange = (k: string) => Number(k.split("|")[0]) >= base && Number(k.split("|")[0]) < base + 10 * 3_600_000;
  const counted = async () => [...(await Analytics.dump())].filter(([k]) => inRange(k)).sort(([a], [b]) => (a < b ? -1 : 1));
  const expected = [...fold(good)].sort(([a], [b]) => (a < b ? -1 : 1));

  assert.deepEqual(await handler(event), { records: values.length, applied: good.length, duplicates: 0 });
  assert.deepEqual(await counted(), expected);
  assert.deepEqual(await handler(event), { records: values.length, applied: 0, duplicates: good.length });
  assert.deepEqual(await counted(), expected);
});
