import { and, eq, isNull } from "drizzle-orm";
import { z } from "../util/zod";
import { createTransaction, useTransaction } from "../drizzle";
import { fn } from "../util/fn";
import { VisibleError } from "../util/error";
import { useRequest } from "../actor";
import { Audit } from "../audit";
import { userTable, refreshTokenTable } from "./user.sql";
import { serializeUser as serialize } from "./user";
import { issueTokens, sha256 } from "./tokens";

/** Sessions: refresh-token rotation (reuse ends the family) and sign-out. */

export const RefreshInput = z.object({ refreshToken: z.string().min(20, "Invalid refresh token").max(200) });
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
