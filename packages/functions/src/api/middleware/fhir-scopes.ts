import type { MiddlewareHandler } from "hono";
import { Audit } from "@carebeat/core/audit";
import { VisibleError } from "@carebeat/core/util/error";
import { FHIR_BASE_PATH, patientOfFhirPath } from "@carebeat/core/fhir/ids";
import { needOf } from "@carebeat/core/smart/interactions";
import { parseScope, permits } from "@carebeat/core/smart/scopes";
import type { AppEnv } from "./request-context";

/**
 * SMART scopes on the FHIR routes (docs/smart.md): a SMART client (a system actor with scopes)
 * passes a FHIR route only when its granted scopes cover the request — `system/Patient.r` for
 * a read, `.s` for a search, `.c`/`.u`/`.d` for writes — and is otherwise refused with a 403
 * OperationOutcome, audited with the client's id and the patient the path names. Users are
 * untouched: their role rules (./require-role.ts) and record scopes decide as before.
 */
export const fhirScopes: MiddlewareHandler<AppEnv> = async (c, next) => {
  const actor = c.get("actor");
  if (actor.type !== "system" || !actor.client) return next();
  const scopes = actor.client.scopes;
  const need = needOf(c.req.method, c.req.path.slice(FHIR_BASE_PATH.length));
  if (need.kind === "public") return next();
  const ok = need.kind === "resource" ? permits(scopes, need.type, need.permission) : need.kind === "export" ? scopes.some((s) => parseScope(s)?.permissions.includes("r")) : false;
  if (ok) {
    c.set("scopeGranted", true);
    return next();
  }
  const required = need.kind === "resource" ? `system/${need.type}.${need.permission}` : need.kind === "export" ? "a read scope" : "none opens this route";
  const resourceType = need.kind === "resource" ? `fhir.${need.type}` : "fhir";
  await Audit.record({
    action: `${resourceType}.${c.req.method.toLowerCase()}`,
    resourceType,
    patientId: patientOfFhirPath(c.req.path),
    outcome: "denied",
    detail: { method: c.req.method, path: c.req.path.slice(0, 200), reason: "scope", required, granted: scopes.join(" ") },
  });
  throw new VisibleError("forbidden", "smart.scope_missing", `The access token's scope does not allow this (needs ${required}).`);
};
