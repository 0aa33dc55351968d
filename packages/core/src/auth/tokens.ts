import { randomBytes } from "node:crypto";
import { sha256 } from "../util/hash";
import { z } from "../util/zod";
import { useTransaction } from "../drizzle";
import { createId } from "../util/id";
import { refreshTokenTable } from "./user.sql";
import { signAccessToken, ACCESS_TOKEN_TTL_SECONDS } from "./jwt";
import { User } from "./user";
import { mustEnrol } from "./mfa-policy";

export const REFRESH_TOKEN_TTL_SECONDS = 14 * 24 * 3600;

export const Tokens = z.object({
  accessToken: z.string(),
  tokenType: z.literal("Bearer"),
  expiresIn: z.number(),
  refreshToken: z.string(),
  user: User,
  /** The account must set up MFA before anything else: the site sends it to enrolment (docs/auth.md). */
  mfaEnrolmentRequired: z.boolean(),
});
export type Tokens = z.infer<typeof Tokens>;

/**
 * A new session (or the next token of one, `familyId`): an opaque refresh token stored as its
 * SHA-256, and an access token at the account's current token version (./revocation.ts).
 */
export async function issueTokens(user: User, version: number, familyId = createId("refreshToken")): Promise<Tokens> {
  const refreshToken = randomBytes(32).toString("base64url");
  await useTransaction((tx) =>
    tx.insert(refreshTokenTable).values({
      id: createId("refreshToken"),
      userId: user.id,
      familyId,
      tokenHash: sha256(refreshToken),
      expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_SECONDS * 1000),
    }),
  );
  const enrol = await mustEnrol(user.id, user.role);
  const accessToken = await signAccessToken({ sub: user.id, role: user.role, patientId: user.patientId, doctorId: user.doctorId, version, enrol });
  return { accessToken, tokenType: "Bearer", expiresIn: ACCESS_TOKEN_TTL_SECONDS, refreshToken, user, mfaEnrolmentRequired: enrol };
}

export { sha256 } from "../util/hash";
