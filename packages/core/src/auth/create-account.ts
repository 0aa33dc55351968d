import { eq } from "drizzle-orm";
import { z } from "../util/zod";
import { useTransaction, pgCode } from "../drizzle";
import { fn } from "../util/fn";
import { createId } from "../util/id";
import { VisibleError } from "../util/error";
import { roles, withActor, useRequest, type Role } from "../actor";
import { userTable } from "./user.sql";
import { doctorTable } from "../doctor/doctor.sql";
import { getItem as getPatientRecord } from "../patient/store";
import { hashPassword } from "./password";
import { serializeUser as serialize, NewAccount, type NewPatientAccount } from "./user";
import { Audit } from "../audit";
import { lazy } from "../util/lazy";

/** Creating accounts: by an admin (any role, links checked) and for self-registration (a patient with a record). */

export const CreateUserInput = NewAccount.extend({
  role: z.enum(roles),
  patientId: z.string().max(64).nullish(),
  doctorId: z.string().max(64).nullish(),
});

async function insertUser(input: z.infer<typeof NewAccount> & { role: Role; patientId?: string | null; doctorId?: string | null }) {
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
 * The patient records (DynamoDB) are only touched by registration: imported then, so signing
 * in, refreshing and the API's auth domain load without the DynamoDB SDK (docs/capacity.md).
 */
const patients = lazy(() => import("../patient"));

/** The account and its patient record (see the ordering notes above). Returns the account. */
export async function createPatientAccount(input: NewPatientAccount) {
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

export async function linkPatient(userId: string, patientId: string) {
  await useTransaction((tx) => tx.update(userTable).set({ patientId, updatedAt: new Date() }).where(eq(userTable.id, userId)));
}
