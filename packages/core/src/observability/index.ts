/**
 * Logging and metrics for every Lambda and the offline runtime (docs/observability.md).
 * Tracing (the X-Ray SDK, ~125 KB minified) lives in `./handler` so the API bundle does not carry it.
 */
export { log, logger, errorFields, fields, withLogContext, logContext, correlationId, stage, type LogContext, type LogFields } from "./log";
export { count, milliseconds, MetricName, NAMESPACE, SERVICE } from "./metrics";
