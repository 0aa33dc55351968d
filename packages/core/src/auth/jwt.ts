import { SignJWT, jwtVerify, importJWK, exportJWK, generateKeyPair, type JWK, type CryptoKey } from "jose";
import { Resource } from "sst";
import { VisibleError } from "../util/error";
import type { Role } from "../actor";

/** Access tokens live 15 minutes; the refresh token carries the session beyond that. */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const ALG = "ES256";

export interface AccessClaims {
  sub: string;
  role: Role;
  patientId?: string | null;
  doctorId?: string | null;
}

interface Keys {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
  publicKey: CryptoKey;
}

let keys: Promise<Keys> | undefined;

function issuer() {
  const app = (Resource as unknown as { App: { name: string; stage: string } }).App;
  return `${app.name}:${app.stage}`;
}
export const AUDIENCE = "carebeat-api";

/** The signing key is an `sst.Secret` holding a private ES256 JWK (see `npm run keygen`). */
function loadKeys(): Promise<Keys> {
  keys ??= (async () => {
    const raw = (Resource as unknown as { JwtSigningKey: { value: string } }).JwtSigningKey.value;
    let jwk: JWK;
    try {
      jwk = JSON.parse(raw);
    } catch {
      throw new Error("JwtSigningKey is not a JSON Web Key");
    }
    if (jwk.kty !== "EC" || jwk.crv !== "P-256" || !jwk.d) throw new Error("JwtSigningKey must be a private P-256 JWK");
    const kid = jwk.kid ?? "carebeat-1";
    const { d: _d, ...pub } = jwk;
    const publicJwk: JWK = { ...pub, kid, alg: ALG, use: "sig" };
    return {
      kid,
      privateKey: (await importJWK({ ...jwk, alg: ALG }, ALG)) as CryptoKey,
      publicKey: (await importJWK(publicJwk, ALG)) as CryptoKey,
      publicJwk,
    };
  })();
  return keys;
}

export function resetKeyCache() {
  keys = undefined;
}

export async function signAccessToken(claims: AccessClaims, ttlSeconds = ACCESS_TOKEN_TTL_SECONDS): Promise<string> {
  const k = await loadKeys();
  return new SignJWT({ role: claims.role, pid: claims.patientId ?? undefined, did: claims.doctorId ?? undefined })
    .setProtectedHeader({ alg: ALG, kid: k.kid, typ: "at+jwt" })
    .setSubject(claims.sub)
    .setIssuer(issuer())
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(k.privateKey);
}

/** Verifies signature, algorithm (no `none`, no HS*), issuer, audience and expiry. */
export async function verifyAccessToken(token: string): Promise<AccessClaims> {
  const k = await loadKeys();
  try {
    const { payload } = await jwtVerify(token, k.publicKey, {
      algorithms: [ALG],
      issuer: issuer(),
      audience: AUDIENCE,
      typ: "at+jwt",
      requiredClaims: ["sub", "exp", "iat"],
    });
    const role = payload.role as Role;
    if (!["admin", "staff", "doctor", "patient"].includes(role)) throw new Error("bad role");
    return { sub: payload.sub!, role, patientId: (payload.pid as string) ?? null, doctorId: (payload.did as string) ?? null };
  } catch {
    throw new VisibleError("unauthenticated", "auth.invalid_token", "The access token is invalid or expired.");
  }
}

export async function jwks(): Promise<{ keys: JWK[] }> {
  const k = await loadKeys();
  return { keys: [k.publicJwk] };
}

/** A fresh private signing key as a JWK string, for `sst secret set JwtSigningKey`. */
export async function generateSigningKey(kid = `carebeat-${new Date().toISOString().slice(0, 10)}`): Promise<string> {
  const { privateKey } = await generateKeyPair(ALG, { extractable: true });
  const jwk = await exportJWK(privateKey);
  return JSON.stringify({ ...jwk, kid, alg: ALG });
}
