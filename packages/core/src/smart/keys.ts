import { calculateJwkThumbprint, importJWK, type JWK } from "jose";
import type { FieldIssue } from "../util/error";

/**
 * The public keys a client signs its assertions with (docs/smart.md). SMART Backend Services
 * servers must accept ES384 and RS384; those two are all that is accepted, each tied to its
 * key type so a key is only ever used with the one algorithm it was registered for.
 */
export const ASSERTION_ALGS = ["ES384", "RS384"] as const;
export type AssertionAlg = (typeof ASSERTION_ALGS)[number];

const MAX_KEYS = 10;
const MIN_RSA_BITS = 2048;
/** Private JWK members (RFC 7517/7518): a registration carrying any of them leaked a private key. */
const PRIVATE = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

export const algOf = (jwk: JWK): AssertionAlg | null => (jwk.kty === "EC" && jwk.crv === "P-384" ? "ES384" : jwk.kty === "RSA" ? "RS384" : null);

/** Only the members that describe the public key (and its kid/alg/use) are kept. */
function publicMembers(jwk: JWK): JWK {
  const keep = ["kty", "crv", "x", "y", "n", "e", "kid", "alg", "use", "key_ops"] as const;
  return Object.fromEntries(keep.filter((k) => jwk[k] !== undefined).map((k) => [k, jwk[k]])) as JWK;
}

/**
 * A registration's JWK Set checked and normalised: public P-384 EC or RSA (≥ 2048 bits) keys,
 * each importable, with a unique `kid` (the RFC 7638 thumbprint when the key has none). The
 * problems name the field (`jwks.keys.0.kty`).
 */
export async function checkKeySet(jwks: { keys: Record<string, unknown>[] }): Promise<{ keys: JWK[] } | { issues: FieldIssue[] }> {
  const issues: FieldIssue[] = [];
  const keys: JWK[] = [];
  if (jwks.keys.length === 0 || jwks.keys.length > MAX_KEYS) return { issues: [{ field: "jwks.keys", message: `Give 1 to ${MAX_KEYS} public keys` }] };
  for (const [i, raw] of jwks.keys.entries()) {
    const at = `jwks.keys.${i}`;
    const jwk = raw as JWK;
    const secret = PRIVATE.find((m) => m in raw);
    if (secret) {
      issues.push({ field: `${at}.${secret}`, message: "Register the public key only: this member belongs to a private key" });
      continue;
    }
    const alg = algOf(jwk);
    if (!alg) {
      issues.push({ field: `${at}.kty`, message: "Expected an EC key on P-384 (ES384) or an RSA key (RS384)" });
      continue;
    }
    if (jwk.alg !== undefined && jwk.alg !== alg) {
      issues.push({ field: `${at}.alg`, message: `This key signs with ${alg}` });
      continue;
    }
    if (jwk.kid !== undefined && (typeof jwk.kid !== "string" || jwk.kid.length < 1 || jwk.kid.length > 200)) {
      issues.push({ field: `${at}.kid`, message: "A kid is a string of 1 to 200 characters" });
      continue;
    }
    if (alg === "RS384" && typeof jwk.n === "string" && Buffer.from(jwk.n, "base64url").length * 8 < MIN_RSA_BITS) {
      issues.push({ field: `${at}.n`, message: `RSA keys must have at least ${MIN_RSA_BITS} bits` });
      continue;
    }
    try {
      await importJWK(jwk, alg);
    } catch {
      issues.push({ field: at, message: "Not a valid public key" });
      continue;
    }
    const pub = publicMembers(jwk);
    keys.push({ ...pub, kid: pub.kid ?? (await calculateJwkThumbprint(pub, "sha256")), alg });
  }
  const kids = keys.map((k) => k.kid);
  kids.forEach((kid, i) => {
    if (kids.indexOf(kid) !== i) issues.push({ field: `jwks.keys.${i}.kid`, message: "Two keys share this kid" });
  });
  return issues.length ? { issues } : { keys };
}
