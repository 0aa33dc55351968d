import { Logger } from "@aws-lambda-powertools/logger";
import { createContext } from "../util/context";

/**
 * The one logger of Carebeat (docs/observability.md): Powertools for AWS Lambda, one JSON object
 * per line, in every Lambda and in the offline runtime alike. Each line carries the correlation
 * id of the work it belongs to — the API request id of the booking that started it — and the
 * ids of the invocation (API request, Lambda request), read from an async context so concurrent
 * requests in one process (the offline runtime) never mix their keys.
 *
 * What may be logged: ids, counts, durations, error classes and codes, stack frames. Never a
 * request or response body, a token, a message of an error from a driver (it can quote values),
 * or any patient field. `fields()` below drops the keys that would carry those, as a safety net;
 * the guarantee is the call sites, and packages/local/src/observability.test.ts checks every
 * line a running runtime writes.
 */
export interface LogContext {
  /** Follows one piece of work across the API, billing, the relay, analytics and the push. */
  correlationId?: string;
  /** The API's own request id (`x-request-id`). */
  requestId?: string;
  /** The Lambda invocation (`context.awsRequestId`), absent offline. */
  lambdaRequestId?: string;
  /** Which handler is running (`api`, `billing.IssueInvoice`, `relay`, …). */
  handler?: string;
}

type LogValue = string | number | boolean | null | undefined | LogValue[] | { [key: string]: LogValue };
export type LogFields = Record<string, LogValue>;

const Context = createContext<LogContext>("log");

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "carebeat" });

let knownStage: string | undefined;
/**
 * The stage from `SST_RESOURCE_App` (set in every deployed function, and by the offline runtime
 * before it loads a handler), read on first use rather than at import time.
 */
export function stage(): string {
  if (knownStage) return knownStage;
  try {
    const app = JSON.parse(process.env.SST_RESOURCE_App ?? "null") as { stage?: string } | null;
    if (app?.stage) return (knownStage = app.stage);
  } catch {}
  return process.env.SST_STAGE ?? "unknown";
}

/** Runs `cb` with these keys on every line it logs (nested calls add to the outer keys). */
export function withLogContext<T>(ctx: LogContext, cb: () => T): T {
  return Context.with({ ...Context.maybe(), ...stripUndefined(ctx) }, cb);
}

export function logContext(): LogContext {
  return Context.maybe() ?? {};
}

/** The correlation id of the current work, if any (written into outbox rows and execution input). */
export function correlationId(): string | undefined {
  return Context.maybe()?.correlationId;
}

/**
 * Keys whose values are patient data or secrets by their name. Everything logged is chosen at the
 * call site; this only catches a mistake before it reaches CloudWatch.
 */
const FORBIDDEN =
  /^(.*_)?(e-?mail|phone|password|passwd|token|accesstoken|refreshtoken|authorization|cookie|body|payload|address|birth(date)?|dateofbirth|dob|ssn|notes?|firstname|lastname|fullname|patientname|givenname|familyname)$/i;

export function fields(input: LogFields | undefined, depth = 0): LogFields {
  const out: LogFields = {};
  for (const [k, v] of Object.entries(input ?? {})) {
    if (v === undefined) continue;
    if (FORBIDDEN.test(k)) out[k] = "[redacted]";
    else if (v && typeof v === "object" && !Array.isArray(v)) out[k] = depth < 2 ? fields(v as LogFields, depth + 1) : "[nested]";
    else if (typeof v === "string" && v.length > 300) out[k] = `${v.slice(0, 300)}…`;
    else out[k] = v;
  }
  return out;
}

/**
 * An error as it may be logged: its class, its code (SQLSTATE, AWS error code), the driver's
 * cause class, and stack frames only — the message line can quote query parameters.
 */
export function errorFields(err: unknown): LogFields {
  const e = err as { name?: string; code?: string; $metadata?: { httpStatusCode?: number }; cause?: { name?: string; code?: string }; stack?: string };
  const frames = (e?.stack ?? "")
    .split("\n")
    .filter((l) => l.trimStart().startsWith("at "))
    .slice(0, 12)
    .map((l) => l.trim());
  return {
    errorName: e?.name ?? typeof err,
    errorCode: typeof e?.code === "string" || typeof e?.code === "number" ? String(e.code) : undefined,
    status: e?.$metadata?.httpStatusCode,
    cause: e?.cause ? { name: e.cause.name, code: e.cause.code } : undefined,
    frames: frames.length ? frames : undefined,
  };
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

const line = (extra?: LogFields) => ({ stage: stage(), ...stripUndefined(logContext()), ...fields(extra) }) as Record<string, unknown>;

/** `log.info("relay.published", { published: 3 })`: a short event name, then ids and numbers. */
export const log = {
  debug: (message: string, extra?: LogFields) => logger.debug(message, line(extra)),
  info: (message: string, extra?: LogFields) => logger.info(message, line(extra)),
  warn: (message: string, extra?: LogFields) => logger.warn(message, line(extra)),
  error: (message: string, extra?: LogFields) => logger.error(message, line(extra)),
};
