import { Tracer } from "@aws-lambda-powertools/tracer";
import { log, withLogContext, errorFields } from "./log";

/**
 * The wrapper every Lambda handler except the API's goes through (docs/observability.md):
 * - puts the correlation id (read from the event by `correlation`) and the Lambda request id
 *   on every log line of the invocation;
 * - X-Ray: a `## <name>` subsegment annotated with `correlationId`, so one booking's billing
 *   execution, relay batch and pushes are found in the X-Ray console by the API request id;
 * - logs an escaping error (class, code, frames; never its message) before rethrowing it.
 *
 * The API does not use it: the X-Ray SDK would add ~125 KB to its bundle and load time
 * (measured in docs/observability.md); Lambda's active tracing still records its invocations,
 * and its request id is the correlation id.
 *
 * The Tracer is inert outside Lambda (no AWS_EXECUTION_ENV): offline only the logs apply.
 */
export const tracer = new Tracer({ serviceName: "carebeat" });

interface LambdaContext {
  awsRequestId?: string;
}

export function instrument<E, R>(name: string, handler: (event: E, context?: LambdaContext) => Promise<R>, opts: { correlation?: (event: E) => string | string[] | undefined } = {}) {
  return async (event: E, context?: LambdaContext): Promise<R> => {
    const found = safe(() => opts.correlation?.(event));
    const ids = (Array.isArray(found) ? found : found ? [found] : []).filter(Boolean);
    // One id when the invocation serves one piece of work; a batch (the relay, a Kafka batch)
    // carries several and logs them as `correlationIds`.
    const correlationId = ids.length === 1 ? ids[0] : undefined;
    return withLogContext({ handler: name, lambdaRequestId: context?.awsRequestId, correlationId }, async () => {
      const segment = tracer.isTracingEnabled() ? tracer.getSegment() : undefined;
      const sub = segment?.addNewSubsegment(`## ${name}`);
      if (sub) tracer.setSegment(sub);
      if (sub) {
        tracer.annotateColdStart();
        tracer.putAnnotation("handler", name);
        if (correlationId) tracer.putAnnotation("correlationId", correlationId);
      }
      const started = performance.now();
      try {
        const result = await handler(event, context);
        log.info(`${name}.done`, { ms: Math.round(performance.now() - started), correlationIds: ids.length > 1 ? ids.slice(0, 50) : undefined });
        return result;
      } catch (err) {
        log.error(`${name}.failed`, errorFields(err));
        if (sub) sub.addError(err as Error);
        throw err;
      } finally {
        if (sub && segment) {
          sub.close();
          tracer.setSegment(segment);
        }
      }
    });
  };
}

function safe<T>(cb: () => T): T | undefined {
  try {
    return cb();
  } catch {
    return undefined;
  }
}
