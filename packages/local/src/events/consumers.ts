import type { MskEvent } from "@carebeat/core/events/msk";

export type MskHandler = (event: MskEvent) => Promise<unknown>;

export interface ConsumerSpec {
  topic: string;
  group: string;
  load: () => Promise<MskHandler>;
}

/**
 * Every MSK event source mapping of stacks/ (one per topic and consumer group), by a name of its
 * own: the offline log invokes the same handlers with the same event. One line per mapping; a
 * topic may feed several groups, each with its own position; a group reads one topic (AWS wants a
 * consumer group id unique to its mapping).
 */
export const consumers: Record<string, ConsumerSpec> = {
  analytics: { topic: "appointment-events", group: "carebeat-analytics", load: async () => (await import("@carebeat/functions/analytics/handler")).handler },
  "analytics-prescriptions": {
    topic: "prescription-events",
    group: "carebeat-analytics-prescriptions",
    load: async () => (await import("@carebeat/functions/analytics/handler")).handler,
  },
  "invoice-push": { topic: "invoice-events", group: "carebeat-invoice-push", load: async () => (await import("@carebeat/functions/realtime/invoice-push")).handler },
  "notifications-appointments": {
    topic: "appointment-events",
    group: "carebeat-notifications",
    load: async () => (await import("@carebeat/functions/notification/consumer")).handler,
  },
  "notifications-invoices": {
    topic: "invoice-events",
    group: "carebeat-notifications-invoices",
    load: async () => (await import("@carebeat/functions/notification/consumer")).handler,
  },
};
