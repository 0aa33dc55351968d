import { Analytics } from "@carebeat/core/analytics";
import { Appointment } from "@carebeat/core/appointment";
import { fromMskEvent, type MskEvent } from "@carebeat/core/events/msk";
import { withActor } from "@carebeat/core/actor";
import { Realtime } from "@carebeat/core/realtime";

/**
 * After a batch that changed something: push the new snapshot to every `analytics` subscriber,
 * each in their scope (a doctor gets their own figures). Snapshots are read per scope, once.
 */
export async function pushSnapshot() {
  return Realtime.broadcast("analytics", (scope) => Analytics.snapshot(scope.type === "doctor" ? { doctorId: scope.doctorId } : {}));
}

/**
 * MSK event source mapping target for `appointment-events` (and, offline, the same event from the
 * local log or the local consumer group). Throwing makes the mapping retry the whole batch, which
 * is safe: counting is idempotent per event id. A record that is not a valid v1 appointment
 * event can never succeed, so it is logged (id and offset only) and skipped instead of blocking
 * its partition forever.
 */
export async function handler(event: MskEvent) {
  const records = fromMskEvent(event);
  const events: Appointment.Event[] = [];
  for (const r of records) {
    const parsed = Appointment.Event.safeParse(r.value);
    if (parsed.success) events.push(parsed.data);
    else console.warn(JSON.stringify({ level: "warn", msg: "skipping unreadable record", topic: r.topic, partition: r.partition, offset: r.offset, eventId: r.headers["event-id"] }));
  }
  const result = await withActor({ type: "system", name: "analytics" }, () => Analytics.apply(events));
  if (result.applied > 0) {
    // The counts are committed; a failed push must not make the mapping redeliver the batch.
    try {
      await pushSnapshot();
    } catch (err) {
      console.warn(JSON.stringify({ level: "warn", msg: "analytics push failed", error: (err as Error).name }));
    }
  }
  return { records: records.length, ...result };
}
