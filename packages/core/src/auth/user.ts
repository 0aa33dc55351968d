import { z } from "../util/zod";
import { roles } from "../actor";
import { singleLine } from "../util/line";
import type { userTable } from "./user.sql";

/** An account as the API shows it: never the password hash or the token version. */
export const User = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(roles),
  patientId: z.string().nullable(),
  doctorId: z.string().nullable(),
  /** Set while an administrator has the account disabled: it cannot sign in, its sessions ended. */
  disabledAt: z.string().nullable(),
  createdAt: z.string(),
});
export type User = z.infer<typeof User>;

export function serializeUser(row: typeof userTable.$inferSelect): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    patientId: row.patientId,
    doctorId: row.doctorId,
    disabledAt: row.disabledAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** What a new password must be (registration, account creation, change, reset). */
export const newPassword = z.string().min(10, "Must be at least 10 characters").max(256, "Must be at most 256 characters");

export const emailAddress = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: "Must be a valid email address" }));

/** The fields every new account is made of, whoever creates it (self-registration or an admin). */
export const NewAccount = z.object({ email: emailAddress, password: newPassword, name: singleLine(200) });

/** A patient's own account: optionally the patient record's name parts (otherwise split from `name`). */
export const NewPatientAccount = NewAccount.extend({ givenName: singleLine(100).optional(), familyName: singleLine(100).optional() });
export type NewPatientAccount = z.infer<typeof NewPatientAccount>;
