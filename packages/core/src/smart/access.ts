import { eq } from "drizzle-orm";
import { decodeJwt, jwtVerify, type JWTHeaderParameters } from "jose";
import { useTransaction } from "../drizzle";
import type { Actor } from "../actor";
import { signingKeys } from "../auth/jwt";
import { VisibleError } from "../util/error";
import { smartClientTable } from "./smart.sql";
import { CLIENT_TOKEN_AUDIENCE, CLIENT_TOKEN_TTL_SECONDS } from "./token";
import { parseScope } from "./scopes";

/**
 * Whether a bearer token is a SMART client's (its `aud`), read without verifying it: only to
 * choose the verifier. A token that merely claims this audience is then verified like any other.
 */
export function isClientToken(token: string): boolean {
  try {
    const aud = decodeJwt(token).aud;
    return aud === CLIENT_TOKEN_AUDIENCE;
  } catch {
    return false;
  }
}

const invalid = () => new VisibleError("unauthenticated", "auth.invalid_token", "The access token is invalid or expired.");

/**
 * A client access token (./token.ts) → the system actor it admits on the FHIR routes. Signature
 * (the API's own key set), issuer, audience, expiry and lifetime are checked, and the client is
 * read on every request: disabling a client stops its tokens at once, not after 5 minutes.
 */
export async function verifyClientToken(token: string): Promise<Actor> {
  const keys = await signingKeys();
  const keyFor = (h: JWTHeaderParameters) => {
    const key = h.kid === undefined ? undefined : keys.byKid.get(h.kid);
    if (!key) throw new Error("unknown kid");
    return key;
  };
  let payload: Awaited<ReturnType<typeof jwtVerify>>["payload"];
  try {
    ({ payload } = await jwtVerify(token, keyFor, {
      algorithms: ["ES256"],
      issuer: keys.issuer,
      audience: CLIENT_TOKEN_AUDIENCE,
      typ: "at+jwt",
      requiredClaims: ["sub", "exp", "iat", "scope"],
    }));
  } catch {
    throw invalid();
  }
  if (payload.exp! - payload.iat! > CLIENT_TOKEN_TTL_SECONDS || typeof payload.scope !== "string") throw invalid();
  const scopes = payload.scope.split(" ").filter((s) => parseScope(s) !== null);
  const [client] = await useTransaction((tx) => tx.select({ disabledAt: smartClientTable.disabledAt }).from(smartClientTable).where(eq(smartClientTable.id, payload.sub!)));
  if (!client || client.disabledAt) throw new VisibleError("unauthenticated", "auth.token_revoked", "This client is disabled.");
  return { type: "system", name: "smart-client", client: { id: payload.sub!, scopes } };
}
