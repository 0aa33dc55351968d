import type { MiddlewareHandler } from "hono";
import { createId } from "@carebeat/core/util/id";
import { withActor, withRequest, type Actor } from "@carebeat/core/actor";
import { verifyAccessToken } from "@carebeat/core/auth";
import { clientAddress } from "./client-address";

export type AppEnv = { Variables: { requestId: string; actor: Actor } };

/**
 * Assigns a request id, and when a bearer token is present verifies it and puts the
 * actor into async context for the domain layer. A bad token is a 401 even on public
 * routes: a client that sent credentials should learn they were rejected.
 */
export const requestContext: MiddlewareHandler<AppEnv> = async (c, next) => {
  const requestId = createId("request");
  c.set("requestId", requestId);
  c.header("x-request-id", requestId);
  let actor: Actor = { type: "public" };
  const header = c.req.header("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const claims = await verifyAccessToken(match?.[1] ?? "");
    actor = { type: "user", userId: claims.sub, role: claims.role, patientId: claims.patientId, doctorId: claims.doctorId };
  }
  c.set("actor", actor);
  const ip = clientAddress(c);
  return withRequest({ requestId, ip }, () => withActor(actor, () => next()));
};
