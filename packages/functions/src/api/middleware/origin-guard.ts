import type { MiddlewareHandler } from "hono";
import { timingSafeEqual } from "node:crypto";
import { links, linkedOrUndefined } from "@carebeat/core/util/links";
import { problemResponse } from "../problem";
import { ORIGIN_VERIFY_HEADER } from "../origin-verify";

export { ORIGIN_VERIFY_HEADER };

/**
 * Only CloudFront may call the API (issue 23.8). API Gateway publishes its execute-api URL and
 * serves it to anyone; a request sent there skips the WAF on the Router's distribution (managed
 * rules, the per-IP and `/api/auth/` rate limits) and the headers CloudFront adds. So the
 * Router's viewer-request function writes a random value, generated per stage at deploy
 * (stacks/web.ts), into ORIGIN_VERIFY_HEADER on every request it forwards — overwriting
 * whatever a viewer sent under that name — and the API refuses any request that does not
 * carry it. The value is linked to the API Lambda as `Resource.OriginVerify.value`.
 *
 * Offline there is no CloudFront: the resource is not linked and the check is off (the runtime
 * is the origin itself). The AWS home is the one with a second, public address to close.
 */
/** The value CloudFront sends, or undefined where nothing is linked (offline, tests). */
export function originSecret(resource: Record<string, unknown> = links): string | undefined {
  const linked = linkedOrUndefined("OriginVerify", resource) as { value?: unknown } | undefined;
  return typeof linked?.value === "string" && linked.value.length > 0 ? linked.value : undefined;
}

/** Constant-time comparison: the answer's timing must not reveal how much of a guess was right. */
export function sameSecret(sent: string | undefined, expected: string): boolean {
  if (sent === undefined) return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function originGuard(expected: string | undefined = originSecret()): MiddlewareHandler {
  if (expected === undefined) return async (_c, next) => next();
  return async (c, next) => {
    if (!sameSecret(c.req.header(ORIGIN_VERIFY_HEADER), expected))
      return problemResponse(c, 403, "origin_not_allowed", "Call the API through the clinic's site address; the API Gateway endpoint is not served directly.");
    await next();
  };
}
