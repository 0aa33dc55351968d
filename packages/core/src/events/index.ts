import { useTransaction } from "../drizzle";
import { createId } from "../util/id";
import { outboxTable } from "./outbox.sql";
import { AppointmentEvent, type AppointmentEventType } from "./appointment";
import type { z } from "../util/zod";

export { AppointmentEvent, appointmentEventTypes, type AppointmentEventType } from "./appointment";

export namespace Outbox {
  /** Test hook: lets a test fail the outbox write to prove the booking rolls back with it. */
  export const testing = { failNextWrite: false };

  /** Validate and append an event in the caller's transaction. */
  export async function write(type: AppointmentEventType, key: string, data: z.input<typeof AppointmentEvent>["data"]) {
    const event = AppointmentEvent.parse({ id: createId("event"), type, version: 1, occurredAt: new Date().toISOString(), key, data });
    if (testing.failNextWrite) {
      testing.failNextWrite = false;
      throw new Error("injected outbox failure");
    }
    await useTransaction((tx) => tx.insert(outboxTable).values({ id: event.id, type: event.type, key: event.key, payload: event as unknown as Record<string, unknown> }));
    return event;
  }
}
