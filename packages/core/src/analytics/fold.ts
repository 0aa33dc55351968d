import type { AppointmentEvent } from "../appointment/event";

export const counters = ["booked", "rescheduled", "cancelled", "completed", "noShow"] as const;
export type Counter = (typeof counters)[number];
export type Counts = Record<Counter, number>;

export const counterOf: Record<AppointmentEvent["type"], Counter> = {
  "appointment.booked": "booked",
  "appointment.rescheduled": "rescheduled",
  "appointment.cancelled": "cancelled",
  "appointment.completed": "completed",
  "appointment.no_show": "noShow",
};

export const HOUR = 3_600_000;

/**
 * The event-time window of an event: the UTC hour containing `occurredAt`, the moment the
 * booking/cancellation/… happened (the outbox row's commit-time clock), not when it reached
 * the consumer and not the appointment's start. So a late or redelivered event lands in the
 * hour it happened, and the numbers answer "how busy was the front desk at 10:00".
 */
export function windowOf(occurredAt: string | Date): number {
  const t = typeof occurredAt === "string" ? Date.parse(occurredAt) : occurredAt.getTime();
  return Math.floor(t / HOUR) * HOUR;
}

export function zero(): Counts {
  return { booked: 0, rescheduled: 0, cancelled: 0, completed: 0, noShow: 0 };
}

export function total(c: Counts) {
  return c.booked + c.rescheduled + c.cancelled + c.completed + c.noShow;
}

/** `hourMs|doctorId` → counts. Pure: the database path, the bench's in-memory fold and the tests' recount share it. */
export function fold(events: Iterable<Pick<AppointmentEvent, "type" | "occurredAt" | "data">>, into = new Map<string, Counts>()) {
  for (const e of events) {
    const k = `${windowOf(e.occurredAt)}|${e.data.doctorId}`;
    let c = into.get(k);
    if (!c) into.set(k, (c = zero()));
    c[counterOf[e.type]]++;
  }
  return into;
}

/**
 * The average the dashboard shows: bookings per hour over the event-time span from the first
 * hour that saw any appointment event to the latest such hour, both included, empty hours
 * counted. `hours = (last - first) / 1 h + 1`. It depends only on the events, never on when
 * they were processed, so a recount gives the same number.
 */
export function averagePerHour(booked: number, firstHour: number | null, lastHour: number | null) {
  if (firstHour === null || lastHour === null) return 0;
  const hours = (lastHour - firstHour) / HOUR + 1;
  return Math.round((booked / hours) * 100) / 100;
}
