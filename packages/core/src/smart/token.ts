import { randomUUID } from "node:crypto";
import { and, eq, lt } from "drizzle-orm";
import { SignJWT, decodeJwt, decodeProtectedHeader, importJWK, jwtVerify, type JWK } from "jose";
import { useTransaction } from "../drizzle";
import { withActor, type Actor } from "../actor";
import { Audit } from "../audit";
import { signingKeys } from "../auth/jwt";
import { isSafeText } from "../util/text";
import { smartAssertionTable, smartClientTable } from "./smart.sql";
import { ASSERTION_ALGS, algOf, type AssertionAlg } from "./keys";
import { grant, parseScopes, parseScope } from "./scopes";

/**
 * The SMART Backend Services token endpoint (docs/smart.md): `client_credentials` with a
 * `private_key_jwt` client assertion (RFC 7523, SMART's client-confidential-asymmetric).
 *
 * Every failure is an RFC 6749 §5.2 error. A bad assertion — unknown client or kid, a signature,
 * algorithm, `aud`, `exp` or `jti` that does not hold, a disabled client — is `invalid_client`
 * (401): RFC 7523 §3.2 makes a failed client-authentication assertion exactly that, and the
 * answer never says which check failed (the audit row does). `invalid_grant` is not used: a
 * client_credentials request carries no grant of its own to be invalid.
 */
export const CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/** Access tokens for clients: 5 minutes, no refresh token (a client signs a new assertion instead). */
export const CLIENT_TOKEN_TTL_SECONDS = 300;
/** How far ahead an assertion's `exp` may be (SMART: no more than five minutes). */
export const ASSERTION_MAX_LIFETIME_SECONDS = 300;
/** Clock skew allowed between the client and this server, on `exp` and `iat`. */
const SKEW_SECONDS = 5;
/** The audience of client access tokens: accepted on /fhir only; the REST API's `carebeat-api` verifier refuses them. */
export const CLIENT_TOKEN_AUDIENCE = "carebeat-fhir";

export type TokenError = "invalid_request" | "invalid_client" | "invalid_scope" | "unsupported_grant_type";
type TokenRefusal = { ok: false; status: 400 | 401; error: TokenError; description: string };
export type TokenResult = { ok: true; body: { access_token: string; token_type: "bearer"; expires_in: number; scope: string } } | TokenRefusal;

export interface TokenRequest {
  /** The form fields as sent (each once; repeated fields arrive as a list and are refused). */
  form: Record<string, string | string[] | undefined>;
  /** The token endpoint's own absolute URL: the assertion's `aud` must be exactly this. */
  tokenUrl: string;
}

const fail = (status: 400 | 401, error: TokenError, description: string): TokenRefusal => ({ ok: false, status, error, description });
const badClient = () => fail(401, "invalid_client", "The client assertion was not accepted.");

/** A refusal, audited under the client the assertion claims to be (unverified: it is what was sent). */
async function refuse(result: TokenRefusal, clientId: string | null, reason: string) {
  await Audit.record({
    action: "smart.token",
    resourceType: "smart_client",
    resourceId: clientId,
    outcome: "denied",
    detail: { error: result.error, reason },
  });
  return result;
}

function field(form: TokenRequest["form"], name: string): string | undefined | null {
  const v = form[name];
  if (Array.isArray(v)) return null;
  return v;
}

export async function issueClientToken({ form, tokenUrl }: TokenRequest): Promise<TokenResult> {
  const grantType = field(form, "grant_type");
  const assertionType = field(form, "client_assertion_type");
  const assertion = field(form, "client_assertion");
  const scope = field(form, "scope");
  const fields = [grantType, assertionType, assertion, scope];
  if (fields.some((v) => v === null)) return refuse(fail(400, "invalid_request", "A parameter was given more than once."), null, "repeated parameter");
  if (fields.some((v) => typeof v === "string" && !isSafeText(v)))
    return refuse(fail(400, "invalid_request", "A parameter holds characters that are not allowed."), null, "unsafe text");
  if (!grantType) return refuse(fail(400, "invalid_request", "grant_type is required."), null, "no grant_type");
  if (grantType !== "client_credentials") return refuse(fail(400, "unsupported_grant_type", "Only client_credentials is supported."), null, "grant_type");
  if (assertionType !== CLIENT_ASSERTION_TYPE)
    return refuse(fail(400, "invalid_request", `client_assertion_type must be ${CLIENT_ASSERTION_TYPE}.`), null, "client_assertion_type");
  if (!assertion || assertion.length > 8192) return refuse(fail(400, "invalid_request", "client_assertion is required."), null, "no client_assertion");
  if (!scope) return refuse(fail(400, "invalid_scope", "scope is required (e.g. system/Patient.rs)."), null, "no scope");

  // Who the assertion claims to be: only for the lookup and the audit row; verified below.
  let header: ReturnType<typeof decodeProtectedHeader>;
  let claimed: ReturnType<typeof decodeJwt>;
  try {
    header = decodeProtectedHeader(assertion);
    claimed = decodeJwt(assertion);
  } catch {
    return refuse(badClient(), null, "not a JWT");
  }
  const clientId = typeof claimed.iss === "string" && claimed.iss.length <= 64 && isSafeText(claimed.iss) ? claimed.iss : null;
  if (!clientId) return refuse(badClient(), null, "no iss");
  if (claimed.sub !== clientId) return refuse(badClient(), clientId, "sub differs from iss");
  if (!ASSERTION_ALGS.includes(header.alg as AssertionAlg)) return refuse(badClient(), clientId, `alg ${String(header.alg).slice(0, 20)} not allowed`);
  // A jku would ask this server to fetch keys from a URL; keys are registered inline only.
  if (header.jku !== undefined) return refuse(badClient(), clientId, "jku not supported");

  const [client] = await useTransaction((tx) => tx.select().from(smartClientTable).where(eq(smartClientTable.id, clientId)));
  if (!client) return refuse(badClient(), clientId, "unknown client");
  if (client.disabledAt) return refuse(badClient(), clientId, "client disabled");
  const jwk = (client.jwks.keys as JWK[]).find((k) => typeof header.kid === "string" && k.kid === header.kid);
  if (!jwk) return refuse(badClient(), clientId, "unknown kid");
  if (algOf(jwk) !== header.alg) return refuse(badClient(), clientId, "alg does not match the key");

  const now = Math.floor(Date.now() / 1000);
  let payload: Awaited<ReturnType<typeof jwtVerify>>["payload"];
  try {
    const key = await importJWK(jwk, header.alg);
    ({ payload } = await jwtVerify(assertion, key, { algorithms: [header.alg!], issuer: clientId, subject: clientId, audience: tokenUrl, requiredClaims: ["exp", "jti"] }));
  } catch (err) {
    const code = (err as { code?: string }).code ?? "invalid";
    return refuse(badClient(), clientId, code === "ERR_JWT_CLAIM_VALIDATION_FAILED" ? `claim ${(err as { claim?: string }).claim}` : code === "ERR_JWT_EXPIRED" ? "expired" : code);
  }
  if (payload.exp! > now + ASSERTION_MAX_LIFETIME_SECONDS + SKEW_SECONDS) return refuse(badClient(), clientId, "exp more than 5 minutes ahead");
  if (payload.iat !== undefined && payload.iat > now + SKEW_SECONDS) return refuse(badClient(), clientId, "iat in the future");
  if (typeof payload.jti !== "string" || payload.jti.length < 1 || payload.jti.length > 200 || !isSafeText(payload.jti)) return refuse(badClient(), clientId, "bad jti");

  const { scopes: requested, invalid } = parseScopes(scope);
  if (invalid.length) return refuse(fail(400, "invalid_scope", `Not a scope this server grants: ${invalid[0]!.slice(0, 100)}`), clientId, "malformed scope");
  const granted = grant(
    requested,
    client.scopes.map(parseScope).filter((s) => s !== null),
  );
  if (granted.length === 0) return refuse(fail(400, "invalid_scope", "None of the requested scopes is allowed for this client."), clientId, "scope outside the grant");

  // The jti is spent only once the assertion has passed every other check, so a forged or
  // mistyped one cannot burn a real client's jti. One insert decides: a concurrent replay of
  // the same assertion hits the primary key and inserts nothing.
  const spent = await useTransaction(async (db) => {
    await db.delete(smartAssertionTable).where(and(eq(smartAssertionTable.clientId, clientId), lt(smartAssertionTable.expiresAt, new Date())));
    const rows = await db
      .insert(smartAssertionTable)
      .values({ clientId, jti: payload.jti as string, expiresAt: new Date((payload.exp! + SKEW_SECONDS) * 1000) })
      .onConflictDoNothing()
      .returning({ jti: smartAssertionTable.jti });
    return rows.length === 1;
  });
  if (!spent) return refuse(badClient(), clientId, "jti replayed");

  const keys = await signingKeys();
  const accessToken = await new SignJWT({ scope: granted.join(" ") })
    .setProtectedHeader({ alg: "ES256", kid: keys.kid, typ: "at+jwt" })
    .setIssuer(keys.issuer)
    .setAudience(CLIENT_TOKEN_AUDIENCE)
    .setSubject(clientId)
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + CLIENT_TOKEN_TTL_SECONDS)
    .sign(keys.privateKey);
  const actor: Actor = { type: "system", name: "smart-client", client: { id: clientId, scopes: granted } };
  await withActor(actor, () =>
    Audit.record({
      action: "smart.token",
      resourceType: "smart_client",
      resourceId: clientId,
      detail: { scope: granted.join(" "), requested: scope.slice(0, 500), expiresIn: CLIENT_TOKEN_TTL_SECONDS },
    }),
  );
  return { ok: true, body: { access_token: accessToken, token_type: "bearer", expires_in: CLIENT_TOKEN_TTL_SECONDS, scope: granted.join(" ") } };
}
