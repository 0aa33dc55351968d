import { eq } from "drizzle-orm";
import { useTransaction } from "../drizzle";
import { VisibleError } from "../util/error";
import { userTable } from "./user.sql";
import { verifyAccessToken, type AccessClaims } from "./jwt";

/**
 * Instant revocation of stateless access tokens (issue 18). Every token carries the account's
 * `token_version` (claim `ver`). Disabling an account, changing or resetting its password raise
 * the version; a request whose token names an older version, or an account that is disabled or
 * gone, is refused with 401 `auth.token_revoked`.
 *
 * The check reads one indexed row per account, remembered per process for REVOCATION_CACHE_MS
 * (2 s): a signed-in user's burst of requests costs one query, and a token is refused at most
 * that long after the change in every other container (in the process that made the change,
 * at once: it calls `forgetSession`). Without the cache every request would pay a round trip;
 * without the check a disabled account would keep its 15 minutes.
 */
export const REVOCATION_CACHE_MS = Number(process.env.CAREBEAT_REVOCATION_CACHE_MS ?? 2_000);
const CACHE_MAX = 5_000;

interface SessionState {
  version: number;
  active: boolean;
}

const cache = new Map<string, { at: number; state: Promise<SessionState | undefined> }>();

function read(userId: string): Promise<SessionState | undefined> {
  return useTransaction((tx) => tx.select({ version: userTable.tokenVersion, disabledAt: userTable.disabledAt }).from(userTable).where(eq(userTable.id, userId))).then(([row]) =>
    row ? { version: row.version, active: row.disabledAt === null } : undefined,
  );
}

function stateOf(userId: string): Promise<SessionState | undefined> {
  const now = Date.now();
  const hit = cache.get(userId);
  if (hit && now - hit.at < REVOCATION_CACHE_MS) return hit.state;
  // Concurrent requests of one user share the one read; a failed read is not remembered.
  const state = read(userId);
  state.catch(() => cache.delete(userId));
  cache.delete(userId);
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(userId, { at: now, state });
  return state;
}

export const revokedError = () =>
  new VisibleError("unauthenticated", "auth.token_revoked", "This session has ended (the account was disabled or its password changed); sign in again.");

/** Throws 401 `auth.token_revoked` unless the account exists, is enabled and still at the token's version. */
async function assertSessionCurrent(claims: Pick<AccessClaims, "sub" | "version">): Promise<void> {
  const state = await stateOf(claims.sub);
  if (!state || !state.active || state.version !== (claims.version ?? 0)) throw revokedError();
}

/** The token's signature and claims (./jwt.ts), then whether the account still honours it. */
export async function verifySessionToken(token: string): Promise<AccessClaims> {
  const claims = await verifyAccessToken(token);
  await assertSessionCurrent(claims);
  return claims;
}

/** After a change to the account in this process: the next request reads it again. */
export function forgetSession(userId: string) {
  cache.delete(userId);
}
