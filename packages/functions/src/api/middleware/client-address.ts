import type { Context } from "hono";

/**
 * The caller's network address, from what the platform saw rather than from headers a
 * client can write (`X-Forwarded-For` is not used: anyone can send one).
 * - AWS (API Gateway HTTP API, payload v2): `event.requestContext.http.sourceIp`, the address
 *   that opened the connection to API Gateway. Behind the CloudFront Router that is an edge
 *   address; see docs/auth.md ("Limits") for what that means for the per-address throttle.
 * - Offline (@hono/node-server): the socket's remote address.
 * - In-process calls (`app.request` in tests): none, so no per-address throttle applies.
 */
export function clientAddress(c: Context): string | undefined {
  const env = c.env as { event?: { requestContext?: { http?: { sourceIp?: string } } }; incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  const address = env?.event?.requestContext?.http?.sourceIp ?? env?.incoming?.socket?.remoteAddress;
  // Node reports IPv4 clients of a dual-stack socket as ::ffff:a.b.c.d; count them as a.b.c.d.
  return address?.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, "$1") || undefined;
}
