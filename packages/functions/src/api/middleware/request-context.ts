import type { MiddlewareHandler } from "hono";
import { createId } from "@carebeat/core/util/id";
import { withActor, withRequest, type Actor } from "@carebeat/core/actor";
import { VisibleError } from "@carebeat/core/util/error";
import { clientAddress } from "./client-address";
import { log, withLogContext } from "@carebeat/core/observability/log";
import { routePath } from "hono/route";
import { problemFromError } from "../problem";
import { patientOfFhirPath } from "@carebeat/core/fhir/ids";

/** The patient a URL is about, before routing (for the audit row of a refused token). */
function patientOfPath(path: string): string | null {
  const m = /^\/api\/(?:patients|appointments\/patient)\/([^/]{1,64})(?:\/|$)/.exec(path);
  if (!m) return patientOfFhirPath(path);
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return m[1]!;
  }
}

function safeRoute(c: Parameters<MiddlewareHandler>[0]): string {
  try {
    return routePath(c, -1);
  } catch {
    return "(unmatched)";
  }
}

export type AppEnv = {
  Variables: {
    requestId: string;
    actor: Actor;
    /** Set by ./fhir-scopes.ts once a SMART client's scope covers the request: the only way such a client passes ./require-role.ts. */
    scopeGranted?: true;
  };
};

/**
 * Assigns a request id (sent back as `x-request-id` on every response, errors included), and
 * when a bearer token is present verifies it and puts the actor into async context for the
 * domain layer. A bad token is a 401 even on public routes — a client that sent credentials
 * should learn they were rejected — and it is audited: a forged or stolen-and-expired token
 * probing a URL is exactly what the log is for.
 */
export const requestContext: MiddlewareHandler<AppEnv> = async (c, next) => {
  const requestId = createId("request");
  const started = performance.now();
  c.set("requestId", requestId);
  const request = { requestId, ip: clientAddress(c) };
  let actor: Actor = { type: "public" };
  const header = c.req.header("authorization");
  if (header) {
    try {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      // Signature and claims, then still honoured by the account (not disabled, password
      // unchanged since): one cached read per user. auth/revocation.ts (drizzle and the users
      // table) loads with the first signed-in request, not at init.
      const token = match?.[1] ?? "";
      const smart = c.req.path.startsWith("/fhir/") ? await import("@carebeat/core/smart/access") : undefined;
      // A SMART client's token (docs/smart.md) admits a system actor on /fhir only; anywhere
      // else it goes to the session verifier, which refuses its audience like any bad token.
      if (smart?.isClientToken(token)) actor = await smart.verifyClientToken(token);
      else {
        const { verifySessionToken } = await import("@carebeat/core/auth/revocation");
        const claims = await verifySessionToken(token);
        actor = { type: "user", userId: claims.sub, role: claims.role, patientId: claims.patientId, doctorId: claims.doctorId, ...(claims.enrol ? { mfaPending: true } : {}) };
      }
    } catch (err) {
      if (!(err instanceof VisibleError)) throw err;
      // The audit module (drizzle and its schema) is loaded with the first refused token, not at init.
      const { Audit } = await import("@carebeat/core/audit");
      await withRequest(request, () =>
        Audit.record({
          action: "auth.token_rejected",
          resourceType: "auth",
          patientId: patientOfPath(c.req.path),
          outcome: "denied",
          detail: { method: c.req.method, path: c.req.path.slice(0, 200), code: err.code, ip: request.ip ?? null },
        }),
      );
      const res = problemFromError(c, err);
      res.headers.set("x-request-id", requestId);
      return res;
    }
  }
  c.set("actor", actor);
  // The request id is the correlation id: it goes into outbox rows and billing executions, so
  // the relay, analytics, billing tasks and pushes log it too (docs/observability.md).
  await withLogContext({ requestId, correlationId: requestId, handler: "api" }, () => withRequest(request, () => withActor(actor, () => next())));
  // Set on the final response (after next), so error answers built as new Responses carry it too.
  c.res.headers.set("x-request-id", requestId);
  // One access line per request: the route pattern (never the path with its ids or the query),
  // the status and the time; the body, headers and token stay out.
  log.info("api.request", {
    handler: "api",
    requestId,
    correlationId: requestId,
    method: c.req.method,
    route: safeRoute(c),
    status: c.res.status,
    ms: Math.round(performance.now() - started),
  });
};
