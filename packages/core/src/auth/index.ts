import { and, eq, isNull, sql } from "drizzle-orm";
import { z } from "../util/zod";
import { createTransaction, useTransaction, pgCode } from "../drizzle";
import { fn } from "../util/fn";
import { singleLine } from "../util/line";
import { createId } from "../util/id";
import { VisibleError } from "../util/error";
import { roles, withActor, useRequest, type Role } from "../actor";
import { userTable, refreshTokenTable } from "./user.sql";
import { doctorTable } from "../doctor/doctor.sql";
import { getItem as getPatientRecord } from "../patient/store";
import { hashPassword, verifyPassword, dummyHash } from "./password";
import { serializeUser as serialize, User as UserSchema, newPassword, emailAddress } from "./user";
import { issueTokens, sha256, Tokens as TokensSchema } from "./tokens";
import * as Accounts from "./accounts";
import * as Reset from "./reset";
import * as Mfa from "./mfa";
import { isEnrolled } from "./mfa-policy";
import { atLeast } from "../util/at-least";
import { takeAttempt, attemptSucceeded, attemptReleased, ThrottledError } from "./throttle";
import { Audit } from "../audit";
import { lazy } from "../util/lazy";

export { verifyAccessToken, jwks, generateSigningKey } from "./jwt";

export { REFRESH_TOKEN_TTL_SECONDS } from "./tokens";
/**
 * Every registration answers no sooner than this, so a new account (hash, user row, patient
 * record, link) and an existing email (hash only) take the same time from outside.
 */
export const REGISTER_MIN_MS = Number(process.env.CAREBEAT_REGISTER_MIN_MS ?? 600);

const email = emailAddress;
const password = newPassword;
const name = singleLine(200);

export namespace Auth {
  export const User = UserSchema;
  export type User = z.infer<typeof User>;
  export const Tokens = TokensSchema;
  export type Tokens = z.infer<typeof Tokens>;

  /** Account administration and one's own password: ./accounts.ts. */
  export const disable = Accounts.disable;
  export const enable = Accounts.enable;
  export const ChangePasswordInput = Accounts.ChangePasswordInput;
  export const changePassword = Accounts.changePassword;
  export const ForgotPasswordInput = Reset.ForgotPasswordInput;
  export const ForgotAccepted = Reset.ForgotAccepted;
  export const requestPasswordReset = Reset.requestPasswordReset;
  export const ResetPasswordInput = Reset.ResetPasswordInput;
  export const resetPassword = Reset.resetPassword;
  export const MfaStatus = Mfa.MfaStatus;
  export const mfaStatus = Mfa.status;
  export const MfaEnrolment = Mfa.Enrolment;
  export const startMfaEnrolment = Mfa.startEnrolment;
  export const MfaCodeInput = Mfa.CodeInput;
  export const MfaConfirmed = Mfa.Confirmed;
  export const confirmMfaEnrolment = Mfa.confirmEnrolment;
  export const resetMfa = Mfa.resetForUser;
  export const MfaPolicy = Mfa.Policy;
  export const mfaPolicy = Mfa.getPolicy;
  export const setMfaPolicy = Mfa.setPolicy;

  export const RegisterInput = z.object({
    email,
    password,
    name,
    /** Optional: the patient record's name parts (otherwise split from `name`). */
    givenName: singleLine(100).optional(),
    familyName: singleLine(100).optional(),
  });
  export const LoginInput = z.object({
    email,
    password: z.string().min(1, "Required").max(256),
    /** The second factor of an account with MFA: the 6-digit code, or a recovery code. */
    code: z.string().trim().min(1, "Required").max(32).optional(),
  });
  export const RefreshInput = z.object({ refreshToken: z.string().min(20, "Invalid refresh token").max(200) });
  export const CreateUserInput = z.object({
    email,
    password,
    name,
    role: z.enum(roles),
    patientId: z.string().max(64).nullish(),
    doctorId: z.string().max(64).nullish(),
  });

  async function insertUser(input: { email: string; password: string; name: string; role: Role; patientId?: string | null; doctorId?: string | null }) {
    const passwordHash = await hashPassword(input.password);
    try {
      const [row] = await useTransaction((tx) =>
        tx
          .insert(userTable)
          .values({
            id: createId("user"),
            email: input.email,
            name: input.name,
            passwordHash,
            role: input.role,
            patientId: input.patientId ?? null,
            doctorId: input.doctorId ?? null,
          })
          .returning(),
      );
      return serialize(row!);
    } catch (err) {
      if (pgCode(err) === "23505")
        throw new VisibleError("conflict", "auth.email_taken", "An account with this email already exists.", [{ field: "email", message: "Already registered" }]);
      throw err;
    }
  }

  /**
   * Self-registration always yields a patient account (other roles are created by an admin)
   * with its own patient record, so the patient can book for themself at once.
   * The user row (Postgres) and the record (DynamoDB) cannot share a transaction, so the
   * writes are ordered: the user first (its unique email is the gate against double
   * registration), then the record, then the link. If the record or the link fails, what was
   * written is removed again — the record (only while still at version 1, i.e. untouched),
   * then the user — so the registration can simply be retried with the same email.
   */
  export const register = fn(RegisterInput, (input) => atLeast(REGISTER_MIN_MS, () => registerPatient(input)));

  /**
   * What anyone may learn from registering: nothing about other accounts. A new email gets its
   * account; an email that already has one gets nothing (no account, no change), and both answer
   * the same 202 in the same time — the password is hashed either way and the answer waits for a
   * floor above the new account's usual duration. The attempt on an existing account is audited.
   * (With outgoing mail this is where the owner would be told that someone tried.)
   */
  export const RegisterAccepted = z.object({
    status: z.literal("accepted"),
    message: z.string(),
  });
  export type RegisterAccepted = z.infer<typeof RegisterAccepted>;
  const accepted: RegisterAccepted = { status: "accepted", message: "Registration received. Sign in with your email and password." };

  async function registerPatient(input: z.output<typeof RegisterInput>): Promise<RegisterAccepted> {
    try {
      await createPatientAccount(input);
    } catch (err) {
      if (!(err instanceof VisibleError) || err.code !== "auth.email_taken") throw err;
      const [existing] = await useTransaction((tx) => tx.select({ id: userTable.id, patientId: userTable.patientId }).from(userTable).where(eq(userTable.email, input.email)));
      await Audit.record({
        action: "auth.register",
        resourceType: "account",
        resourceId: existing?.id ?? null,
        patientId: existing?.patientId ?? null,
        outcome: "failed",
        detail: { reason: "email_taken", ip: useRequest()?.ip ?? null },
      });
    }
    return accepted;
  }

  /**
   * The patient records (DynamoDB) are only touched by registration: imported then, so signing
   * in, refreshing and the API's auth domain load without the DynamoDB SDK (docs/capacity.md).
   */
  const patients = lazy(() => import("../patient"));

  /** The account and its patient record (see the ordering notes above). Returns the account. */
  export async function createPatientAccount(input: z.output<typeof RegisterInput>) {
    const { Patient } = await patients();
    const user = await insertUser({ ...input, role: "patient" });
    let patientId: string | undefined;
    try {
      await withActor({ type: "user", userId: user.id, role: "patient", patientId: null }, async () => {
        patientId = (await Patient.createForAccount({ email: input.email, name: input.name, givenName: input.givenName, familyName: input.familyName })).id;
      });
      await linkPatient(user.id, patientId!);
      await withActor({ type: "user", userId: user.id, role: "patient", patientId: patientId! }, () =>
        Audit.record({ action: "auth.register", resourceType: "account", resourceId: user.id, patientId: patientId!, detail: { ip: useRequest()?.ip ?? null } }),
      );
      return { ...user, patientId: patientId! };
    } catch (err) {
      if (patientId) await withActor({ type: "system", name: "registration" }, () => Patient.discardForAccount(patientId!)).catch(() => undefined);
      await useTransaction((tx) => tx.delete(userTable).where(eq(userTable.id, user.id)));
      throw err;
    }
  }

  /**
   * An account's `patientId` / `doctorId` must name a patient record (not erased) and a doctor that
   * exist (issue 18): an account linked to nothing would sign in and see nothing, or — worse — be
   * linked later to whatever record is created under that id. 422 naming the field.
   */
  async function checkLinks(input: { patientId?: string | null; doctorId?: string | null }) {
    const issues: { field: string; message: string }[] = [];
    if (input.patientId) {
      const record = await getPatientRecord(input.patientId);
      if (!record || record.deletedAt) issues.push({ field: "patientId", message: "No patient with this id" });
    }
    if (input.doctorId) {
      const [row] = await useTransaction((tx) => tx.select({ id: doctorTable.id }).from(doctorTable).where(eq(doctorTable.id, input.doctorId!)));
      if (!row) issues.push({ field: "doctorId", message: "No doctor with this id" });
    }
    if (issues.length) throw new VisibleError("unprocessable", "auth.link_not_found", "The account links to a record that does not exist.", issues);
  }

  /** An administrator's act, audited with the role granted (an admin creating admins above all). */
  export const createUser = fn(CreateUserInput, async (input) => {
    const user = await checkLinks(input)
      .then(() => insertUser(input))
      .catch(async (err) => {
        if (err instanceof VisibleError) await Audit.record({ action: "account.create", resourceType: "account", outcome: "failed", detail: { role: input.role, code: err.code } });
        throw err;
      });
    await Audit.record({ action: "account.create", resourceType: "account", resourceId: user.id, patientId: user.patientId, detail: { role: user.role, doctorId: user.doctorId } });
    return user;
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

  /** Rotate: the presented token is revoked and a new one in the same family issued. */
  export const refresh = fn(RefreshInput, (input) =>
    createTransaction(async (tx) => {
      const hash = sha256(input.refreshToken);
      const [token] = await tx.select().from(refreshTokenTable).where(eq(refreshTokenTable.tokenHash, hash)).for("update");
      const invalid = new VisibleError("unauthenticated", "auth.invalid_refresh_token", "The refresh token is invalid or expired.");
      if (!token) throw invalid;
      if (token.revokedAt) {
        // Reuse of a rotated token: assume theft and end the whole session family.
        await Audit.record({
          action: "auth.refresh_reused",
          resourceType: "account",
          resourceId: token.userId,
          outcome: "denied",
          detail: { family: token.familyId, ip: useRequest()?.ip ?? null },
        });
        await tx
          .update(refreshTokenTable)
          .set({ revokedAt: new Date() })
          .where(and(eq(refreshTokenTable.familyId, token.familyId), isNull(refreshTokenTable.revokedAt)));
        return { reused: true as const };
      }
      if (token.expiresAt.getTime() < Date.now()) throw invalid;
      const [row] = await tx.select().from(userTable).where(eq(userTable.id, token.userId));
      if (!row || row.disabledAt) throw invalid;
      await tx.update(refreshTokenTable).set({ revokedAt: new Date() }).where(eq(refreshTokenTable.id, token.id));
      return { reused: false as const, tokens: await issueTokens(serialize(row), row.tokenVersion, token.familyId) };
    }).then((r) => {
      // Thrown outside the transaction so the family revocation commits.
      if (r.reused) throw new VisibleError("unauthenticated", "auth.refresh_token_reused", "The refresh token was already used; sign in again.");
      return r.tokens;
    }),
  );

  export const logout = fn(RefreshInput, async (input) => {
    const hash = sha256(input.refreshToken);
    await useTransaction(async (tx) => {
      const [token] = await tx.select().from(refreshTokenTable).where(eq(refreshTokenTable.tokenHash, hash));
      if (!token) return;
      await tx
        .update(refreshTokenTable)
        .set({ revokedAt: new Date() })
        .where(and(eq(refreshTokenTable.familyId, token.familyId), isNull(refreshTokenTable.revokedAt)));
    });
  });

  export async function fromId(id: string): Promise<User | undefined> {
    const [row] = await useTransaction((tx) => tx.select().from(userTable).where(eq(userTable.id, id)));
    return row ? serialize(row) : undefined;
  }

  /** Every account (admins only): the answer names patients' accounts, so they are recorded as disclosed. */
  export async function list(): Promise<User[]> {
    const rows = await useTransaction((tx) => tx.select().from(userTable).orderBy(userTable.createdAt));
    const users = rows.map(serialize);
    await Audit.record({ action: "account.list", resourceType: "account", patientIds: users.flatMap((u) => (u.patientId ? [u.patientId] : [])), detail: { count: users.length } });
    return users;
  }

  export async function countAdmins(): Promise<number> {
    const [row] = await useTransaction((tx) => tx.select({ n: sql<number>`count(*)::int` }).from(userTable).where(eq(userTable.role, "admin")));
    return row?.n ?? 0;
  }

  export async function linkPatient(userId: string, patientId: string) {
    await useTransaction((tx) => tx.update(userTable).set({ patientId, updatedAt: new Date() }).where(eq(userTable.id, userId)));
  }
}

/**
 * An email in an audit row without the address itself (the log keeps identifiers, not contact
 * details): enough to see that 300 failures were aimed at one account.
 */
function accountRef(email: string) {
  return `email-sha256:${sha256(email).slice(0, 16)}`;
}
