import { pgTable, text, timestamp, bigint, boolean, index } from "drizzle-orm/pg-core";
import { userTable } from "./user.sql";

/**
 * TOTP multi-factor sign-in (./mfa.ts, docs/auth.md "Multi-factor sign-in").
 *
 * `secret` is the RFC 6238 key encrypted with AES-256-GCM under the MfaKey secret (./mfa-crypto.ts):
 * a copy of the database alone yields no second factor. `confirmed_at` is null while enrolment
 * waits for its first valid code. `last_step` is the last accepted time step: a code of that step
 * or an earlier one is refused, so a code works once.
 */
export const mfaTable = pgTable("mfa_totp", {
  userId: text("user_id")
    .primaryKey()
    .references(() => userTable.id, { onDelete: "cascade" }),
  secret: text("secret").notNull(),
  confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
  lastStep: bigint("last_step", { mode: "number" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Ten single-use recovery codes per enrolment, stored as SHA-256 (they are random, 50 bits each). */
export const mfaRecoveryCodeTable = pgTable(
  "mfa_recovery_codes",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => userTable.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull().unique(),
    usedAt: timestamp("used_at", { withTimezone: true }),
  },
  (t) => [index("mfa_recovery_codes_user_idx").on(t.userId)],
);

/** Which roles must use MFA (an admin's setting; a role without a row is not required). */
export const mfaPolicyTable = pgTable("mfa_policy", {
  role: text("role").primaryKey(),
  required: boolean("required").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
