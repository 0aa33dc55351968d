import { and, eq, isNull, isNotNull, lt, or, sql } from "drizzle-orm";
import { randomBytes } from "node:crypto";
import * as OTPAuth from "otpauth";
import { z } from "../util/zod";
import { createTransaction, useTransaction } from "../drizzle";
import { fn } from "../util/fn";
import { createId } from "../util/id";
import { sha256 } from "../util/hash";
import { VisibleError } from "../util/error";
import { roles, useRequest, useUser, type Role } from "../actor";
import { Audit } from "../audit";
import { userTable } from "./user.sql";
import { mfaTable, mfaRecoveryCodeTable, mfaPolicyTable } from "./mfa.sql";
import { sealSecret, openSecret } from "./mfa-crypto";
import { serializeUser } from "./user";
import { issueTokens, type Tokens } from "./tokens";
import { endSessions } from "./accounts";
import { forgetSession } from "./revocation";
import { isRequired, isEnrolled } from "./mfa-policy";

/**
 * TOTP multi-factor sign-in (RFC 6238; issue 18; docs/auth.md "Multi-factor sign-in").
 *
 * - Enrolment: a 160-bit secret (SHA-1, 6 digits, 30 s — what every authenticator app reads from
 *   an `otpauth://` URI), stored encrypted (./mfa-crypto.ts), confirmed by one valid code; then
 *   ten single-use recovery codes, shown once, stored as SHA-256. Confirming ends every other
 *   session (a stolen session must not outlive the account gaining a second factor).
 * - Sign-in: a code of the current step ±1 (clock drift) is accepted **once**: the accepted step is
 *   stored by the same UPDATE that checks it is newer than the last one, so a replay inside the
 *   window — or two requests racing with one code — gets one success. Wrong codes keep their
 *   sign-in throttle slot (./throttle.ts), so six wrong codes lock out like six wrong passwords.
 * - Admins require MFA per role (`mfa_policy`) and reset a user's MFA; every step is audited.
 */
const ISSUER = "Carebeat";
const PERIOD = 30;
const WINDOW = 1;
const RECOVERY_CODES = 10;

const totpFor = (secret: OTPAuth.Secret, label: string) => new OTPAuth.TOTP({ issuer: ISSUER, label, algorithm: "SHA1", digits: 6, period: PERIOD, secret });

export const CodeInput = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, "Must be the 6-digit code from your authenticator app"),
});

/** What the settings page shows. */
export const MfaStatus = z.object({ enrolled: z.boolean(), pending: z.boolean(), required: z.boolean(), recoveryCodesLeft: z.number().int() });
export type MfaStatus = z.infer<typeof MfaStatus>;

async function recoveryCodesLeft(userId: string): Promise<number> {
  const [left] = await useTransaction((tx) =>
    tx
      .select({ n: sql<number>`count(*)::int` })
      .from(mfaRecoveryCodeTable)
      .where(and(eq(mfaRecoveryCodeTable.userId, userId), isNull(mfaRecoveryCodeTable.usedAt))),
  );
  return left?.n ?? 0;
}

export async function status(userId: string, role: Role): Promise<MfaStatus> {
  const [row] = await useTransaction((tx) => tx.select({ confirmedAt: mfaTable.confirmedAt }).from(mfaTable).where(eq(mfaTable.userId, userId)));
  return {
    enrolled: !!row?.confirmedAt,
    pending: !!row && !row.confirmedAt,
    required: await isRequired(role),
    recoveryCodesLeft: row?.confirmedAt ? await recoveryCodesLeft(userId) : 0,
  };
}

export const Enrolment = z.object({
  /** The secret in base32, for typing into an app that cannot scan. */
  secret: z.string(),
  otpauthUri: z.string(),
  /** The URI as a QR code: a PNG data URL. */
  qrCode: z.string(),
});

/** Start (or restart) enrolment for the signed-in account: a new secret, unconfirmed. */
export async function startEnrolment(): Promise<z.infer<typeof Enrolment>> {
  const { userId } = useUser();
  const [user] = await useTransaction((tx) => tx.select({ email: userTable.email }).from(userTable).where(eq(userTable.id, userId)));
  if (!user) throw new VisibleError("unauthenticated", "auth.unknown_user", "This account no longer exists.");
  if (await isEnrolled(userId))
    throw new VisibleError("conflict", "auth.mfa_already_enrolled", "Two-step sign-in is already set up for this account; an administrator can reset it.");
  const secret = new OTPAuth.Secret({ size: 20 });
  const sealed = sealSecret(secret.base32, userId);
  await useTransaction((tx) =>
    tx
      .insert(mfaTable)
      .values({ userId, secret: sealed })
      .onConflictDoUpdate({ target: mfaTable.userId, set: { secret: sealed, confirmedAt: null, lastStep: null, createdAt: new Date() } }),
  );
  await Audit.record({
    action: "auth.mfa_enrol_start",
    resourceType: "account",
    resourceId: userId,
    patientId: useUser().patientId ?? null,
    detail: { ip: useRequest()?.ip ?? null },
  });
  const uri = totpFor(secret, user.email).toString();
  const { toDataURL } = await import("qrcode");
  return { secret: secret.base32, otpauthUri: uri, qrCode: await toDataURL(uri, { errorCorrectionLevel: "M", margin: 2, width: 240 }) };
}

/** The time step a code belongs to (current ±WINDOW), or undefined. */
function matchingStep(base32: string, code: string, now = Date.now()): number | undefined {
  const delta = totpFor(OTPAuth.Secret.fromBase32(base32), "x").validate({ token: code, timestamp: now, window: WINDOW });
  return delta === null ? undefined : Math.floor(now / 1000 / PERIOD) + delta;
}

const newRecoveryCode = () => {
  // 10 characters of Crockford-style base32 (50 bits), shown as xxxxx-xxxxx.
  const alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => alphabet[b & 31]).join("");
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
};
const normaliseRecovery = (code: string) => code.toLowerCase().replace(/[\s-]/g, "");

export const Confirmed = z.object({ recoveryCodes: z.array(z.string()) });

/**
 * Confirm enrolment with the first valid code: MFA is on, ten recovery codes are made (answered
 * once, stored hashed), every other session ends, and this one continues with new tokens.
 */
export const confirmEnrolment = fn(CodeInput, async ({ code }): Promise<{ tokens: Tokens; recoveryCodes: string[] }> => {
  const { userId, patientId } = useUser();
  const ip = useRequest()?.ip ?? null;
  const [pending] = await useTransaction((tx) => tx.select().from(mfaTable).where(eq(mfaTable.userId, userId)));
  if (!pending) throw new VisibleError("conflict", "auth.mfa_not_started", "Start setting up two-step sign-in first.");
  if (pending.confirmedAt) throw new VisibleError("conflict", "auth.mfa_already_enrolled", "Two-step sign-in is already set up for this account.");
  const step = matchingStep(openSecret(pending.secret, userId), code);
  if (step === undefined) {
    await Audit.record({
      action: "auth.mfa_enrol",
      resourceType: "account",
      resourceId: userId,
      patientId: patientId ?? null,
      outcome: "failed",
      detail: { reason: "wrong_code", ip },
    });
    throw new VisibleError("unprocessable", "auth.mfa_wrong_code", "That code is not right. Check the time on your phone and try the current code.", [
      { field: "code", message: "Not valid" },
    ]);
  }
  const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
  const row = await createTransaction(async (tx) => {
    const [confirmed] = await tx
      .update(mfaTable)
      .set({ confirmedAt: new Date(), lastStep: step })
      .where(and(eq(mfaTable.userId, userId), isNull(mfaTable.confirmedAt), eq(mfaTable.secret, pending.secret)))
      .returning();
    if (!confirmed) throw new VisibleError("conflict", "auth.mfa_enrolment_changed", "Setting up was restarted elsewhere; scan the new code.");
    await tx.delete(mfaRecoveryCodeTable).where(eq(mfaRecoveryCodeTable.userId, userId));
    await tx.insert(mfaRecoveryCodeTable).values(codes.map((c) => ({ id: createId("recoveryCode"), userId, codeHash: sha256(normaliseRecovery(c)) })));
    const user = (await endSessions(tx, userId))!;
    await Audit.record({ action: "auth.mfa_enrol", resourceType: "account", resourceId: userId, patientId: user.patientId, detail: { ip } });
    return user;
  });
  forgetSession(userId);
  return { tokens: await issueTokens(serializeUser(row), row.tokenVersion), recoveryCodes: codes };
});

export type CodeCheck = { ok: true; method: "totp" | "recovery"; recoveryCodesLeft?: number } | { ok: false; reason: "wrong_code" | "replayed" | "wrong_recovery_code" };

/**
 * Check a sign-in's second factor for an enrolled account: a 6-digit TOTP code (accepted once) or
 * a recovery code (spent). Audited by the caller together with the sign-in.
 */
export async function verifySecondFactor(userId: string, code: string): Promise<CodeCheck> {
  const trimmed = code.trim();
  if (/^\d{6}$/.test(trimmed)) {
    const [row] = await useTransaction((tx) =>
      tx
        .select()
        .from(mfaTable)
        .where(and(eq(mfaTable.userId, userId), isNotNull(mfaTable.confirmedAt))),
    );
    if (!row) return { ok: false, reason: "wrong_code" };
    const step = matchingStep(openSecret(row.secret, userId), trimmed);
    if (step === undefined) return { ok: false, reason: "wrong_code" };
    const [accepted] = await useTransaction((tx) =>
      tx
        .update(mfaTable)
        .set({ lastStep: step })
        .where(and(eq(mfaTable.userId, userId), or(isNull(mfaTable.lastStep), lt(mfaTable.lastStep, step))))
        .returning({ userId: mfaTable.userId }),
    );
    return accepted ? { ok: true, method: "totp" } : { ok: false, reason: "replayed" };
  }
  const [spent] = await useTransaction((tx) =>
    tx
      .update(mfaRecoveryCodeTable)
      .set({ usedAt: new Date() })
      .where(and(eq(mfaRecoveryCodeTable.userId, userId), eq(mfaRecoveryCodeTable.codeHash, sha256(normaliseRecovery(trimmed))), isNull(mfaRecoveryCodeTable.usedAt)))
      .returning({ id: mfaRecoveryCodeTable.id }),
  );
  if (!spent) return { ok: false, reason: "wrong_recovery_code" };
  return { ok: true, method: "recovery", recoveryCodesLeft: await recoveryCodesLeft(userId) };
}

const UserId = z.object({ userId: z.string().min(1).max(64) });

/** An admin resets a user's MFA (a lost phone): enrolment and recovery codes gone, sessions ended, audited. */
export const resetForUser = fn(UserId, async ({ userId }): Promise<void> => {
  await createTransaction(async (tx) => {
    const [target] = await tx.select().from(userTable).where(eq(userTable.id, userId)).for("update");
    if (!target) throw new VisibleError("not-found", "auth.user_not_found", "No account with this id.");
    const removed = await tx.delete(mfaTable).where(eq(mfaTable.userId, userId)).returning({ userId: mfaTable.userId });
    await tx.delete(mfaRecoveryCodeTable).where(eq(mfaRecoveryCodeTable.userId, userId));
    await endSessions(tx, userId);
    await Audit.record({
      action: "account.mfa_reset",
      resourceType: "account",
      resourceId: userId,
      patientId: target.patientId,
      detail: { hadMfa: removed.length > 0, role: target.role },
    });
  });
  forgetSession(userId);
});

/** Roles added after the policy API was published: optional in a body, and left out they keep their setting. */
const laterRoles: readonly Role[] = ["pharmacist"];
export const Policy = z.object(
  Object.fromEntries(roles.map((r) => [r, laterRoles.includes(r) ? z.boolean().optional() : z.boolean()])) as Record<Exclude<Role, "pharmacist">, z.ZodBoolean> & {
    pharmacist: z.ZodOptional<z.ZodBoolean>;
  },
);
export type Policy = z.infer<typeof Policy>;

export async function getPolicy(): Promise<Policy> {
  const rows = await useTransaction((tx) => tx.select().from(mfaPolicyTable));
  return Object.fromEntries(roles.map((r) => [r, rows.find((x) => x.role === r)?.required ?? false])) as Policy;
}

/** Admins choose which roles must use MFA; accounts of such a role without it are sent to enrolment at their next sign-in or refresh. */
export const setPolicy = fn(Policy, async (policy): Promise<Policy> => {
  const before = await getPolicy();
  await createTransaction(async (tx) => {
    const after = { ...before, ...Object.fromEntries(Object.entries(policy).filter(([, v]) => v !== undefined)) } as Policy;
    for (const role of roles)
      await tx
        .insert(mfaPolicyTable)
        .values({ role, required: after[role] ?? false })
        .onConflictDoUpdate({ target: mfaPolicyTable.role, set: { required: after[role] ?? false, updatedAt: new Date() } });
    await Audit.record({ action: "auth.mfa_policy", resourceType: "auth", resourceId: null, detail: { before, after } });
  });
  return getPolicy();
});
