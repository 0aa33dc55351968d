import { useTransaction, afterCommit } from "../drizzle";
import { nudgeRelay } from "./nudge";
import { createId } from "../util/id";
import { correlationId } from "../observability/log";
import { outboxTable } from "./outbox.sql";
import type { z } from "../util/zod";
import type { EventFamily } from "./define";

export { onOutboxCommit, nudgeRelay } from "./nudge";

/**
 * The transport only: event schemas live with their domain (`Appointment.Event`,
 * `Invoice.Event`); the outbox validates against the family it is given and appends the
 * row in the caller's transaction, so the event commits or rolls back with the change.
 */
export namespace Outbox {
  /** Test hook: lets a test fail the outbox write to prove the booking rolls back with it. */
  export const testing = { failNextWrite: false };

  export async function write<F extends EventFamily>(family: F, type: F["types"][number], key: string, data: z.input<F["data"]>) {
    const event = envelope(family, type, key, data);
    await useTransaction((tx) => tx.insert(outboxTable).values({ id: event.id, type: event.type, key: event.key, payload: event as unknown as Record<string, unknown> }));
    // Once committed, wake the relay (never awaited inside the transaction).
    await afterCommit(nudgeRelay);
    return event;
  }

  /**
   * The validated event `write` would append, for a caller that inserts it itself in the same
   * statement as its change (then it must nudge the relay after commit: `afterCommit(nudgeRelay)`).
   */
  export function envelope<F extends EventFamily>(family: F, type: F["types"][number], key: string, data: z.input<F["data"]>) {
    const event = family.Envelope.parse({ id: createId("event"), type, version: 1, occurredAt: new Date().toISOString(), key, data, correlationId: correlationId() });
    if (testing.failNextWrite) {
      testing.failNextWrite = false;
      throw new Error("injected outbox failure");
    }
    return event;
  }

  /**
   * The envelope without `key` and `data` (and without `type` when the statement decides it),
   * validated, for a statement that builds the rest from the rows it changes (the single-statement
   * reschedule and cancel: the times and the invoice are known only under the lock). The data it
   * builds is checked against the family's schema by the statements' tests.
   */
  export function head<F extends EventFamily>(family: F, type?: F["types"][number]) {
    const shape = { id: true, version: true, occurredAt: true, correlationId: true } as const;
    const h = { id: createId("event"), type, version: 1 as const, occurredAt: new Date().toISOString(), correlationId: correlationId() };
    if (type === undefined) return { ...family.Envelope.pick(shape).parse(h), type: undefined };
    return family.Envelope.pick({ ...shape, type: true }).parse(h);
  }
}
