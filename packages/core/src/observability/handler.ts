import type { Tracer } from "@aws-lambda-powertools/tracer";
import { log, withLogContext, errorFields } from "./log";

/**
 * The wrapper every Lambda handler except the API's goes through (docs/observability.md):
 * - puts the correlation id (read from the event by `correlation`) and the Lambda request id
 *   on every log line of the invocation, and logs one `<name>.done` line with its duration;
 * - logs an escaping error (class, code, frames; never its message) before rethrowing it;
 * - X-Ray: every function has active tracing (stacks/observability.ts), so Lambda records its
 *   segments and Step Functions joins the billing tasks into one trace; each log line carries
 *   that trace's `xray_trace_id`. With `CAREBEAT_XRAY_SDK=1` the function also gets a
 *   `## <name>` subsegment annotated with `correlationId` (searchable in the X-Ray console).
 *   Off by default: the X-Ray SDK is ~107 KB minified and ~100 ms of module load on a cold
 *   start (measured in docs/observability.md), paid by every billing task of an execution.
 */
interface LambdaContext {
  awsRequestId?: string;
}

const sdkTracing = process.env.CAREBEAT_XRAY_SDK === "1" && Boolean(process.env.AWS_LAMBDA_FUNCTION_NAME);
/**
 * Not a string literal on purpose: esbuild (SST's bundler) leaves this import to run time, so
 * the X-Ray SDK is not in any bundle unless a function opts in with both
 * `environment: { CAREBEAT_XRAY_SDK: "1" }` and `nodejs: { install: ["@aws-lambda-powertools/tracer"] }`.
 * (A literal dynamic import is still bundled, and its Node built-in imports load eagerly.)
 */
const TRACER_PACKAGE = ["@aws-lambda-powertools", "tracer"].join("/");
let tracer: Promise<Tracer> | undefined;
const useTracer = () =>
  (tracer ??= (import(TRACER_PACKAGE) as Promise<typeof import("@aws-lambda-powertools/tracer")>).then(({ Tracer }) => new Tracer({ serviceName: "carebeat" })));

export function instrument<E, R>(
  name: string,
  handler: (event: E, context?: LambdaContext) => Promise<R>,
  opts: { correlation?: (event: E) => string | string[] | undefined } = {},
) {
  return async (event: E, context?: LambdaContext): Promise<R> => {
    const found = safe(() => opts.correlation?.(event));
    const ids = (Array.isArray(found) ? found : found ? [found] : []).filter(Boolean);
    // One id when the invocation serves one piece of work; a batch (the relay, a Kafka batch)
    // carries several and logs them as `correlationIds`.
    const correlationId = ids.length === 1 ? ids[0] : undefined;
    return withLogContext({ handler: name, lambdaRequestId: context?.awsRequestId, correlationId }, async () => {
      const t = sdkTracing ? await useTracer() : undefined;
      const segment = t?.isTracingEnabled() ? t.getSegment() : undefined;
      const sub = segment?.addNewSubsegment(`## ${name}`);
      if (t && sub) {
        t.setSegment(sub);
        t.annotateColdStart();
        t.putAnnotation("handler", name);
        if (correlationId) t.putAnnotation("correlationId", correlationId);
      }
      const started = performance.now();
      try {
        const result = await handler(event, context);
        log.info(`${name}.done`, { ms: Math.round(performance.now() - started), correlationIds: ids.length > 1 ? ids.slice(0, 50) : undefined });
        return result;
      } catch (err) {
        log.error(`${name}.failed`, errorFields(err));
        sub?.addError(err as Error);
        throw err;
      } finally {
        if (t && sub && segment) {
          sub.close();
          t.setSegment(segment);
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
