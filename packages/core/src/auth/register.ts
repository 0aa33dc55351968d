import { eq } from "drizzle-orm";
import { z } from "../util/zod";
import { useTransaction } from "../drizzle";
import { fn } from "../util/fn";
import { VisibleError } from "../util/error";
import { useRequest } from "../actor";
import { Audit } from "../audit";
import { atLeast } from "../util/at-least";
import { userTable } from "./user.sql";
import { NewPatientAccount } from "./user";
import { createPatientAccount } from "./create-account";

/** Self-registration: a patient account with its own record, answered alike for new and known emails. */

/**
 * Every registration answers no sooner than this, so a new account (hash, user row, patient
 * record, link) and an existing email (hash only) take the same time from outside.
 */
export const REGISTER_MIN_MS = Number(process.env.CAREBEAT_REGISTER_MIN_MS ?? 600);

export const RegisterInput = NewPatientAccount;
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
