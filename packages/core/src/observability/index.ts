/**
 * Logging and metrics for every Lambda and the offline runtime (docs/observability.md).
 * The Lambda wrapper (and the optional X-Ray SDK) lives in `./handler`, which the API does not import.
 */
export { log, logger, errorFields, fields, withLogContext, logContext, correlationId, stage, type LogContext, type LogFields } from "./log";
export { count, milliseconds, MetricName, NAMESPACE, SERVICE } from "./metrics";
