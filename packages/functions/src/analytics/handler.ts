import type { Appointment } from "@carebeat/core/appointment";
import { fromMskEvent, correlationIds, type MskEvent } from "@carebeat/core/events/msk";
import { withActor } from "@carebeat/core/actor";
import { log, errorFields, count, milliseconds, MetricName } from "@carebeat/core/observability";
import { instrument } from "@carebeat/core/observability/handler";
import { lazy } from "@carebeat/core/util/lazy";
import { realtime } from "../realtime/realtime";

// What a batch needs, loaded on the first batch, once per container (docs/capacity.md, issue
// 19.1): the analytics domain (zod, drizzle), the prescription fold for that topic's mapping,
// and the realtime domain for the push after a batch that changed something.
const analytics = lazy(() => import("@carebeat/core/analytics").then((m) => m.Analytics));
const prescriptionFold = lazy(() => import("./prescriptions"));

/**
 * After a batch that changed something: push the new snapshot to every `analytics` subscriber,
 * each in their scope (a doctor gets their own figures). Snapshots are read per scope, once.
 */
export async function pushSnapshot() {
  const [Realtime, Analytics] = await Promise.all([realtime(), analytics()]);
  // Paced `latest`: the snapshot is cumulative, so with many subscribers a broadcast that starts
  // after this batch committed may carry it instead (docs/realtime.md, "Fan-out budget").
  return Realtime.broadcast("analytics", (scope) => Analytics.snapshot(scope.type === "doctor" ? { doctorId: scope.doctorId } : {}), { pacing: "latest" });
}

/**
 * MSK event source mapping target for `appointment-events` and `prescription-events` (./prescriptions.ts; and, offline, the same event from the
 * local log or the local consumer group). Throwing makes the mapping retry the whole batch, which
 * is safe: counting is idempotent per event id. A record that is not a valid v1 appointment
 * event can never succeed, so it is logged (id and offset only) and skipped instead of blocking
 * its partition forever.
 */
export const handler = instrument("analytics", analyticsBatch, { correlation: correlationIds });

async function analyticsBatch(event: MskEvent) {
  const records = fromMskEvent(event);
  const [Analytics, { applyPrescriptionRecords, isPrescriptionTopic }] = await Promise.all([analytics(), prescriptionFold()]);
  // One mapping per topic, so a batch is one family; the dashboards re-read both on a push.
  const prescriptions = records.length > 0 && isPrescriptionTopic(records[0]!.topic);
  const events: Appointment.Event[] = [];
  for (const r of prescriptions ? [] : records) {
    const parsed = Analytics.readEvent(r.value);
    if (parsed) events.push(parsed);
    else {
      log.warn("analytics.unreadable_record", { topic: r.topic, partition: r.partition, offset: r.offset, eventId: r.headers["event-id"] });
      count(MetricName.RecordsSkipped);
    }
  }
  const result = prescriptions ? await applyPrescriptionRecords(records) : await withActor({ type: "system", name: "analytics" }, () => Analytics.apply(events));
  count(MetricName.EventsApplied, result.applied);
  count(MetricName.DuplicatesSkipped, result.duplicates);
  let pushed: Awaited<ReturnType<typeof pushSnapshot>> | undefined;
  if (result.applied > 0) {
    // The counts are committed; a failed push must not make the mapping redeliver the batch.
    try {
      const received = Date.now();
      pushed = await pushSnapshot();
      // Received → delivered (or handed to a later broadcast): the wait this consumer adds. Not from
      // the events' occurredAt, which would count a replay of old events as a slow push; the
      // consumer's lag behind the topic is the OffsetLag alarm's job.
      if (!pushed.covered) milliseconds(MetricName.PushLatency, Date.now() - received);
    } catch (err) {
      log.warn("analytics.push_failed", errorFields(err));
    }
  }
  log.info("analytics.batch", {
    records: records.length,
    applied: result.applied,
    duplicates: result.duplicates,
    delivered: pushed?.delivered,
    gone: pushed?.gone,
    covered: pushed?.covered,
    pacedMs: pushed?.waitedMs,
    correlationIds: correlationIds(event).slice(0, 50),
  });
  return { records: records.length, ...result };
}
