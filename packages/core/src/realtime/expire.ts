import { decodeJwt } from "jose";
import { closeConnection } from "./management";
import { removeConnection } from "./connections";
import { log, errorFields } from "../observability/log";

/** A connection whose token ran out: closed (the client reconnects with a fresh one) and forgotten. */
export async function expire(connectionId: string) {
  try {
    await closeConnection(connectionId);
    await removeConnection(connectionId);
  } catch (err) {
    log.error("realtime.expire_failed", { connectionId, ...errorFields(err) });
  }
}

/** The `exp` of a token `verifyAccessToken` has already accepted (jose reads it, no new crypto). */
export function tokenExpiry(token: string): number {
  return decodeJwt(token).exp!;
}
