import { eq, sql } from "drizzle-orm";
import { useTransaction } from "../drizzle";
import { VisibleError } from "../util/error";
import { loginThrottleTable } from "./user.sql";

/** Five wrong passwords within 15 minutes lock the email for 15 minutes. */
export const MAX_FAILURES = 5;
export const WINDOW_SECONDS = 15 * 60;
export const LOCK_SECONDS = 15 * 60;

export async function assertNotLocked(email: string) {
  const [row] = await useTransaction((tx) =>
    tx.select().from(loginThrottleTable).where(eq(loginThrottleTable.email, email)),
  );
  if (row?.lockedUntil && row.lockedUntil.getTime() > Date.now()) {
    const retryAfter = Math.ceil((row.lockedUntil.getTime() - Date.now()) / 1000);
    throw new VisibleError(
      "rate-limited",
      "auth.locked",
      "Too many failed sign-in attempts. Try again later.",
      [],
      { "Retry-After": String(retryAfter) },
    );
  }
}

/** One atomic upsert, so concurrent failures from several containers all count. */
export async function recordFailure(email: string) {
  await useTransaction((tx) =>
    tx.execute(sql`
      insert into login_throttle (email, failures, window_start, locked_until)
      values (${email}, 1, now(), null)
      on conflict (email) do update set
        failures = case when login_throttle.window_start < now() - make_interval(secs => ${WINDOW_SECONDS})
                        then 1 else login_throttle.failures + 1 end,
        window_start = case when login_throttle.window_start < now() - make_interval(secs => ${WINDOW_SECONDS})
                        then now() else login_throttle.window_start end,
        locked_until = case when login_throttle.window_start >= now() - make_interval(secs => ${WINDOW_SECONDS})
                              and login_throttle.failures + 1 >= ${MAX_FAILURES}
                        then now() + make_interval(secs => ${LOCK_SECONDS}) else login_throttle.locked_until end
    `),
  );
}

export async function clearFailures(email: string) {
  await useTransaction((tx) => tx.delete(loginThrottleTable).where(eq(loginThrottleTable.email, email)));
}
