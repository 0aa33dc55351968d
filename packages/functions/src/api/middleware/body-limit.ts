import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { problemResponse } from "../problem";

/**
 * Request body limits. Every route declares one through `route({ bodyLimit })` (default
 * `DEFAULT_BODY_LIMIT`), and the app applies `MAX_BODY_LIMIT` to anything else, so no body is
 * ever buffered beyond a known size. Hono's `bodyLimit` refuses on `Content-Length` before
 * reading a byte, and counts a chunked body as it streams, stopping at the limit.
 */
export const DEFAULT_BODY_LIMIT = 16 * 1024;
/** Sign-in, registration, refresh: a few small fields. */
export const AUTH_BODY_LIMIT = 4 * 1024;
/** The largest limit a route may declare (a patient record with its extensions). */
export const MAX_BODY_LIMIT = 64 * 1024;

export function limitBody(maxSize: number): MiddlewareHandler {
  const tooLarge: Parameters<typeof bodyLimit>[0]["onError"] = (c) => {
    const res = problemResponse(c, 413, "body_too_large", `The request body is larger than this operation accepts (${maxSize} bytes).`, [
      { field: "(body)", message: `At most ${maxSize} bytes` },
    ]);
    // The unread rest of the body is not drained (it may be gigabytes), so the server closes the
    // connection after this answer: say so, rather than promise a keep-alive it will not keep
    // (issue 18). API Gateway drops hop-by-hop headers; offline, Node closes after the response.
    res.headers.set("connection", "close");
    return res;
  };
  const limit = bodyLimit({ maxSize, onError: tooLarge });
  return async (c, next) => {
    // A GET or DELETE arrives without a readable body, but its declared size still says what
    // the client is up to: refuse it the same way, so every route answers an oversize request alike.
    const length = c.req.header("content-length");
    if (Number(length ?? 0) > maxSize) return tooLarge(c);
    // A declared length without chunking is the body's size (Node's parser reads exactly that
    // many bytes, and refuses Content-Length beside Transfer-Encoding): nothing left to count,
    // so Hono's counter is skipped — it reads `c.req.raw.body`, which turns @hono/node-server's
    // lightweight request into a web-streams Request on every call (~3 % of a booking's CPU).
    if (length !== undefined && !c.req.header("transfer-encoding")) return next();
    return limit(c, next);
  };
}
