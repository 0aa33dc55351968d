import { hash, verify, type Options } from "@node-rs/argon2";

/**
 * argon2id with OWASP's second recommended profile (19 MiB, 2 passes): memory-hard,
 * and cheap enough (~30 ms) for a 1 GB Lambda. Parameters live in the hash string,
 * so raising them later still verifies old hashes.
 */
// `Algorithm` is a const enum (unusable under isolatedModules): 2 is Argon2id.
const options: Options = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password);
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
