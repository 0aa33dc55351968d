import type { MiddlewareHandler } from "hono";
import type { Role } from "@carebeat/core/actor";
import { VisibleError } from "@carebeat/core/util/error";
import type { AppEnv } from "./request-context";

/** Who may call a route: `public` (anyone) or a list of roles. */
export type Access = "public" | readonly Role[];

/** The explicit role check every route carries (see `route()` in ../route.ts). */
export function requireRole(access: Access): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (access === "public") return next();
    const actor = c.get("actor");
    if (actor.type !== "user") throw new VisibleError("unauthenticated", "auth.required", "Sign in to continue.");
    if (!access.includes(actor.role)) throw new VisibleError("forbidden", "auth.forbidden", "Your role may not do this.");
    return next();
  };
}
