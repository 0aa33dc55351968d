import type { MskEvent } from "@carebeat/core/events/msk";

export type MskHandler = (event: MskEvent) => Promise<unknown>;

/**
 * Topic → the Lambda handler its MSK event source mapping invokes in AWS (stacks/events.ts).
 * The offline log invokes the same handlers with the same event. One line per consumer.
 */
export const consumers: Record<string, { group: string; load: () => Promise<MskHandler> }> = {
  "appointment-events": { group: "carebeat-analytics", load: async () => (await import("@carebeat/functions/analytics/handler")).handler },
  "invoice-events": { group: "carebeat-invoice-push", load: async () => (await import("@carebeat/functions/realtime/invoice-push")).handler },
};
