import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { links } from "../util/links";

/**
 * The opt-out link in every patient email works without signing in (docs/notifications.md), so
 * it carries a signed, expiring token: `v1.<base64url(JSON {p, e})>.<base64url(HMAC-SHA256)>`,
 * `p` the patient id, `e` the expiry (seconds). The key is derived from the `MfaKey` secret with
 * HKDF under its own label, so this token can never be mistaken for, or forged from, anything
 * else signed or sealed with that secret — and it is not a JWT, so no API route would take it.
 * It can do one thing: turn that patient's reminders off (or back on, from the same page).
 */
export const TOKEN_DAYS = 90;

let cached: { raw: string; key: Buffer } | undefined;
function key(): Buffer {
  const raw = links.MfaKey.value;
  if (cached?.raw === raw) return cached.key;
  cached = { raw, key: Buffer.from(hkdfSync("sha256", Buffer.from(raw, "hex"), Buffer.alloc(0), "carebeat unsubscribe v1", 32)) };
  return cached.key;
}

const sign = (body: string) => createHmac("sha256", key()).update(`v1.${body}`).digest("base64url");

export function issueUnsubscribeToken(patientId: string, now = Date.now()): string {
  const body = Buffer.from(JSON.stringify({ p: patientId, e: Math.floor(now / 1000) + TOKEN_DAYS * 86_400 })).toString("base64url");
  return `v1.${body}.${sign(body)}`;
}

export type TokenCheck = { ok: true; patientId: string } | { ok: false; reason: "malformed" | "signature" | "expired" };

export function verifyUnsubscribeToken(token: string, now = Date.now()): TokenCheck {
  const parts = token.split(".");
  if (parts.length !== 3 || parts[0] !== "v1" || !parts[1] || !parts[2]) return { ok: false, reason: "malformed" };
  const expected = Buffer.from(sign(parts[1]));
  const given = Buffer.from(parts[2]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: "signature" };
  let claims: { p?: unknown; e?: unknown };
  try {
    claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (typeof claims.p !== "string" || typeof claims.e !== "number") return { ok: false, reason: "malformed" };
  if (claims.e * 1000 <= now) return { ok: false, reason: "expired" };
  return { ok: true, patientId: claims.p };
}
