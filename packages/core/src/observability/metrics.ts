import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { stage } from "./log";
import { MetricName, NAMESPACE, SERVICE } from "./names";

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
export { MetricName, NAMESPACE, SERVICE };

let metrics: Metrics | undefined;
function instance() {
  metrics ??= new Metrics({ namespace: NAMESPACE, serviceName: SERVICE, defaultDimensions: { stage: stage() } });
  return metrics;
}

/**
 * One metric, one EMF line, at once. The shared instance is filled and flushed in the same
 * synchronous step, so concurrent requests never see each other's metric; Powertools'
 * `singleMetric()` did the same through a new Metrics (and a new Console) per call, which was
 * ~8 % of a booking request's CPU in the offline runtime's profile (docs/local-runtime.md).
 */
function emit(name: MetricName, unit: (typeof MetricUnit)[keyof typeof MetricUnit], value: number) {
  const m = instance();
  m.addMetric(name, unit, value);
  m.publishStoredMetrics();
}

export function count(name: MetricName, value = 1) {
  if (value <= 0) return;
  emit(name, MetricUnit.Count, value);
}

export function milliseconds(name: MetricName, value: number) {
  emit(name, MetricUnit.Milliseconds, Math.max(0, Math.round(value)));
}
