import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from "jose";

/**
 * The value of the `JwtSigningKey` secret (and of `.data/jwt-signing-key.json` offline).
 *
 * Two shapes are accepted:
 * - a JWK Set `{"keys":[current, previous?]}`: the first key is a private P-256 JWK and signs
 *   new access tokens; a second one is the key it replaced, kept public-only so tokens it
 *   signed keep verifying until they expire (15 minutes) — a rotation signs nobody out;
 * - a single private P-256 JWK: what `npm run keygen` printed before rotation existed.
 *
 * Every key is known by its `kid`: the one written in the JWK, or else its RFC 7638 thumbprint
 * (new keys are written with the thumbprint as kid). Tokens name the kid that signed them, and
 * verification only uses a key listed here under that kid.
 */
export const ALG = "ES256";
/** The current key and the one before it: a third would only lengthen what an old leak is good for. */
const MAX_KEYS = 2;

export interface ParsedKeySet {
  /** The private signing key (with `kid`). */
  current: JWK;
  /** Public-only keys still accepted for verification (with `kid`). */
  previous: JWK[];
}

const bad = (why: string) => new Error(`JwtSigningKey: ${why} (see docs/auth.md, "Key rotation")`);

function publicPart(jwk: JWK): JWK {
  const { d: _d, ...pub } = jwk;
  return pub;
}

async function withKid(jwk: JWK): Promise<JWK> {
  if (jwk.kty !== "EC" || jwk.crv !== "P-256" || typeof jwk.x !== "string" || typeof jwk.y !== "string") throw bad("every key must be a P-256 (ES256) JWK");
  const kid = typeof jwk.kid === "string" && jwk.kid ? jwk.kid : await calculateJwkThumbprint({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, "sha256");
  return { ...jwk, kid, alg: ALG, use: "sig" };
}

export async function parseKeySet(raw: string): Promise<ParsedKeySet> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw bad("not JSON (a JWK or a JWK Set)");
  }
  const list: JWK[] = value && typeof value === "object" && Array.isArray((value as { keys?: unknown }).keys) ? (value as { keys: JWK[] }).keys : [value as JWK];
  if (list.length === 0 || list.length > MAX_KEYS) throw bad(`expected 1 to ${MAX_KEYS} keys, found ${list.length}`);
  const keys = await Promise.all(list.map((k) => withKid(k ?? {})));
  if (!keys[0]!.d) throw bad("the first key signs, so it must be a private JWK");
  if (new Set(keys.map((k) => k.kid)).size !== keys.length) throw bad("two keys share one kid");
  return { current: keys[0]!, previous: keys.slice(1).map(publicPart) };
}

function serializeKeySet(set: ParsedKeySet): string {
  return JSON.stringify({ keys: [set.current, ...set.previous.map(publicPart)] });
}

/** A fresh private key, its kid the RFC 7638 thumbprint. */
async function newSigningJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair(ALG, { extractable: true });
  return withKid(await exportJWK(privateKey));
}

/** A new secret value with one fresh key. */
export async function generateKeySet(): Promise<string> {
  return serializeKeySet({ current: await newSigningJwk(), previous: [] });
}

/**
 * Step 1 of a rotation: a fresh key signs from now on; the old current key stays listed
 * (public half only) so the tokens it signed still verify. An older previous key is dropped.
 */
export async function rotateKeySet(oldValue: string): Promise<string> {
  const old = await parseKeySet(oldValue);
  return serializeKeySet({ current: await newSigningJwk(), previous: [publicPart(old.current)] });
}

/** Step 2, once the last token of the previous key has expired: list only the current key. */
export async function dropPreviousKeys(value: string): Promise<string> {
  const set = await parseKeySet(value);
  return serializeKeySet({ current: set.current, previous: [] });
}

/**
 * The secret's value out of what an operator pipes in: the raw JSON, or the output of
 * `sst secret list` (one `Name=value` line per secret), from which the JwtSigningKey line is taken.
 */
export function secretFromInput(text: string): string {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) return trimmed;
  const line = trimmed.split(/\r?\n/).find((l) => l.startsWith("JwtSigningKey="));
  if (!line) throw new Error("expected a key set (JSON) or a JwtSigningKey= line from `sst secret list`");
  return line.slice("JwtSigningKey=".length).trim();
}
