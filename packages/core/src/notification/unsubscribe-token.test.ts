import { test, before } from "node:test";
import assert from "node:assert/strict";

before(() => {
  // Resource.MfaKey as SST publishes a linked secret (packages/local/src/resources.ts does the same).
  process.env.SST_RESOURCE_MfaKey = JSON.stringify({ type: "sst.sst.Secret", value: "ab".repeat(32) });
});

test("an opt-out token names its patient, expires after 90 days, and refuses any change", async () => {
  const { issueUnsubscribeToken, verifyUnsubscribeToken, TOKEN_DAYS } = await import("./unsubscribe-token");
  const now = Date.parse("2026-12-06T12:00:00Z");
  const token = issueUnsubscribeToken("pat_123", now);
  assert.deepEqual(verifyUnsubscribeToken(token, now), { ok: true, patientId: "pat_123" });
  assert.deepEqual(verifyUnsubscribeToken(token, now + (TOKEN_DAYS * 86_400 - 1) * 1000), { ok: true, patientId: "pat_123" });
  assert.deepEqual(verifyUnsubscribeToken(token, now + TOKEN_DAYS * 86_400 * 1000), { ok: false, reason: "expired" });
  const [v, body, sig] = token.split(".");
  const forged = Buffer.from(JSON.stringify({ p: "pat_999", e: now / 1000 + 86_400 })).toString("base64url");
  assert.deepEqual(verifyUnsubscribeToken(`${v}.${forged}.${sig}`, now), { ok: false, reason: "signature" });
  assert.deepEqual(verifyUnsubscribeToken(`${v}.${body}.${sig!.slice(0, -1)}A`, now).ok, false);
  assert.deepEqual(verifyUnsubscribeToken("v1.abc", now), { ok: false, reason: "malformed" });
  assert.deepEqual(verifyUnsubscribeToken(`v2.${body}.${sig}`, now), { ok: false, reason: "malformed" });
});
