import { z } from "../util/zod";

/**
 * An event family, defined once in its domain (`appointment/event.ts`, `invoice/event.ts`)
 * and used by the writer (the outbox), the relay (topic) and the consumers (parsing).
 *
 * Envelope (version 1): `{ id: evt_…, type, version, occurredAt, key, data, correlationId? }`.
 * The topic is named after the type's domain: `appointment.booked` → `appointment-events`.
 * `correlationId` is the API request id of the work that wrote the event (docs/observability.md):
 * an id, never data, optional so older rows and other writers stay valid.
 */
export function defineEvents<const T extends readonly [string, ...string[]], D extends z.ZodType>(types: T, data: D) {
  const envelope = {
    id: z.string().regex(/^evt_/),
    version: z.literal(1),
    occurredAt: z.iso.datetime({ offset: true }),
    key: z.string().min(1),
    data,
    correlationId: z.string().max(64).optional(),
  };
  const Envelope = z.object({ type: z.enum(types), ...envelope });
  return { types, topic: topicOf(types[0]), data, Envelope };
}

export type EventFamily = ReturnType<typeof defineEvents>;

/**
 * In AWS every stage's topics carry its name (`CAREBEAT_TOPIC_PREFIX=<stage>.`, set by
 * stacks/events.ts), so stages can share one Kafka cluster without reading each other's events
 * (issue 23.12); offline there is one runtime per log and no prefix.
 */
const topicPrefix = (): string => process.env.CAREBEAT_TOPIC_PREFIX ?? "";

/** `appointment.booked` → `[<stage>.]appointment-events`: one topic per domain that emits events. */
export function topicOf(type: string): string {
  return `${topicPrefix()}${type.split(".")[0]}-events`;
}
