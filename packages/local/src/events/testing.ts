import { spawn, type ChildProcess } from "node:child_process";
import { createId } from "@carebeat/core/util/id";
import { createTransaction } from "@carebeat/core/drizzle";
import { outboxTable } from "@carebeat/core/events/outbox.sql";
import { Appointment } from "@carebeat/core/appointment";
import { fold, type Counts } from "@carebeat/core/analytics";

const HOUR = 3_600_000;
const types = Appointment.Events.types;

/**
 * Deterministic appointment events over `hours` event-time hours and `doctors` keys, written to
 * the outbox in an order where ~15% arrive late (their occurredAt is up to 5 hours behind the
 * stream's clock), so windows are updated out of order.
 */
export function generateEvents(n: number, opts: { doctors?: number; hours?: number; seed?: number; base?: number } = {}) {
  let s = opts.seed ?? 42;
  const rnd = () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const doctors = Array.from({ length: opts.doctors ?? 12 }, (_, i) => `doc_${String(i).padStart(26, "0")}`);
  const base = opts.base ?? Date.UTC(2026, 0, 5, 0, 0, 0);
  const span = (opts.hours ?? 48) * HOUR;
  const events: Appointment.Event[] = [];
  for (let i = 0; i < n; i++) {
    let t = base + Math.floor((i / n) * span);
    if (rnd() < 0.15) t = Math.max(base, t - Math.floor(rnd() * 5 * HOUR)); // late
    const doctorId = doctors[Math.floor(rnd() * doctors.length)]!;
    const type = types[Math.min(types.length - 1, Math.floor(rnd() * rnd() * types.length * 1.6))]!;
    const startsAt = new Date(t + 2 * 24 * HOUR).toISOString();
    events.push(
      Appointment.Event.parse({
        id: createId("event"),
        type,
        version: 1,
        occurredAt: new Date(t).toISOString(),
        key: doctorId,
        data: {
          appointmentId: createId("appointment"),
          doctorId,
          patientId: "pat_x",
          startsAt,
          endsAt: new Date(Date.parse(startsAt) + 1_800_000).toISOString(),
          status: "booked",
          feeCents: 5000,
          currency: "EUR",
        },
      }),
    );
  }
  return events;
}

/** Append envelopes to the outbox as the domain would (one transaction per chunk). */
export async function writeOutbox(events: Appointment.Event[], chunk = 250) {
  for (let i = 0; i < events.length; i += chunk) {
    await createTransaction((tx) =>
      tx.insert(outboxTable).values(events.slice(i, i + chunk).map((e) => ({ id: e.id, type: e.type, key: e.key, payload: e as unknown as Record<string, unknown> }))),
    );
  }
}

/** The straightforward recount the windows must equal. */
export function recount(events: Appointment.Event[]): Map<string, Counts> {
  return fold(events);
}

export function sorted(m: Map<string, Counts>) {
  return [...m].sort(([a], [b]) => (a < b ? -1 : 1));
}

/**
 * librdkafka's mock cluster, started by Debian's kcat: a real Kafka-protocol broker in one process.
 * kcat needs a producer stdin it keeps open; the cluster forgets everything when killed.
 */
export async function startMockBroker(): Promise<{ brokers: string; kill(): void }> {
  const child: ChildProcess = spawn("kcat", ["-b", "127.0.0.1:1", "-X", "test.mock.num.brokers=1", "-P", "-t", "appointment-events", "-d", "mock"], {
    stdio: ["pipe", "ignore", "pipe"],
  });
  const brokers = await new Promise<string>((resolve, reject) => {
    let buf = "";
    const timer = setTimeout(() => reject(new Error("kcat mock cluster did not start")), 10_000);
    child.on("error", reject);
    child.stderr!.on("data", (d: Buffer) => {
      if (buf === null) return;
      buf += d.toString();
      const m = /bootstrap\.servers=([0-9.:,]+)/.exec(buf);
      if (m) {
        clearTimeout(timer);
        buf = "";
        resolve(m[1]!);
      }
    });
  });
  // Keep reading (and dropping) its debug log so the pipe never fills and stalls the broker.
  child.stderr!.removeAllListeners("data");
  child.stderr!.on("data", () => {});
  return { brokers, kill: () => void child.kill("SIGKILL") };
}

/**
 * A wait that fails with what the event log said, instead of hanging until the file's timeout:
 * a stuck drain on a loaded CI machine then names where it stuck (the last log lines).
 */
export async function within<T>(ms: number, what: string, work: Promise<T>, lines: () => string[]): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not done after ${ms} ms; the event log's last lines:\n${lines().slice(-60).join("\n")}`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
