import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import { startLocalStack, type LocalStack } from "../stack";
import { generateEvents, writeOutbox } from "./testing";

let stack: LocalStack;
before(async () => {
  stack = await startLocalStack({ databaseUrl: process.env.DATABASE_URL, stage: "test" });
});
after(async () => {
  await stack?.stop();
});

async function unpublished() {
  const { useDb } = await import("@carebeat/core/drizzle");
  const rows = (await useDb().execute(sql`select count(*)::int as n from outbox where published_at is null`)) as unknown as { n: number }[];
  return rows[0]!.n;
}

test("relays running at once publish every row exactly once, in seq order, marked only after the ack", async () => {
  const { Relay } = await import("@carebeat/core/events/relay");
  await writeOutbox(generateEvents(1200, { seed: 3 }), 100);
  const sent: number[] = [];
  let inFlight = 0;
  let failOnce = true;
  const publisher = {
    async publish(rows: { seq: number }[]) {
      inFlight++;
      assert.equal(inFlight, 1, "never two publishers at once");
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      if (failOnce && sent.length >= 400) {
        failOnce = false;
        throw new Error("broker did not acknowledge");
      }
      sent.push(...rows.map((r) => r.seq));
    },
  };
  const results = await Promise.allSettled([Relay.drain(publisher, 100), Relay.drain(publisher, 100), Relay.drain(publisher, 100)]);
  assert.ok(
    results.some((r) => r.status === "rejected"),
    "the failed batch surfaced",
  );
  await Relay.drain(publisher, 100);
  assert.equal(await unpublished(), 0);
  // The batch that failed before its ack stayed unpublished and went again (with another relay
  // or this last drain): every row exactly once.
  assert.equal(new Set(sent).size, 1200);
  assert.equal(sent.length, 1200);
  assert.deepEqual(
    sent,
    [...sent].sort((a, b) => a - b),
    "seq order",
  );
});

test("the relay is nudged after a commit, never for a rolled-back write", async () => {
  const { Outbox, onOutboxCommit } = await import("@carebeat/core/events");
  const { createTransaction } = await import("@carebeat/core/drizzle");
  const { Appointment } = await import("@carebeat/core/appointment");
  let nudges = 0;
  const off = onOutboxCommit(() => nudges++);
  const data = {
    appointmentId: "apt_x",
    doctorId: "doc_x",
    patientId: "pat_x",
    startsAt: new Date().toISOString(),
    endsAt: new Date().toISOString(),
    status: "booked" as const,
    feeCents: 1,
    currency: "EUR",
  };
  await assert.rejects(
    createTransaction(async () => {
      await Outbox.write(Appointment.Events, "appointment.booked", "doc_x", data);
      assert.equal(nudges, 0, "not before commit");
      throw new Error("rollback");
    }),
  );
  assert.equal(nudges, 0);
  await createTransaction(() => Outbox.write(Appointment.Events, "appointment.booked", "doc_x", data));
  assert.equal(nudges, 1);
  off();
});
