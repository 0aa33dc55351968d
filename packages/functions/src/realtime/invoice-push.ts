import type { z } from "zod";
import { log, count, milliseconds, MetricName } from "@carebeat/core/observability";
import { instrument } from "@carebeat/core/observability/handler";
import type { InvoiceEvents } from "@carebeat/core/invoice/event";
import { correlationIds } from "@carebeat/core/events/msk";
import { lazy } from "@carebeat/core/util/lazy";
import { realtime } from "./realtime";

/**
 * The part of the MSK event source mapping's event this handler reads (the offline event log
 * sends the same shape): records grouped by "<topic>-<partition>", values base64.
 */
export interface MskEvent {
  eventSource: "aws:kafka" | "SelfManagedKafka";
  eventSourceArn?: string;
  records: Record<
    string,
    { topic: string; partition: number; offset: number; timestamp: number; key?: string | null; value?: string | null; headers?: Record<string, number[]>[] }[]
  >;
}

/** The invoice events as their domain defines them (packages/core/src/invoice/event.ts). */
type InvoiceEnvelope = z.infer<typeof InvoiceEvents.Envelope>;

// The envelope's zod schema and the realtime domain load on the first batch, once per container
// (docs/capacity.md, issue 19.1).
const envelope = lazy(() => import("@carebeat/core/invoice/event").then((m) => m.InvoiceEvents.Envelope));

/**
 * What goes over the `invoices` channel: enough to update a row of the invoice list, and no
 * patient name or id — the channel is for the front desk's live list, not a patient record,
 * so nothing here needs an audit entry.
 */
export function invoiceStatusMessage(env: InvoiceEnvelope) {
  const { invoiceId, number, status, totalCents, currency } = env.data;
  return { type: "invoice.status", event: env.type, eventId: env.id, occurredAt: env.occurredAt, invoiceId, number, status, totalCents, currency } as const;
}

/** Changes per `invoice.statuses` message: ~200 bytes each, well under API Gateway's 128 KB frame limit. */
export const CHANGES_PER_MESSAGE = 100;

/**
 * A batch's changes as messages: one change stays a plain `invoice.status` (what a single
 * change has always looked like); more go as `{"type":"invoice.statuses","changes":[…]}`,
 * which the site's client unwraps into the same `invoice.status` messages.
 */
export function invoiceMessages(envs: InvoiceEnvelope[]): object[] {
  if (envs.length === 1) return [invoiceStatusMessage(envs[0]!)];
  const out: object[] = [];
  for (let i = 0; i < envs.length; i += CHANGES_PER_MESSAGE) out.push({ type: "invoice.statuses", changes: envs.slice(i, i + CHANGES_PER_MESSAGE).map(invoiceStatusMessage) });
  return out;
}

/**
 * Pushes invoice status changes to the `invoices` channel. Records of one invoice share a
 * partition (key = invoice id), so within a batch the last record per invoice is its newest
 * status; only that one is pushed. A push is a hint to refresh a row (redelivery repeats it
 * harmlessly), so a record that does not parse is logged and skipped rather than blocking the
 * partition; a failing broadcast (DynamoDB down) throws, and the batch is retried.
 */
export const handler = instrument("invoice-push", pushInvoices, { correlation: correlationIds });

async function pushInvoices(event: MskEvent): Promise<{ pushed: number; delivered: number; gone: number; skipped: number }> {
  const [Envelope, Realtime] = await Promise.all([envelope(), realtime()]);
  const latest = new Map<string, InvoiceEnvelope>();
  let skipped = 0;
  for (const records of Object.values(event.records ?? {})) {
    for (const r of [...records].sort((a, b) => a.offset - b.offset)) {
      const parsed = parse(Envelope, r.value);
      if (!parsed) {
        skipped++;
        log.error("invoice-push.unparsable_record", { topic: r.topic, partition: r.partition, offset: r.offset });
        count(MetricName.RecordsSkipped);
        continue;
      }
      latest.delete(parsed.data.invoiceId); // re-insert so the Map keeps event order
      latest.set(parsed.data.invoiceId, parsed);
    }
  }
  let delivered = 0;
  let gone = 0;
  let pacedMs = 0;
  const received = Date.now();
  // One message per subscriber per batch, not per invoice: a batch of 100 changes costs one
  // PostToConnection per front desk (docs/realtime.md, "Fan-out budget").
  for (const message of invoiceMessages([...latest.values()])) {
    const r = await Realtime.broadcast("invoices", message, { pacing: "every" });
    delivered += r.delivered;
    gone += r.gone;
    pacedMs += r.waitedMs;
  }
  // Received → pushed to every front desk: the wait this consumer adds (pacing included).
  if (latest.size) milliseconds(MetricName.PushLatency, Date.now() - received);
  log.info("invoice-push.batch", { pushed: latest.size, delivered, gone, skipped, pacedMs, correlationIds: correlationIds(event).slice(0, 50) });
  return { pushed: latest.size, delivered, gone, skipped };
}

function parse(Envelope: typeof InvoiceEvents.Envelope, value: string | null | undefined) {
  if (!value) return undefined;
  try {
    const r = Envelope.safeParse(JSON.parse(Buffer.from(value, "base64").toString("utf8")));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}
