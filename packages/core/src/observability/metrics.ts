import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { stage } from "./log";

/**
 * Business metrics in CloudWatch Embedded Metric Format (docs/observability.md): each call
 * writes one EMF JSON line to stdout at once (a Powertools "single metric"), so there is no
 * buffer to flush at the end of an invocation and nothing shared between concurrent requests
 * in one process. CloudWatch turns the lines into metrics in namespace `Carebeat` with the
 * dimensions `service` and `stage` (stacks/monitoring.ts alarms on them).
 *
 * Offline the same lines are printed (`npm start` shows what CloudWatch would receive);
 * `POWERTOOLS_METRICS_DISABLED=true` silences them.
 */
export const NAMESPACE = "Carebeat";
export const SERVICE = "carebeat";

/** Every metric Carebeat emits, so the alarms and the dashboard name the same strings. */
export const MetricName = {
  /** An appointment was booked (the API, after commit). */
  BookingsCreated: "BookingsCreated",
  /** A billing execution issued its invoice (IssueInvoice task). */
  InvoicesIssued: "InvoicesIssued",
  /** A billing execution ended in MarkFailed. */
  BillingFailures: "BillingFailures",
  /** Outbox rows the relay published. */
  EventsPublished: "EventsPublished",
  /** Appointment events counted by analytics. */
  EventsApplied: "EventsApplied",
  /** Redelivered events analytics had already counted (idempotency at work). */
  DuplicatesSkipped: "DuplicatesSkipped",
  /** Records a consumer could not read and skipped. */
  RecordsSkipped: "RecordsSkipped",
  /** Event time → the push to WebSocket subscribers finished (analytics or invoice push). */
  PushLatency: "PushLatency",
} as const;
export type MetricName = (typeof MetricName)[keyof typeof MetricName];

let metrics: Metrics | undefined;
function instance() {
  metrics ??= new Metrics({ namespace: NAMESPACE, serviceName: SERVICE, defaultDimensions: { stage: stage() } });
  return metrics;
}

export function count(name: MetricName, value = 1) {
  if (value <= 0) return;
  instance().singleMetric().addMetric(name, MetricUnit.Count, value);
}

export function milliseconds(name: MetricName, value: number) {
  instance().singleMetric().addMetric(name, MetricUnit.Milliseconds, Math.max(0, Math.round(value)));
}
