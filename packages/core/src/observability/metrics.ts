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

export function count(name: MetricName, value = 1) {
  if (value <= 0) return;
  instance().singleMetric().addMetric(name, MetricUnit.Count, value);
}

export function milliseconds(name: MetricName, value: number) {
  instance().singleMetric().addMetric(name, MetricUnit.Milliseconds, Math.max(0, Math.round(value)));
}
