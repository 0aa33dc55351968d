import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { randomBytes } from "node:crypto";
import { z } from "../util/zod";
import { createTransaction, useTransaction } from "../drizzle";
import { fn } from "../util/fn";
import { createId } from "../util/id";
import { sha256 } from "../util/hash";
import { VisibleError } from "../util/error";
import { useRequest } from "../actor";
import { Audit } from "../audit";
import { Mail } from "../mail";
import { userTable, passwordResetTable } from "./user.sql";
import { newPassword, emailAddress } from "./user";
import { atLeast } from "../util/at-least";
import { endSessions } from "./accounts";
import { hashPassword } from "./password";
import { forgetSession } from "./revocation";
import { resetMail, RESET_LOCALES } from "./reset-mail";

/**
 * "Forgot password" (issue 18, docs/auth.md "Password reset"). Asking answers the same thing, in
 * at least the same time, whether or not the address has an account, so it cannot be used to
 * find out who has one. For an account: a random 256-bit token whose SHA-256 alone is stored,
 * valid once for RESET_TTL_MINUTES, mailed through the outbox (docs/mail.md: sent after commit,
 * the body erased once sent, never sent after the link expired). Asking again voids the earlier
 * links; at most RESET_MAX_PER_HOUR mails per account an hour, so the form cannot flood an inbox.
 *
 * Using the link sets the new password and ends every session exactly as a password change
 * does (token version raised, refresh tokens revoked); the link is spent by the same UPDATE
 * that checks it, so two uses at once cannot both succeed.
 */
const RESET_TTL_MINUTES = 30;
const RESET_MAX_PER_HOUR = 3;
const RESET_MIN_MS = Number(process.env.CAREBEAT_RESET_MIN_MS ?? 600);

export const ForgotPasswordInput = z.object({
  email: emailAddress,
  /** The language of the email: the site sends the one it shows. */
  locale: z.enum(RESET_LOCALES).optional(),
});

export const ResetPasswordInput = z.object({
  token: z
    .string()
    .min(20, "Invalid reset link")
    .max(200, "Invalid reset link")
    .regex(/^[A-Za-z0-9_-]+$/, "Invalid reset link"),
  newPassword,
});

export const ForgotAccepted = z.object({ message: z.string() });

const defaultLocale = () =>
  (RESET_LOCALES as readonly string[]).includes(process.env.CAREBEAT_DEFAULT_LOCALE ?? "") ? (process.env.CAREBEAT_DEFAULT_LOCALE as (typeof RESET_LOCALES)[number]) : "en";

export const requestPasswordReset = fn(ForgotPasswordInput, (input) =>
  atLeast(RESET_MIN_MS, async () => {
    const ip = useRequest()?.ip ?? null;
    const [user] = await useTransaction((tx) => tx.select().from(userTable).where(eq(userTable.email, input.email)));
    if (!user || user.disabledAt) {
      await Audit.record({
        action: "auth.password_reset_request",
        resourceType: "account",
        resourceId: user?.id ?? null,
        patientId: user?.patientId ?? null,
        outcome: "failed",
        detail: { reason: user ? "disabled" : "unknown_email", ip },
      });
      return accepted;
    }
    const token = randomBytes(32).toString("base64url");
    const id = createId("passwordReset");
    const expiresAt = new Date(Date.now() + RESET_TTL_MINUTES * 60_000);
    await createTransaction(async (tx) => {
      // One request at a time per account: the count and the insert cannot race.
      await tx.select({ id: userTable.id }).from(userTable).where(eq(userTable.id, user.id)).for("update");
      const [recent] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(passwordResetTable)
        .where(and(eq(passwordResetTable.userId, user.id), gt(passwordResetTable.createdAt, sql`now() - interval '1 hour'`)));
      if ((recent?.n ?? 0) >= RESET_MAX_PER_HOUR) {
        await Audit.record({
          action: "auth.password_reset_request",
          resourceType: "account",
          resourceId: user.id,
          patientId: user.patientId,
          outcome: "denied",
          detail: { reason: "too_many", ip },
        });
        return;
      }
      await tx
        .update(passwordResetTable)
        .set({ usedAt: new Date() })
        .where(and(eq(passwordResetTable.userId, user.id), isNull(passwordResetTable.usedAt)));
      await tx.insert(passwordResetTable).values({ id, userId: user.id, tokenHash: sha256(token), expiresAt });
      const locale = input.locale ?? defaultLocale();
      await Mail.enqueue({
        dedupeKey: `reset:${id}`,
        kind: "auth.password_reset",
        to: user.email,
        userId: user.id,
        patientId: user.patientId,
        locale,
        ...resetMail(locale, token, RESET_TTL_MINUTES),
        sensitive: true,
        expiresAt,
      });
      await Audit.record({ action: "auth.password_reset_request", resourceType: "account", resourceId: user.id, patientId: user.patientId, detail: { resetId: id, ip } });
    });
    return accepted;
  }),
);

const accepted = { message: "If this address has an account, a link to reset its password is on its way. It works once, for 30 minutes." };

const invalidLink = () =>
  new VisibleError("input", "auth.invalid_reset_link", "This reset link is invalid, expired or already used. Ask for a new one.", [
    { field: "token", message: "Invalid, expired or already used" },
  ]);

export const resetPassword = fn(ResetPasswordInput, async (input): Promise<string> => {
  const ip = useRequest()?.ip ?? null;
  const tokenHash = sha256(input.token);
  // A cheap look first, so a guessed token costs no password hash.
  const [found] = await useTransaction((tx) =>
    tx
      .select({ id: passwordResetTable.id })
      .from(passwordResetTable)
      .where(and(eq(passwordResetTable.tokenHash, tokenHash), isNull(passwordResetTable.usedAt), gt(passwordResetTable.expiresAt, sql`now()`))),
  );
  if (!found) throw invalidLink();
  const passwordHash = await hashPassword(input.newPassword);
  const userId = await createTransaction(async (tx) => {
    const [spent] = await tx
      .update(passwordResetTable)
      .set({ usedAt: new Date() })
      .where(and(eq(passwordResetTable.tokenHash, tokenHash), isNull(passwordResetTable.usedAt), gt(passwordResetTable.expiresAt, sql`now()`)))
      .returning({ id: passwordResetTable.id, userId: passwordResetTable.userId });
    if (!spent) throw invalidLink();
    // A link mailed before the account was disabled does not bring it back.
    const [current] = await tx.select({ disabledAt: userTable.disabledAt }).from(userTable).where(eq(userTable.id, spent.userId)).for("update");
    if (!current || current.disabledAt) throw invalidLink();
    const row = (await endSessions(tx, spent.userId, { passwordHash }))!;
    await Audit.record({ action: "auth.password_reset", resourceType: "account", resourceId: row.id, patientId: row.patientId, detail: { resetId: spent.id, ip } });
    return row.id;
  });
  forgetSession(userId);
  return userId;
});
