import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import type { LocalStack } from "@carebeat/local/stack";
import type { AppointmentEvent } from "../appointment/event";

/**
 * `Analytics.apply` as one set-based statement, against the real database of this home (PGlite,
 * or the server in DATABASE_URL): exactly once inside a batch, across batches and between
 * concurrent overlapping batches; nothing left by a batch whose transaction rolls back; the
 * event-time hour in UTC whatever the session's time zone; any text in the array parameters.
 */
let stack: LocalStack;
let m: {
  Analytics: typeof import("./index").Analytics;
  fold: typeof import("./fold").fold;
  drizzle: typeof import("../drizzle");
  statement: typeof import("../drizzle/statement");
  generateEvents: typeof import("@carebeat/local/events/testing").generateEvents;
};

before(async () => {
  const { startLocalStack } = await import("@carebeat/local/stack");
  const { quietTestLogs } = await import("@carebeat/local/testing");
  await quietTestLogs();
  stack = await startLocalStack({ databaseUrl: process.env.DATABASE_URL, stage: "test" });
  m = {
    Analytics: (await import("./index")).Analytics,
    fold: (await import("./fold")).fold,
    drizzle: await import("../drizzle"),
    statement: await import("../drizzle/statement"),
    generateEvents: (await import("@carebeat/local/events/testing")).generateEvents,
  };
});
after(async () => {
  await stack?.stop();
});

const sorted = (x: Map<string, unknown>) => [...x].sort(([a], [b]) => (a < b ? -1 : 1));

/** Every counter equals a recount of `counted` (the events of this test, in their own hours). */
async function assertCounted(counted: AppointmentEvent[], hours: (k: string) => boolean) {
  const dump = new Map([...(await m.Analytics.dump())].filter(([k]) => hours(k)));
  assert.deepEqual(sorted(dump), sorted(m.fold(counted)));
}

test("a duplicate inside one batch and across batches is counted once; a rolled-back batch leaves nothing", async () => {
  const base = Date.UTC(2031, 0, 1);
  const inRange = (k: string) => Number(k.split("|")[0]) >= base && Number(k.split("|")[0]) < base + 100 * 3_600_000;
  const [a, b, c, d, e, f] = m.generateEvents(6, { seed: 31, base, hours: 6, doctors: 2 }) as [AppointmentEvent, ...AppointmentEvent[]];

  assert.deepEqual(await m.Analytics.apply([a, b!, a, c!, b!]), { applied: 3, duplicates: 2 });
  await assertCounted([a, b!, c!], inRange);

  assert.deepEqual(await m.Analytics.apply([c!, d!]), { applied: 1, duplicates: 1 });
  assert.deepEqual(await m.Analytics.apply([a, b, c, d] as AppointmentEvent[]), { applied: 0, duplicates: 4 });
  await assertCounted([a, b!, c!, d!], inRange);

  // The caller's transaction fails after the batch: neither the ids nor the counts stay.
  await assert.rejects(
    m.drizzle.createTransaction(async () => {
      assert.deepEqual(await m.Analytics.apply([e!, f!]), { applied: 2, duplicates: 0 });
      throw new Error("crash before commit");
    }),
    /crash before commit/,
  );
  await assertCounted([a, b!, c!, d!], inRange);
  assert.deepEqual(await m.Analytics.apply([e!, f!, a]), { applied: 2, duplicates: 1 });
  await assertCounted([a, b!, c!, d!, e!, f!], inRange);
  assert.deepEqual(await m.Analytics.apply([]), { applied: 0, duplicates: 0 });
});

test("concurrent overlapping batches count every event exactly once (and do not deadlock)", async () => {
  const base = Date.UTC(2032, 0, 1);
  const inRange = (k: string) => Number(k.split("|")[0]) >= base && Number(k.split("|")[0]) < base + 100 * 3_600_000;
  const events = m.generateEvents(3000, { seed: 32, base, hours: 24, doctors: 6 });
  // Eight batches of 600 over a sliding window (each overlaps its neighbours by 200), every one
  // in a different order, all at once; on a server they run on separate connections.
  const batches = Array.from({ length: 8 }, (_, i) => {
    const slice = events.slice(i * 300, i * 300 + 600);
    return i % 2 ? slice.reverse() : [...slice.slice(300), ...slice.slice(0, 300)];
  });
  const results = await Promise.all([...batches, ...batches.slice(0, 3)].map((b) => m.Analytics.apply(b)));
  const covered = events.slice(0, 7 * 300 + 600);
  assert.equal(
    results.reduce((n, r) => n + r.applied, 0),
    covered.length,
  );
  await assertCounted(covered, inRange);
});

test("the window is the event's UTC hour whatever its offset and the session's time zone", async () => {
  const [template] = m.generateEvents(1, { seed: 33, base: Date.UTC(2033, 0, 1) }) as [AppointmentEvent];
  const at = (id: string, occurredAt: string): AppointmentEvent => ({ ...template, id, occurredAt });
  const events = [
    at("evt_tz_1", "2033-03-01T12:59:59.999+02:00"), // 10:59:59.999Z → 10:00Z
    at("evt_tz_2", "2033-03-01T11:00:00.000Z"),
    at("evt_tz_3", "2033-03-01T16:29:59.999+05:30"), // 10:59:59.999Z
    at("evt_tz_4", "2033-03-01T10:00:00Z"),
  ];
  await m.drizzle.createTransaction(async (tx) => {
    await tx.execute(sql.raw("set local time zone 'Asia/Kolkata'"));
    assert.deepEqual(await m.Analytics.apply(events), { applied: 4, duplicates: 0 });
  });
  const dump = await m.Analytics.dump();
  const ten = Date.UTC(2033, 2, 1, 10);
  const key = (h: number) => `${h}|${template.data.doctorId}`;
  assert.equal(m.fold(events).size, 2);
  assert.deepEqual(sorted(new Map([...dump].filter(([k]) => k === key(ten) || k === key(ten + 3_600_000)))), sorted(m.fold(events)));
});

test("array parameters carry any text: quotes, backslashes, commas, braces, NULL", async () => {
  const values = ['doc "quoted"', "back\\slash", "a,b", "{braces}", "NULL", "", " spaced ", "ünï©ødé"];
  const [row] = await m.drizzle.useSql().unsafe("select $1::text[] as a, $2::int2[] as k", [m.statement.textArray(values), m.statement.intArray([0, 4, -1])]);
  assert.deepEqual(row?.a, values);
  assert.deepEqual(row?.k, [0, 4, -1]);
  assert.throws(() => m.statement.intArray([1.5]), /not an integer/);

  const [template] = m.generateEvents(1, { seed: 34, base: Date.UTC(2034, 0, 1) }) as [AppointmentEvent];
  const events = values.map((doctorId, i) => ({ ...template, id: `evt_text_${i}`, data: { ...template.data, doctorId } }));
  assert.deepEqual(await m.Analytics.apply(events), { applied: values.length, duplicates: 0 });
  const hour = Date.UTC(2034, 0, 1);
  await assertCounted(events, (k) => Number(k.split("|")[0]) === hour);
});
