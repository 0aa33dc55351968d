import { SignJWT, jwtVerify, importJWK, type JWK, type JWTHeaderParameters } from "jose";
import { links } from "../util/links";
import { VisibleError } from "../util/error";
import { roles, type Role } from "../actor";
import { ALG, parseKeySet, generateKeySet } from "./keyset";

/** Access tokens live 15 minutes; the refresh token carries the session beyond that. */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export { ALG } from "./keyset";

export interface AccessClaims {
  sub: string;
  role: Role;
  patientId?: string | null;
  doctorId?: string | null;
  /** The account's token version when the token was issued (claim `ver`; ./revocation.ts). */
  version?: number;
  /**
   * The account must enrol in MFA before anything else (claim `enr`; ./mfa-policy.ts): such a
   * token opens only the routes marked `enrolment` (the MFA enrolment pages, /me).
   */
  enrol?: boolean;
}

interface Keys {
  kid: string;
  privateKey: CryptoKey;
  /** Every listed key (current first) by kid: verification uses only these. */
  byKid: Map<string, CryptoKey>;
  publicJwks: JWK[];
  /** Tokens already verified with these keys (see verifyAccessToken). */
  verified: Map<string, { claims: AccessClaims; exp: number }>;
}

function issuer() {
  const app = links.App;
  return `${app.name}:${app.stage}`;
}
export const AUDIENCE = "carebeat-api";

/**
 * The keys come from the `JwtSigningKey` secret (format in ./keyset.ts). Parsed once per
 * secret value: a container only ever sees one value in AWS, and a test or a restarted
 * offline runtime that publishes another one gets it without a stale cache.
 */
let cache: { raw: string; keys: Promise<Keys> } | undefined;

function loadKeys(): Promise<Keys> {
  const raw = links.JwtSigningKey.value;
  if (cache?.raw !== raw) cache = { raw, keys: importKeys(raw) };
  return cache.keys;
}

async function importKeys(raw: string): Promise<Keys> {
  const { current, previous } = await parseKeySet(raw);
  const { d: _d, ...currentPublic } = current;
  const publicJwks = [currentPublic, ...previous];
  const byKid = new Map<string, CryptoKey>();
  for (const jwk of publicJwks) byKid.set(jwk.kid!, (await importJWK(jwk, ALG)) as CryptoKey);
  return { kid: current.kid!, privateKey: (await importJWK(current, ALG)) as CryptoKey, byKid, publicJwks, verified: new Map() };
}

/**
 * The current signing key, the verification keys by kid and the issuer, for another kind of
 * access token signed with the same secret (core/smart's client tokens): one key set to rotate.
 */
export async function signingKeys(): Promise<{ kid: string; privateKey: CryptoKey; byKid: ReadonlyMap<string, CryptoKey>; issuer: string }> {
  const k = await loadKeys();
  return { kid: k.kid, privateKey: k.privateKey, byKid: k.byKid, issuer: issuer() };
}

export function resetKeyCache() {
  cache = undefined;
}

export async function signAccessToken(claims: AccessClaims, ttlSeconds = ACCESS_TOKEN_TTL_SECONDS): Promise<string> {
  const k = await loadKeys();
  return new SignJWT({ role: claims.role, pid: claims.patientId ?? undefined, did: claims.doctorId ?? undefined, ver: claims.version ?? 0, enr: claims.enrol ? true : undefined })
    .setProtectedHeader({ alg: ALG, kid: k.kid, typ: "at+jwt" })
    .setSubject(claims.sub)
    .setIssuer(issuer())
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(k.privateKey);
}

/**
 * Verifies the key (the header's `kid` must be listed in the secret: a token without one, or
 * from a key that was dropped, is refused), signature, algorithm (no `none`, no HS*), issuer,
 * audience and expiry.
 *
 * A client sends the same access token with every request for its 15 minutes, and an ES256
 * signature check is ~0.2 ms of CPU on the event loop (the largest single cost of a booking
 * request in the offline runtime's profile, docs/local-runtime.md). So a token that verified is
 * remembered — the exact token string, signature included — with its claims and expiry, per
 * key set (a new secret value starts an empty cache, so a dropped key's tokens are not
 * honoured from memory). A remembered token is still refused the second it expires. This is
 * the signature check only: whether the account still honours the token (disabled, password
 * changed) is ./revocation.ts, asked on every request. Bounded: the oldest entry goes first.
 */
const VERIFIED_MAX = 2000;
/** How far in the future an `iat` may lie: clock skew between the signing and verifying hosts. */
export const IAT_SKEW_SECONDS = 5;

export async function verifyAccessToken(token: string): Promise<AccessClaims> {
  const k = await loadKeys();
  const now = Date.now() / 1000;
  const known = k.verified.get(token);
  if (known) {
    if (known.exp > now) return { ...known.claims };
    k.verified.delete(token);
  }
  const keyFor = (header: JWTHeaderParameters) => {
    const key = header.kid === undefined ? undefined : k.byKid.get(header.kid);
    if (!key) throw new Error("unknown kid");
    return key;
  };
  try {
    const { payload } = await jwtVerify(token, keyFor, {
      algorithms: [ALG],
      issuer: issuer(),
      audience: AUDIENCE,
      typ: "at+jwt",
      requiredClaims: ["sub", "exp", "iat"],
    });
    // Our own tokens live ACCESS_TOKEN_TTL_SECONDS from their iat (issue 18): one that claims to
    // live longer, or to be issued in the future, was not made by signAccessToken — a leaked key
    // or a bug — and is refused even though its signature holds. A few seconds of clock skew
    // between containers are allowed for the iat.
    if (payload.iat! > now + IAT_SKEW_SECONDS) throw new Error("issued in the future");
    if (payload.exp! - payload.iat! > ACCESS_TOKEN_TTL_SECONDS) throw new Error("lifetime above the configured one");
    const role = payload.role as Role;
    if (!roles.includes(role)) throw new Error("bad role");
    const version = payload.ver === undefined ? 0 : payload.ver;
    if (!Number.isSafeInteger(version) || (version as number) < 0) throw new Error("bad ver");
    const claims: AccessClaims = {
      sub: payload.sub!,
      role,
      patientId: (payload.pid as string) ?? null,
      doctorId: (payload.did as string) ?? null,
      version: version as number,
      ...(payload.enr === true ? { enrol: true } : {}),
    };
    if (k.verified.size >= VERIFIED_MAX) k.verified.delete(k.verified.keys().next().value!);
    k.verified.set(token, { claims, exp: payload.exp! });
    return { ...claims };
  } catch {
    throw new VisibleError("unauthenticated", "auth.invalid_token", "The access token is invalid or expired.");
  }
}

export async function jwks(): Promise<{ keys: JWK[] }> {
  const k = await loadKeys();
  return { keys: k.publicJwks };
}

/**
 * A fresh secret value (a JWK Set with one private key, kid = its RFC 7638 thumbprint), for
 * `sst secret set JwtSigningKey`. Rotation: `rotateKeySet` in ./keyset.ts (`npm run keygen -- --rotate`).
 */
export function generateSigningKey(): Promise<string> {
  return generateKeySet();
}
