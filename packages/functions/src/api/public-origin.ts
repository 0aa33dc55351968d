import type { Context } from "hono";

/**
 * The viewer's origin (`https://clinic.example`): behind CloudFront the Lambda sees API Gateway's
 * host, and the router forwards the viewer's as `x-forwarded-host` (the offline runtime does the
 * same, packages/local/src/server.ts). SMART clients put the token endpoint's URL built from it in
 * their assertions' `aud`, and read it from /.well-known/smart-configuration.
 */
export function publicOrigin(c: Context): string {
  const host = c.req.header("x-forwarded-host");
  return host ? `https://${host}` : new URL(c.req.url).origin;
}

/** Where the token endpoint is (routes/auth.ts `POST /token`), as a client must name it in `aud`. */
export const tokenEndpoint = (c: Context) => `${publicOrigin(c)}/api/auth/token`;
