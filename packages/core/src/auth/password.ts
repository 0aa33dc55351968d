import { createRequire } from "node:module";
import type { Options } from "@node-rs/argon2";

/**
 * The native argon2 binding is loaded on the first password operation, not at import: most
 * cold starts serve token-authenticated requests that never hash, and loading the CommonJS
 * package and its .node binary is a measurable part of the API's module load (docs/capacity.md).
 * A synchronous require, once per process (cached), not a dynamic import.
 */
const requireHere = createRequire(import.meta.url);
let argon2: typeof import("@node-rs/argon2") | undefined;
const binding = () => (argon2 ??= requireHere("@node-rs/argon2") as typeof import("@node-rs/argon2"));

/**
 * argon2id with OWASP's second recommended profile (19 MiB, 2 passes): memory-hard,
 * and cheap enough (~30 ms) for a 1 GB Lambda. Parameters live in the hash string,
 * so raising them later still verifies old hashes.
 */
// `Algorithm` is a const enum (unusable under isolatedModules): 2 is Argon2id.
const options: Options = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return binding().hash(password, options);
}

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await binding().verify(hashed, password);
  } catch {
    return false;
  }
}

/** Verified against when the email is unknown, so response time does not reveal accounts. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword("carebeat-timing-equaliser");
  return dummy;
}
