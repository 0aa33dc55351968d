import { and, eq, isNull, sql } from "drizzle-orm";
import { z } from "../util/zod";
import { createTransaction, useTransaction, type Transaction } from "../drizzle";
import { fn } from "../util/fn";
import { VisibleError } from "../util/error";
import { useUser, useRequest } from "../actor";
import { Audit } from "../audit";
import { userTable, refreshTokenTable } from "./user.sql";
import { serializeUser, newPassword, type User } from "./user";
import { issueTokens, type Tokens } from "./tokens";
import { hashPassword, verifyPassword } from "./password";
import { takeAttempt, attemptSucceeded, ThrottledError } from "./throttle";
import { forgetSession, revokedError } from "./revocation";

/**
 * Account administration and a user's own password (issue 18). Every change that must end the
 * account's sessions does the same three things in one transaction: raise `token_version` (the
 * access tokens stop working within REVOCATION_CACHE_MS everywhere, ./revocation.ts), revoke
 * every refresh token, and audit. Closing the account's WebSockets is the caller's (the API
 * route), because the realtime domain sits above this one.
 */

const UserId = z.object({ userId: z.string().min(1).max(64) });

const notFound = () => new VisibleError("not-found", "auth.user_not_found", "No account with this id.");

/** In a transaction: the row, raised to the next token version, and its refresh tokens revoked. */
export async function endSessions(tx: Transaction, userId: string, set: Partial<typeof userTable.$inferInsert> = {}) {
  const [row] = await tx
    .update(userTable)
    .set({ ...set, tokenVersion: sql`${userTable.tokenVersion} + 1`, updatedAt: new Date() })
    .where(eq(userTable.id, userId))
    .returning();
  if (!row) return undefined;
  await tx
    .update(refreshTokenTable)
    .set({ revokedAt: new Date() })
    .where(and(eq(refreshTokenTable.userId, userId), isNull(refreshTokenTable.revokedAt)));
  return row;
}

/**
 * An administrator disables an account: it can no longer sign in, its refresh tokens are
 * revoked and its access tokens refused within seconds. Disabling one's own account is refused
 * (an admin cannot lock the clinic out by mistake; another admin can). Disabling a disabled
 * account changes nothing and answers the account.
 */
export const disable = fn(UserId, async ({ userId }): Promise<User> => {
  if (useUser().userId === userId)
    throw new VisibleError("conflict", "auth.cannot_disable_self", "You cannot disable your own account; ask another administrator.", [
      { field: "id", message: "Your own account" },
    ]);
  const row = await createTransaction(async (tx) => {
    const [current] = await tx.select().from(userTable).where(eq(userTable.id, userId)).for("update");
    if (!current) throw notFound();
    if (current.disabledAt) return current;
    const updated = (await endSessions(tx, userId, { disabledAt: new Date() }))!;
    await Audit.record({ action: "account.disable", resourceType: "account", resourceId: userId, patientId: updated.patientId, detail: { role: updated.role } });
    return updated;
  });
  forgetSession(userId);
  return serializeUser(row);
});

/** Re-enable: the account may sign in again (with a new session; the old tokens stay dead). */
export const enable = fn(UserId, async ({ userId }): Promise<User> => {
  const row = await createTransaction(async (tx) => {
    const [current] = await tx.select().from(userTable).where(eq(userTable.id, userId)).for("update");
    if (!current) throw notFound();
    if (!current.disabledAt) return current;
    const [updated] = await tx.update(userTable).set({ disabledAt: null, updatedAt: new Date() }).where(eq(userTable.id, userId)).returning();
    await Audit.record({ action: "account.enable", resourceType: "account", resourceId: userId, patientId: updated!.patientId, detail: { role: updated!.role } });
    return updated!;
  });
  forgetSession(userId);
  return serializeUser(row);
});

export const ChangePasswordInput = z
  .object({ currentPassword: z.string().min(1, "Required").max(256), newPassword })
  .refine((v) => v.currentPassword !== v.newPassword, { path: ["newPassword"], message: "Must differ from the current password" });

/**
 * The signed-in user changes their password. The current one is required, and a wrong one
 * counts towards the same sign-in throttle as a failed login (a stolen access token must not
 * become a password oracle). On success every other session ends — refresh tokens revoked,
 * access tokens refused — and this one continues with the new tokens returned.
 */
export const changePassword = fn(ChangePasswordInput, async (input): Promise<Tokens> => {
  const { userId } = useUser();
  const ip = useRequest()?.ip ?? null;
  const [current] = await useTransaction((tx) => tx.select().from(userTable).where(eq(userTable.id, userId)));
  if (!current || current.disabledAt) throw revokedError();
  const slots = await takeAttempt(current.email, ip ?? undefined).catch(async (err) => {
    if (err instanceof ThrottledError)
      await Audit.record({ action: "auth.locked", resourceType: "account", resourceId: userId, outcome: "denied", detail: { scope: err.scope, ip } });
    throw err;
  });
  if (!(await verifyPassword(current.passwordHash, input.currentPassword))) {
    await Audit.record({
      action: "auth.password_change",
      resourceType: "account",
      resourceId: userId,
      patientId: current.patientId,
      outcome: "failed",
      detail: { reason: "wrong_password", ip },
    });
    throw new VisibleError("unprocessable", "auth.wrong_password", "The current password is not correct.", [{ field: "currentPassword", message: "Not correct" }]);
  }
  await attemptSucceeded(slots);
  const passwordHash = await hashPassword(input.newPassword);
  const row = await createTransaction(async (tx) => {
    const updated = await endSessions(tx, userId, { passwordHash });
    if (!updated) throw notFound();
    await Audit.record({ action: "auth.password_change", resourceType: "account", resourceId: userId, patientId: updated.patientId, detail: { ip } });
    return updated;
  });
  forgetSession(userId);
  return issueTokens(serializeUser(row), row.tokenVersion);
});

/** Reading accounts (admins; the caller checks the role). */
export async function fromId(id: string): Promise<User | undefined> {
  const [row] = await useTransaction((tx) => tx.select().from(userTable).where(eq(userTable.id, id)));
  return row ? serializeUser(row) : undefined;
}

/** Every account (admins only): the answer names patients' accounts, so they are recorded as disclosed. */
export async function list(): Promise<User[]> {
  const rows = await useTransaction((tx) => tx.select().from(userTable).orderBy(userTable.createdAt));
  const users = rows.map(serializeUser);
  await Audit.record({ action: "account.list", resourceType: "account", patientIds: users.flatMap((u) => (u.patientId ? [u.patientId] : [])), detail: { count: users.length } });
  return users;
}

export async function countAdmins(): Promise<number> {
  const [row] = await useTransaction((tx) => tx.select({ n: sql<number>`count(*)::int` }).from(userTable).where(eq(userTable.role, "admin")));
  return row?.n ?? 0;
}
