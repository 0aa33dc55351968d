import { and, eq, isNotNull } from "drizzle-orm";
import { useTransaction } from "../drizzle";
import type { Role } from "../actor";
import { mfaTable, mfaPolicyTable } from "./mfa.sql";

/**
 * Whether an account must enrol in MFA before anything else: its role is required by the admins'
 * policy (`mfa_policy`) and it has no confirmed enrolment. Asked whenever tokens are issued (sign-in,
 * refresh), so a policy change reaches every session at its next refresh (≤ 15 minutes).
 * Its own module, below ./tokens.ts, so issuing tokens needs nothing of enrolment itself.
 */
export async function isRequired(role: Role): Promise<boolean> {
  const [row] = await useTransaction((tx) => tx.select({ required: mfaPolicyTable.required }).from(mfaPolicyTable).where(eq(mfaPolicyTable.role, role)));
  return row?.required ?? false;
}

export async function isEnrolled(userId: string): Promise<boolean> {
  const [row] = await useTransaction((tx) =>
    tx
      .select({ userId: mfaTable.userId })
      .from(mfaTable)
      .where(and(eq(mfaTable.userId, userId), isNotNull(mfaTable.confirmedAt))),
  );
  return !!row;
}

export async function mustEnrol(userId: string, role: Role): Promise<boolean> {
  return (await isRequired(role)) && !(await isEnrolled(userId));
}
