import { eq } from "drizzle-orm";
import { z } from "../util/zod";
import { useTransaction } from "../drizzle";
import { fn } from "../util/fn";
import { VisibleError } from "../util/error";
import { withActor, useRequest } from "../actor";
import { Audit } from "../audit";
import { userTable } from "./user.sql";
import { verifyPassword, dummyHash } from "./password";
import { serializeUser as serialize, emailAddress } from "./user";
import { issueTokens, sha256 } from "./tokens";
import * as Mfa from "./mfa";
import { isEnrolled } from "./mfa-policy";
import { takeAttempt, attemptSucceeded, attemptReleased, ThrottledError } from "./throttle";

const email = emailAddress;
/** Signing in: the throttle slot, the password, the second factor, the audit, the tokens. */

export const LoginInput = z.object({
  email,
  password: z.string().min(1, "Required").max(256),
  /** The second factor of an account with MFA: the 6-digit code, or a recovery code. */
  code: z.string().trim().min(1, "Required").max(32).optional(),
});
const invalidLogin = () => new VisibleError("unauthenticated", "auth.invalid_credentials", "Email or password is incorrect.");

/**
 * The attempt slot is taken (atomically, in the database) before the password is looked at,
 * so a burst cannot get more guesses evaluated than the throttle allows; see ./throttle.ts.
 */
export const login = fn(LoginInput, async (input) => {
  const ip = useRequest()?.ip ?? null;
  const slots = await takeAttempt(input.email, ip ?? undefined).catch(async (err) => {
    if (err instanceof ThrottledError)
      await Audit.record({ action: "auth.locked", resourceType: "account", outcome: "denied", detail: { scope: err.scope, account: accountRef(input.email), ip } });
    throw err;
  });
  const [row] = await useTransaction((tx) => tx.select().from(userTable).where(eq(userTable.email, input.email)));
  const ok = row ? await verifyPassword(row.passwordHash, input.password) : (await verifyPassword(await dummyHash(), input.password), false);
  if (!row || !ok || row.disabledAt) {
    const reason = !row ? "unknown_account" : !ok ? "wrong_password" : "disabled";
    await Audit.record({
      action: "auth.login",
      resourceType: "account",
      resourceId: row?.id ?? null,
      outcome: "failed",
      detail: { reason, account: accountRef(input.email), ip },
    });
    throw invalidLogin();
  }
  // The second factor (./mfa.ts). No code yet: the slot is handed back without clearing the
  // failures, so the code step can be asked for again without resetting what wrong codes count.
  let mfa: Mfa.CodeCheck | undefined;
  if (await isEnrolled(row.id)) {
    if (!input.code) {
      await attemptReleased(slots);
      throw new VisibleError("unauthenticated", "auth.mfa_required", "Enter the 6-digit code from your authenticator app, or a recovery code.", [
        { field: "code", message: "Required" },
      ]);
    }
    mfa = await Mfa.verifySecondFactor(row.id, input.code);
    if (!mfa.ok) {
      await Audit.record({ action: "auth.mfa", resourceType: "account", resourceId: row.id, patientId: row.patientId, outcome: "failed", detail: { reason: mfa.reason, ip } });
      throw new VisibleError("unauthenticated", "auth.mfa_invalid_code", "That code is not valid, or was already used. Wait for the next one, or use a recovery code.", [
        { field: "code", message: "Not valid" },
      ]);
    }
  }
  await attemptSucceeded(slots);
  await withActor({ type: "user", userId: row.id, role: row.role, patientId: row.patientId }, async () => {
    if (mfa?.ok)
      await Audit.record({
        action: mfa.method === "recovery" ? "auth.mfa_recovery_code" : "auth.mfa",
        resourceType: "account",
        resourceId: row.id,
        patientId: row.patientId,
        detail: { ip, ...(mfa.method === "recovery" ? { left: mfa.recoveryCodesLeft } : {}) },
      });
    await Audit.record({ action: "auth.login", resourceType: "account", resourceId: row.id, patientId: row.patientId, detail: { ip, mfa: mfa?.ok ? mfa.method : null } });
  });
  return issueTokens(serialize(row), row.tokenVersion);
});

/**
 * An email in an audit row without the address itself (the log keeps identifiers, not contact
 * details): enough to see that 300 failures were aimed at one account.
 */
function accountRef(email: string) {
  return `email-sha256:${sha256(email).slice(0, 16)}`;
}
