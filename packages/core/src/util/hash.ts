import { createHash } from "node:crypto";

/** SHA-256 of a secret as lower-case hex: how refresh tokens and feed tokens are stored (never the secret itself). */
export function sha256(value: string) {
  return createHash("sha256").update(value).digest("hex");
}
