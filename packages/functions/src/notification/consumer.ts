import { fromMskEvent, correlationIds, type MskEvent } from "@carebeat/core/events/msk";
import { withActor } from "@carebeat/core/actor";
import { log, count, MetricName } from "@carebeat/core/observability";
import { instrument } from "@carebeat/core/observability/handler";
import { lazy } from "@carebeat/core/util/lazy";

// The event schemas (zod) and the notification domain (drizzle, the DynamoDB patient store for
// the addresses, the templates) load on the first batch, once per container (docs/capacity.md, issue 19.1).
const domain = lazy(async () => {
  const [{ Notification }, { Appointment }, { InvoiceEvent }] = await Promise.all([
    import("@carebeat/core/notification"),
    import("@carebeat/core/appointment"),
    import("@carebeat/core/invoice/event"),
  ]);
  return { Notification, Appointment, InvoiceEvent };
});

/**
 * MSK event source mapping target for `appointment-events` and `invoice-events`, consumer group
 * `carebeat-notifications` (stacks/notifications.ts; offline the local log or consumer group).
 * Records are handled in order, one at a time: each enqueue is idempotent on its event, so a
 * redelivered batch — the mapping's answer to a throw — enqueues nothing twice. A record that is
 * not a v1 event can never succeed: logged (ids only) and skipped.
 */
export const handler = instrument("notifications", notify, { correlation: correlationIds });

async function notify(event: MskEvent) {
  let handled = 0;
  const { Notification, Appointment, InvoiceEvent } = await domain();
  await withActor({ type: "system", name: "notifications" }, async () => {
    for (const r of fromMskEvent(event)) {
      const appointment = Appointment.Event.safeParse(r.value);
      const invoice = appointment.success ? undefined : InvoiceEvent.safeParse(r.value);
      if (appointment.success) await Notification.onAppointmentEvent(appointment.data);
      else if (invoice?.success) await Notification.onInvoiceEvent(invoice.data);
      else {
        log.warn("notifications.unreadable_record", { topic: r.topic, partition: r.partition, offset: r.offset, eventId: r.headers["event-id"] });
        count(MetricName.RecordsSkipped);
        continue;
      }
      handled++;
    }
  });
  return { handled };
}
