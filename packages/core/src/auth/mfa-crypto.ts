import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { links } from "../util/links";

/**
 * TOTP secrets at rest: AES-256-GCM under the `MfaKey` secret (`sst.Secret` in AWS,
 * `.data/mfa-key` offline; 64 hex digits). The ciphertext is bound to its account (the user id is
 * the additional authenticated data), so a row copied onto another account does not decrypt.
 * Format: `v1.<base64url(iv ‖ tag ‖ ciphertext)>`.
 */
let cached: { raw: string; key: Buffer } | undefined;

function key(): Buffer {
  const raw = links.MfaKey.value;
  if (cached?.raw === raw) return cached.key;
  if (!/^[0-9a-f]{64}$/i.test(raw)) throw new Error('MfaKey must be 64 hex digits: sst secret set MfaKey "$(openssl rand -hex 32)"');
  cached = { raw, key: Buffer.from(raw, "hex") };
  return cached.key;
}

export function sealSecret(plain: string, userId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  cipher.setAAD(Buffer.from(userId));
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
}

export function openSecret(sealed: string, userId: string): string {
  if (!sealed.startsWith("v1.")) throw new Error("unknown MFA secret format");
  const all = Buffer.from(sealed.slice(3), "base64url");
  const decipher = createDecipheriv("aes-256-gcm", key(), all.subarray(0, 12));
  decipher.setAAD(Buffer.from(userId));
  decipher.setAuthTag(all.subarray(12, 28));
  return Buffer.concat([decipher.update(all.subarray(28)), decipher.final()]).toString("utf8");
}
