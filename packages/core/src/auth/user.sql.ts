import { pgTable, text, timestamp, integer, uniqueIndex, index } from "drizzle-orm/pg-core";

export const userTable = pgTable(
  "users",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ["admin", "staff", "doctor", "patient", "pharmacist"] }).notNull(),
    /** For role `patient`: the patient record (DynamoDB) this account is. */
    patientId: text("patient_id"),
    /** For role `doctor`: the doctor row this account is. */
    doctorId: text("doctor_id"),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    /**
     * Carried by every access token as `ver`; raised by disable, password change and reset, so
     * the tokens issued before stop working within seconds instead of at their expiry
     * (./revocation.ts).
     */
    tokenVersion: integer("token_version").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("users_email_key").on(t.email), index("users_role_idx").on(t.role)],
);

/**
 * Refresh tokens are opaque random strings; only their SHA-256 is stored. Each refresh
 * rotates the token; presenting an already-rotated token revokes its whole family,
 * because that only happens when a token was stolen and replayed.
 */
export const refreshTokenTable = pgTable(
  "refresh_tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => userTable.id, { onDelete: "cascade" }),
    familyId: text("family_id").notNull(),
    tokenHash: text("token_hash").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("refresh_tokens_hash_key").on(t.tokenHash), index("refresh_tokens_family_idx").on(t.familyId)],
);

/**
 * Sign-in attempt counters shared by every Lambda container (see ../auth/throttle.ts).
 * Despite its historical name, `email` is the throttle key: `email:<address>` or `ip:<source>`.
 */
export const loginThrottleTable = pgTable("login_throttle", {
  email: text("email").primaryKey(),
  failures: integer("failures").notNull().default(0),
  windowStart: timestamp("window_start", { withTimezone: true }).notNull().defaultNow(),
  lockedUntil: timestamp("locked_until", { withTimezone: true }),
});

/**
 * Password reset links (./reset.ts): only the token's SHA-256 is stored; a link is used once
 * (`used_at`, set by the one UPDATE that also checks expiry) and lives 30 minutes. Asking again
 * voids the earlier links of the account.
 */
export const passwordResetTable = pgTable(
  "password_resets",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => userTable.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("password_resets_hash_key").on(t.tokenHash), index("password_resets_user_idx").on(t.userId)],
);
