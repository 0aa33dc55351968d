import type { MiddlewareHandler } from "hono";
import { findUnsafeText, isSafeText, UNSAFE_TEXT_MESSAGE } from "@carebeat/core/util/text";
import { problemResponse } from "../problem";

/**
 * The shared text rule (no NUL, no unpaired surrogates; see core/util/text.ts) applied to
 * everything a route receives — path parameters, query parameters and the JSON body — before
 * the role check and validation, so nothing downstream (an audit row of a refused call, a
 * database query, a DynamoDB key) ever sees such a string. Field names follow the validation
 * problems: `param.id`, `query.q`, and body fields by their path.
 */
export const rejectUnsafeText: MiddlewareHandler = async (c, next) => {
  const issues = findUnsafeText(c.req.param() as Record<string, string>, "param");
  // A repeated query parameter (?q=a&q=b) is one field, named without an index.
  for (const [name, values] of Object.entries(c.req.queries()))
    if (!isSafeText(name) || values.some((v) => !isSafeText(v)))
      issues.push({ field: `query.${isSafeText(name) ? name : JSON.stringify(name).slice(1, -1)}`, message: UNSAFE_TEXT_MESSAGE });
  // Only GET and HEAD never have a body. (Asked by method, not `c.req.raw.body`: that getter
  // turns @hono/node-server's lightweight request into a web-streams Request, ~3 % of a
  // booking's CPU; an empty body reads as no JSON, as before.)
  if (/json/i.test(c.req.header("content-type") ?? "") && c.req.method !== "GET" && c.req.method !== "HEAD") {
    // Hono caches the parsed body, so the validator does not read it again. A body that is not
    // JSON is left for the validator to refuse with its own message.
    const body = await c.req.json().catch(() => undefined);
    issues.push(...findUnsafeText(body));
  }
  if (issues.length) return problemResponse(c, 400, "validation", "The request is invalid.", issues);
  return next();
};
