import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import * as OTPAuth from "otpauth";
import { startTestApp, refreshCookieOf, type TestApp, type TestUser } from "@carebeat/local/testing";
import { problem, query } from "./clinic.fixtures";

/**
 * TOTP multi-factor sign-in (issue 18): enrolment with a QR code confirmed by one code, sign-in
 * with a code accepted once, recovery codes spent once, wrong codes locking out like passwords,
 * an admin's per-role requirement that sends an account to enrolment first, and an admin reset.
 * Codes are computed here from the secret the API handed out, as an authenticator app does.
 */
let t: TestApp;
let admin: TestUser;
before(async () => {
  t = await startTestApp();
  admin = await t.user("admin");
});
after(async () => t?.stop());

const totp = (secret: string) => new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30, algorithm: "SHA1" });
/** The code of the step `offset` steps from now (±1 is inside the accepted window). */
const codeAt = (secret: string, offset = 0) => totp(secret).generate({ timestamp: Date.now() + offset * 30_000 });
const login = (who: { email: string; password: string }, code?: string) =>
  t.call("POST", "/api/auth/login", { body: { email: who.email, password: who.password, ...(code ? { code } : {}) } });

async function enrol(user: TestUser) {
  const started = await t.call("POST", "/api/auth/mfa/enrol", { token: user.token });
  assert.equal(started.status, 200, JSON.stringify(started.body));
  const { secret, otpauthUri, qrCode } = started.body;
  assert.match(otpauthUri, /^otpauth:\/\/totp\/Carebeat:.+\?.*secret=[A-Z2-7]+/);
  assert.match(qrCode, /^data:image\/png;base64,/);
  const confirmed = await t.call("POST", "/api/auth/mfa/confirm", { token: user.token, body: { code: codeAt(secret) } });
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
  return { secret: secret as string, recoveryCodes: confirmed.body.recoveryCodes as string[], token: confirmed.body.accessToken as string };
}

async function audited(action: string, resourceId: string) {
  const res = await t.call("GET", `/api/audit?limit=200&action=${action}`, { token: admin.token });
  return (res.body.items as any[]).filter((e) => e.resourceId === resourceId);
}

test("enrol with a QR code, then sign-in needs a code, and a code works once", async () => {
  const user = await t.user("doctor");
  const { secret, recoveryCodes, token } = await enrol(user);
  assert.equal(recoveryCodes.length, 10);
  assert.equal(new Set(recoveryCodes).size, 10);

  // Stored encrypted, bound to the account; recovery codes stored hashed.
  const [row] = await query("select secret, last_step from mfa_totp where user_id = $1", [user.id]);
  assert.match(row.secret, /^v1\./);
  assert.ok(!row.secret.includes(secret));
  const hashes = await query("select code_hash from mfa_recovery_codes where user_id = $1", [user.id]);
  assert.equal(hashes.length, 10);
  assert.ok(hashes.every((h: any) => !recoveryCodes.some((c) => h.code_hash.includes(c.replace("-", "")))));

  // Enrolment ended the other sessions: the token from before is refused, the new one works.
  assert.equal((await t.call("GET", "/api/auth/me", { token: user.token })).status, 401);
  assert.equal((await t.call("GET", "/api/auth/mfa", { token })).body.enrolled, true);

  problem(await login(user), 401, "code");
  assert.equal((await login(user)).body.code, "auth.mfa_required");
  // The code that confirmed enrolment is spent already; the next step's code signs in once.
  problem(await login(user, codeAt(secret)), 401, "code");
  const next = codeAt(secret, 1);
  const ok = await login(user, next);
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.ok(ok.body.accessToken);
  const replay = await login(user, next);
  problem(replay, 401, "code");
  assert.equal(replay.body.code, "auth.mfa_invalid_code");
  assert.ok((await audited("auth.mfa", user.id)).some((e) => e.outcome === "failed" && e.detail?.reason === "replayed"));
  assert.ok((await audited("auth.mfa_enrol", user.id)).some((e) => e.outcome === "success"));
});

test("two sign-ins racing with one code: exactly one succeeds", async () => {
  const user = await t.user("staff");
  const { secret } = await enrol(user);
  const code = codeAt(secret, 1);
  const results = await Promise.all(Array.from({ length: 5 }, () => login(user, code)));
  assert.deepEqual(results.map((r) => r.status).sort(), [200, 401, 401, 401, 401]);
});

test("a recovery code signs in once", async () => {
  const user = await t.user("staff");
  const { recoveryCodes } = await enrol(user);
  const first = await login(user, recoveryCodes[3]!.toUpperCase());
  assert.equal(first.status, 200, JSON.stringify(first.body));
  problem(await login(user, recoveryCodes[3]!), 401, "code");
  const status = await t.call("GET", "/api/auth/mfa", { token: first.body.accessToken });
  assert.equal(status.body.recoveryCodesLeft, 9);
  assert.equal((await audited("auth.mfa_recovery_code", user.id)).length, 1);
});

test("wrong codes lock out like wrong passwords, and asking for the code step does not reset the count", async () => {
  const user = await t.user("staff");
  const { secret } = await enrol(user);
  for (let i = 0; i < 3; i++) problem(await login(user, "000000"), 401, "code");
  // The password alone (the code step) hands its slot back but clears nothing.
  for (let i = 0; i < 3; i++) assert.equal((await login(user)).body.code, "auth.mfa_required");
  for (let i = 0; i < 2; i++) problem(await login(user, "111111"), 401, "code");
  const locked = await login(user, codeAt(secret, 1));
  assert.equal(locked.status, 429, "the sixth attempt is refused even with a right code");
  assert.ok(locked.headers.get("retry-after"));
});

test("an admin requires MFA for a role: its accounts are sent to enrolment before anything else", async () => {
  const staff = await t.user("staff");
  const policy = await t.call("PUT", "/api/auth/mfa/policy", { token: admin.token, body: { admin: false, staff: true, doctor: false, patient: false } });
  assert.equal(policy.status, 200, JSON.stringify(policy.body));
  try {
    const signedIn = await login(staff);
    assert.equal(signedIn.status, 200);
    assert.equal(signedIn.body.mfaEnrolmentRequired, true);
    const pending = signedIn.body.accessToken;
    const refused = await t.call("GET", "/api/patients", { token: pending });
    problem(refused, 403);
    assert.equal(refused.body.code, "auth.mfa_enrolment_required");
    assert.equal((await t.call("GET", "/api/auth/me", { token: pending })).status, 200);
    assert.equal((await t.call("GET", "/api/auth/mfa", { token: pending })).body.required, true);
    // A refresh keeps the requirement until enrolment.
    const refreshed = await t.call("POST", "/api/auth/refresh", { body: { refreshToken: refreshCookieOf(signedIn) } });
    assert.equal(refreshed.body.mfaEnrolmentRequired, true);

    const { token } = await enrol({ ...staff, token: refreshed.body.accessToken });
    assert.equal((await t.call("GET", "/api/patients", { token })).status, 200);
    assert.equal((await t.call("GET", "/api/patients", { token: pending })).status, 401, "the pending token ended with enrolment");
  } finally {
    await t.call("PUT", "/api/auth/mfa/policy", { token: admin.token, body: { admin: false, staff: false, doctor: false, patient: false } });
  }
  const changes = await t.call("GET", "/api/audit?limit=50&action=auth.mfa_policy", { token: admin.token });
  assert.ok(
    (changes.body.items as any[]).some((e) => e.detail?.after?.staff === true),
    "the policy change is audited with what it became",
  );
});

test("an admin resets a user's MFA: sessions end, the password alone signs in again, audited; others may not", async () => {
  const user = await t.user("doctor");
  const { token } = await enrol(user);
  const staff = await t.user("staff");
  problem(await t.call("POST", `/api/auth/users/${user.id}/mfa/reset`, { token: staff.token }), 403);
  assert.equal((await t.call("POST", `/api/auth/users/${user.id}/mfa/reset`, { token: admin.token })).status, 204);
  assert.equal((await t.call("GET", "/api/auth/me", { token })).status, 401);
  assert.equal((await login(user)).status, 200);
  const [entry] = await audited("account.mfa_reset", user.id);
  assert.equal(entry?.detail?.hadMfa, true);
  problem(await t.call("POST", "/api/auth/users/usr_nobody/mfa/reset", { token: admin.token }), 404);
});

test("bad input names the field; enrolling twice is a 409", async () => {
  const user = await t.user("patient");
  problem(await t.call("POST", "/api/auth/mfa/confirm", { token: user.token, body: { code: "123456" } }), 409);
  const started = await t.call("POST", "/api/auth/mfa/enrol", { token: user.token });
  problem(await t.call("POST", "/api/auth/mfa/confirm", { token: user.token, body: { code: "12ab" } }), 400, "code");
  problem(await t.call("POST", "/api/auth/mfa/confirm", { token: user.token, body: { code: codeAt(started.body.secret, 5) } }), 422, "code");
  const confirmed = await t.call("POST", "/api/auth/mfa/confirm", { token: user.token, body: { code: codeAt(started.body.secret) } });
  assert.equal(confirmed.status, 200);
  problem(await t.call("POST", "/api/auth/mfa/enrol", { token: confirmed.body.accessToken }), 409);
  problem(await t.call("PUT", "/api/auth/mfa/policy", { token: admin.token, body: { staff: "yes" } }), 400, "staff");
});

test("the pharmacist role is in the MFA policy; a body without it (older clients) keeps its setting", async () => {
  const all = { admin: false, staff: false, doctor: false, patient: false };
  try {
    const on = await t.call("PUT", "/api/auth/mfa/policy", { token: admin.token, body: { ...all, pharmacist: true } });
    assert.equal(on.body.pharmacist, true);
    const kept = await t.call("PUT", "/api/auth/mfa/policy", { token: admin.token, body: all });
    assert.equal(kept.status, 200, JSON.stringify(kept.body));
    assert.equal(kept.body.pharmacist, true);
  } finally {
    await t.call("PUT", "/api/auth/mfa/policy", { token: admin.token, body: { ...all, pharmacist: false } });
  }
});
