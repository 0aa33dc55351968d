import type { MiddlewareHandler } from "hono";
import type { Role } from "@carebeat/core/actor";
import { Audit } from "@carebeat/core/audit";
import { VisibleError } from "@carebeat/core/util/error";
import type { AppEnv } from "./request-context";
import { patientOfFhirPath } from "@carebeat/core/fhir/ids";

/** Who may call a route: `public` (anyone) or a list of roles. */
export type Access = "public" | readonly Role[];

/** Path segment after /api → the resource type recorded for a refused call (`fhir.Patient` under /fhir/R4). */
function resourceOf(path: string) {
  const fhir = /^\/fhir\/R4\/([A-Za-z]{1,40})/.exec(path);
  if (fhir) return `fhir.${fhir[1]}`;
  return path.split("/")[2] ?? "api";
}

/**
 * The explicit role check every route carries (see `route()` in ../route.ts).
 * A refusal is audited, with the patient id when the URL names one, because probing
 * for records one may not see is exactly what an audit log is for.
 */
export function requireRole(access: Access, opts: { enrolment?: boolean } = {}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (access === "public") return next();
    const actor = c.get("actor");
    // A SMART client has no role: it passes only where ./fhir-scopes.ts granted its scope (docs/smart.md).
    if (actor.type === "system" && actor.client && c.get("scopeGranted")) return next();
    const allowed = actor.type === "user" && access.includes(actor.role);
    // An account that must enrol in MFA first reaches only the enrolment routes (docs/auth.md).
    if (allowed && actor.mfaPending && !opts.enrolment)
      throw new VisibleError("forbidden", "auth.mfa_enrolment_required", "Set up two-step sign-in (an authenticator app) before you continue.");
    if (allowed) return next();
    const resourceType = resourceOf(c.req.path);
    const params = c.req.param() as Record<string, string>;
    const patientId = params.patientId ?? (resourceType === "patients" ? params.id : (patientOfFhirPath(c.req.path) ?? undefined));
    await Audit.record({
      action: `${resourceType}.${c.req.method.toLowerCase()}`,
      resourceType,
      resourceId: params.id ?? null,
      patientId: patientId ?? null,
      outcome: "denied",
      detail: { route: c.req.routePath, method: c.req.method, reason: actor.type === "user" ? "role" : "unauthenticated" },
    });
    if (actor.type !== "user") throw new VisibleError("unauthenticated", "auth.required", "Sign in to continue.");
    throw new VisibleError("forbidden", "auth.role_not_allowed", "Your role may not do this.");
  };
}
