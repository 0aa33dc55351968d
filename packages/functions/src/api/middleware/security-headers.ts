import type { MiddlewareHandler } from "hono";

/** API answers carry patient data: never cache them, never sniff them. */
export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.header("x-content-type-options", "nosniff");
  if (c.req.path.startsWith("/api/")) c.header("cache-control", "no-store");
};
