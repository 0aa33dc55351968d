import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { csp, HSTS, REFERRER_POLICY } from "../headers-policy";

/**
 * Every API response: no sniffing, no framing, no referrer, HSTS, and a CSP that lets nothing
 * run (a route that serves HTML, like /docs, sends its own CSP and it is kept: `overwrite`
 * is off). API answers carry patient data, so they are never cached — except where a route
 * says otherwise on purpose (the JWKS is public and meant to be cached).
 */
const baseline = secureHeaders({
  contentSecurityPolicy: undefined,
  xFrameOptions: "DENY",
  referrerPolicy: REFERRER_POLICY,
  strictTransportSecurity: HSTS,
  crossOriginResourcePolicy: "same-origin",
  overwrite: false,
});

export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await baseline(c, next);
  if (!c.res.headers.has("content-security-policy")) c.res.headers.set("content-security-policy", csp.api);
  if (c.req.path.startsWith("/api/") && !c.res.headers.has("cache-control")) c.res.headers.set("cache-control", "no-store");
};
