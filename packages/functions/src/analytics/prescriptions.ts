import { Analytics } from "@carebeat/core/analytics";
// The event schema alone: the prescription domain (pdfkit, the S3 SDK) stays out of this function's init.
import { PrescriptionEvent } from "@carebeat/core/prescription/event";
import type { fromMskEvent } from "@carebeat/core/events/msk";
import { withActor } from "@carebeat/core/actor";
import { log, count, MetricName } from "@carebeat/core/observability";

/** `prescription-events` (any stage prefix): the records ./handler.ts hands to this module. */
export const isPrescriptionTopic = (topic: string) => topic.endsWith("prescription-events");

/**
 * A batch from the `prescription-events` mapping (the Analytics function serves both: stacks/events.ts):
 * count prescriptions and dispenses per prescriber and day, once per event id. An unreadable
 * record is logged (id and offset only) and skipped, as for the appointment events.
 */
export async function applyPrescriptionRecords(records: ReturnType<typeof fromMskEvent>) {
  const events: PrescriptionEvent[] = [];
  for (const r of records) {
    const parsed = PrescriptionEvent.safeParse(r.value);
    if (parsed.success) events.push(parsed.data);
    else {
      log.warn("analytics.unreadable_record", { topic: r.topic, partition: r.partition, offset: r.offset, eventId: r.headers["event-id"] });
      count(MetricName.RecordsSkipped);
    }
  }
  return withActor({ type: "system", name: "analytics" }, () => Analytics.applyPrescriptions(events));
}
