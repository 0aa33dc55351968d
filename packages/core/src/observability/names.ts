/**
 * The metric names and their namespace, without any dependency: stacks/monitoring.ts imports this
 * file to alarm on and chart exactly what the code emits (packages/core/src/observability/metrics.ts).
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
  /** A mail the sender gave up on (SES refused it, retries ran out, expired or suppressed). */
  MailFailed: "MailFailed",
  /** A reminder enqueued by the reminder workflow's Check. */
  RemindersSent: "RemindersSent",
} as const;
export type MetricName = (typeof MetricName)[keyof typeof MetricName];
