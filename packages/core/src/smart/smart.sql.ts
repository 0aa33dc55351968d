import { pgTable, text, timestamp, jsonb, index, primaryKey } from "drizzle-orm/pg-core";

/**
 * SMART Backend Services clients (./clients.ts, docs/smart.md): a system an admin registered,
 * with the public keys its client assertions are signed with (an inline JWK Set: public keys
 * only, each with its `kid`) and the scopes it may be granted (canonical `system/<Type>.<cruds>`).
 * A disabled client keeps its row (the audit log names it) but gets no token, and the tokens it
 * holds stop working.
 */
export const smartClientTable = pgTable("smart_clients", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  jwks: jsonb("jwks").$type<{ keys: Record<string, unknown>[] }>().notNull(),
  scopes: text("scopes").array().notNull(),
  createdBy: text("created_by").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  disabledAt: timestamp("disabled_at", { withTimezone: true }),
});

/**
 * Every client assertion's `jti`, kept until the assertion expires (at most 5 minutes): the
 * primary key makes "seen before" one insert that a concurrent replay cannot also win. After
 * `expires_at` the assertion is refused for its `exp` anyway, so the row may go.
 */
export const smartAssertionTable = pgTable(
  "smart_assertion_jtis",
  {
    clientId: text("client_id").notNull(),
    jti: text("jti").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.clientId, t.jti] }), index("smart_assertion_jtis_expires_idx").on(t.expiresAt)],
);
