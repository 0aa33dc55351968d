import { sql } from "drizzle-orm";
import { useDb, outsideTransaction } from "../drizzle";
import { VisibleError } from "../util/error";

/**
 * Sign-in throttling that holds under concurrency, in both homes and across Lambda containers.
 *
 * A sign-in first *takes an attempt slot* with one atomic upsert (`INSERT … ON CONFLICT DO
 * UPDATE … RETURNING`) and only then verifies the password. Postgres serialises the upserts
 * on the row, so of any burst — 50 requests at once, from any number of containers — at most
 * `limit` see a count within the limit; the rest are refused with 429 before the password is
 * looked at (so a correct password inside a locked window is refused too).
 *
 * Two keys per attempt: the email (5 per 15 minutes) and the source address (30 per 15
 * minutes, so one address cannot spray many accounts). A successful sign-in clears the email's
 * count and gives its slot back to the address: only failures use up an address's budget.
 * The window is fixed: it starts with the first attempt and the lock lifts when it ends.
 *
 * Rows live in `login_throttle`, whose `email` column holds the key (`email:…` or `ip:…`).
 */
export const WINDOW_SECONDS = 15 * 60;
export const limits = { email: 5, ip: 30 } as const;
/** Kept for callers that speak of the per-email limit. */
export const MAX_FAILURES = limits.email;

export type ThrottleScope = keyof typeof limits;
export interface Slot {
  scope: ThrottleScope;
  key: string;
}

export class ThrottledError extends VisibleError {
  constructor(
    public readonly scope: ThrottleScope,
    retryAfterSeconds: number,
  ) {
    super("rate-limited", "auth.locked", "Too many failed sign-in attempts. Try again later.", [], { "Retry-After": String(Math.max(1, retryAfterSeconds)) });
  }
}

const keyOf = (scope: ThrottleScope, value: string) => `${scope}:${value}`;

/** Committed at once on the pool: the count must be visible to every other request now. */
function onPool<T>(run: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => void outsideTransaction(() => run().then(resolve, reject)).catch(reject));
}

async function take(scope: ThrottleScope, value: string): Promise<Slot> {
  const key = keyOf(scope, value);
  const rows = await onPool(() =>
    useDb().execute<{ attempts: number; retry_after: number }>(sql`
      insert into login_throttle (email, failures, window_start, locked_until)
      values (${key}, 1, now(), null)
      on conflict (email) do update set
        failures = case when login_throttle.window_start <= now() - make_interval(secs => ${WINDOW_SECONDS})
                        then 1 else least(login_throttle.failures + 1, 1000000) end,
        window_start = case when login_throttle.window_start <= now() - make_interval(secs => ${WINDOW_SECONDS})
                        then now() else login_throttle.window_start end,
        locked_until = case when login_throttle.window_start > now() - make_interval(secs => ${WINDOW_SECONDS})
                              and login_throttle.failures + 1 > ${limits[scope]}
                        then login_throttle.window_start + make_interval(secs => ${WINDOW_SECONDS}) else null end
      returning failures as attempts,
        ceil(extract(epoch from (window_start + make_interval(secs => ${WINDOW_SECONDS}) - now())))::int as retry_after
    `),
  );
  const row = (Array.isArray(rows) ? rows[0] : (rows as { rows: unknown[] }).rows[0]) as { attempts: number; retry_after: number };
  if (Number(row.attempts) > limits[scope]) throw new ThrottledError(scope, Number(row.retry_after));
  return { scope, key };
}

/**
 * Take a slot for this sign-in before the password is checked. The address goes first, so a
 * request refused for its address does not use up the email's budget.
 */
export async function takeAttempt(email: string, ip: string | undefined): Promise<Slot[]> {
  const slots: Slot[] = [];
  if (ip) slots.push(await take("ip", ip));
  slots.push(await take("email", email));
  return slots;
}

/** The password was right: forget the email's failures and hand the address its slot back. */
export async function attemptSucceeded(slots: Slot[]) {
  for (const slot of slots)
    await onPool(() =>
      slot.scope === "email"
        ? useDb().execute(sql`delete from login_throttle where email = ${slot.key}`)
        : useDb().execute(sql`update login_throttle set failures = greatest(failures - 1, 0) where email = ${slot.key}`),
    );
}

/**
 * The password was right but the second factor is still to come (MFA): the slots are handed back
 * without clearing the email's failures, so asking for the code step again and again cannot reset
 * the count that wrong codes build up.
 */
export async function attemptReleased(slots: Slot[]) {
  for (const slot of slots) await onPool(() => useDb().execute(sql`update login_throttle set failures = greatest(failures - 1, 0) where email = ${slot.key}`));
}
