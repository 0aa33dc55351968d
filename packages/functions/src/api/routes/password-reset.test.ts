import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startTestApp, type TestApp, type TestUser } from "@carebeat/local/testing";
import { startTestSmtp } from "@carebeat/local/smtp-testing";
import { problem, query } from "./clinic.fixtures";

/**
 * "Forgot password" end to end (issue 18): the API enqueues, the sender hands the mail to the
 * offline SES, which delivers it to a real SMTP server; the test reads the link out of the mail
 * the way a patient would, and uses it.
 */
let t: TestApp;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let admin: TestUser;
before(async () => {
  smtp = await startTestSmtp();
  process.env.CAREBEAT_SMTP_URL = smtp.url;
  process.env.CAREBEAT_SITE_URL = "https://clinic.example";
  process.env.CAREBEAT_RESET_MIN_MS = "0";
  t = await startTestApp();
  admin = await t.user("admin");
});
after(async () => {
  await t?.stop();
  await smtp?.stop();
  delete process.env.CAREBEAT_SMTP_URL;
});

const forgot = (email: string, locale?: string) => t.call("POST", "/api/auth/password/forgot", { body: { email, ...(locale ? { locale } : {}) } });
const reset = (token: string, newPassword: string) => t.call("POST", "/api/auth/password/reset", { body: { token, newPassword } });
const login = (email: string, password: string) => t.call("POST", "/api/auth/login", { body: { email, password } });

/** The next mail to `to`, and the token in its link. */
async function nextMailTo(to: string, after: number) {
  await t.stack.mail.drain();
  const all = await smtp.waitFor(after + 1);
  const got = all.slice(after).find((m) => m.envelopeTo.includes(to));
  assert.ok(got, `a mail to ${to}`);
  const m = /https:\/\/clinic\.example\/reset-password#token=([A-Za-z0-9_-]+)/.exec(got.mail.text ?? "");
  assert.ok(m, `a reset link in: ${got.mail.text}`);
  assert.match(String(got.mail.html), new RegExp(`href="https://clinic\\.example/reset-password#token=${m[1]}"`));
  return { mail: got.mail, token: m[1]! };
}

test("a reset link arrives by mail, sets the new password once, ends every session, and is audited", async () => {
  const user = await t.user("staff");
  const before = smtp.received.length;
  const asked = await forgot(user.email);
  assert.equal(asked.status, 202);
  const { mail, token } = await nextMailTo(user.email, before);
  assert.equal(mail.subject, "Reset your Carebeat password");
  assert.doesNotMatch(mail.text ?? "", /test-password/);

  // The stored row holds only the hash; the outbox erased the body once sent.
  const [stored] = await query("select token_hash from password_resets where user_id = $1", [user.id]);
  assert.notEqual(stored.token_hash, token);
  const [outbox] = await query("select status, text_body from mail_outbox where user_id = $1 and kind = 'auth.password_reset'", [user.id]);
  assert.equal(outbox.status, "sent");
  assert.equal(outbox.text_body, null);

  assert.equal((await reset(token, "a brand new password")).status, 204);
  assert.equal((await t.call("GET", "/api/auth/me", { token: user.token })).status, 401, "the old access token is refused");
  assert.equal((await t.call("POST", "/api/auth/refresh", { body: { refreshToken: user.refreshToken } })).status, 401, "the old refresh token is revoked");
  assert.equal((await login(user.email, user.password)).status, 401, "the old password no longer works");
  assert.equal((await login(user.email, "a brand new password")).status, 200);

  problem(await reset(token, "another new password"), 400, "token");
  const audit = await t.call("GET", `/api/audit?limit=50&action=auth.password_reset`, { token: admin.token });
  assert.ok(
    (audit.body.items as any[]).some((e) => e.resourceId === user.id && e.outcome === "success"),
    JSON.stringify(audit.body),
  );
});

test("an unknown address gets the same answer and no mail", async () => {
  const known = await t.user("staff");
  const before = smtp.received.length;
  const unknown = await forgot(`nobody-${Date.now()}@clinic.example`);
  const real = await forgot(known.email);
  assert.equal(unknown.status, 202);
  assert.deepEqual(unknown.body, real.body);
  await nextMailTo(known.email, before);
  await t.stack.mail.drain();
  assert.equal(smtp.received.length, before + 1, "only the real account got a mail");
});

test("asking again voids the earlier link; the German mail is in German", async () => {
  const user = await t.user("patient");
  let before = smtp.received.length;
  await forgot(user.email);
  const first = await nextMailTo(user.email, before);
  before = smtp.received.length;
  await forgot(user.email, "de");
  const second = await nextMailTo(user.email, before);
  assert.equal(second.mail.subject, "Ihr Carebeat-Passwort zurücksetzen");
  problem(await reset(first.token, "a brand new password"), 400, "token");
  assert.equal((await reset(second.token, "a brand new password")).status, 204);
});

test("an expired link is refused; a disabled account gets no link", async () => {
  const user = await t.user("staff");
  const before = smtp.received.length;
  await forgot(user.email);
  const { token } = await nextMailTo(user.email, before);
  await query("update password_resets set expires_at = now() - interval '1 second' where user_id = $1", [user.id]);
  problem(await reset(token, "a brand new password"), 400, "token");

  const disabled = await t.user("staff");
  assert.equal((await t.call("POST", `/api/auth/users/${disabled.id}/disable`, { token: admin.token })).status, 200);
  await forgot(disabled.email);
  await t.stack.mail.drain();
  const [{ n }] = await query("select count(*)::int as n from password_resets where user_id = $1", [disabled.id]);
  assert.equal(n, 0);
});

test("at most three links an hour per account", async () => {
  const user = await t.user("staff");
  for (let i = 0; i < 5; i++) assert.equal((await forgot(user.email)).status, 202);
  const [{ n }] = await query("select count(*)::int as n from password_resets where user_id = $1", [user.id]);
  assert.equal(n, 3);
});

test("bad input names the field: a malformed email, a short password, a malformed token", async () => {
  problem(await forgot("not-an-email"), 400, "email");
  problem(await t.call("POST", "/api/auth/password/forgot", { body: { email: "a@b.co", locale: "fr" } }), 400, "locale");
  problem(await reset("x".repeat(43), "short"), 400, "newPassword");
  problem(await reset("not a token!", "a brand new password"), 400, "token");
  problem(await reset("A".repeat(43), "a brand new password"), 400, "token");
});
