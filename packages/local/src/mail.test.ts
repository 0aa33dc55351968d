import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startTestSmtp } from "./smtp-testing";
import type { TestApp } from "./testing";

/**
 * The mail outbox end to end: Mail.enqueue → after commit the in-process sender → the offline
 * SES (SigV4-verified) → a real SMTP server. Sent exactly once however often the sender runs;
 * an SMTP outage is retried, not lost; a sensitive body is erased once sent; an enqueue with the
 * same dedupe key is a no-op; a mail that expired before it could leave is never sent.
 */
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let t: TestApp;
let Mail: typeof import("@carebeat/core/mail").Mail;
const rows = async (dedupeKey: string) => {
  const { useSql } = await import("@carebeat/core/drizzle");
  return [...(await useSql()`select status, attempts, text_body, html_body, message_id, last_error from mail_outbox where dedupe_key = ${dedupeKey}`)];
};

before(async () => {
  smtp = await startTestSmtp();
  process.env.CAREBEAT_SMTP_URL = smtp.url;
  process.env.CAREBEAT_SITE_URL = "https://clinic.example";
  const { startTestApp } = await import("./testing");
  t = await startTestApp();
  ({ Mail } = await import("@carebeat/core/mail"));
});
after(async () => {
  await t?.stop();
  await smtp?.stop();
  delete process.env.CAREBEAT_SMTP_URL;
});

const message = (key: string, over: Partial<import("@carebeat/core/mail").Mail.Message> = {}) => ({
  dedupeKey: key,
  kind: "test.hello",
  to: "patient@example.org",
  locale: "en",
  subject: "Hello",
  text: "Open {{site}}/appointments",
  html: '<a href="{{site}}/appointments">open</a>',
  ...over,
});

test("an enqueued mail is sent once, with the site's address in its links, however often the sender runs", async () => {
  const start = smtp.received.length;
  await Mail.enqueue(message("t:once"));
  await Mail.enqueue(message("t:once", { subject: "a second enqueue of the same key" }));
  await smtp.waitFor(start + 1);
  await t.stack.mail.drain();
  await t.stack.mail.drain();
  assert.equal(smtp.received.length, start + 1);
  const got = smtp.received.at(-1)!.mail;
  assert.equal(got.subject, "Hello");
  assert.match(got.text ?? "", /Open https:\/\/clinic\.example\/appointments/);
  assert.match(String(got.html), /href="https:\/\/clinic\.example\/appointments"/);
  const [row] = await rows("t:once");
  assert.equal(row!.status, "sent");
  assert.equal(row!.attempts, 1);
  assert.match(String(row!.message_id), /^0100/);
});

test("a sensitive body is erased once SES accepted it; the row stays as the record", async () => {
  const start = smtp.received.length;
  await Mail.enqueue(message("t:secret", { sensitive: true, text: "token=abc {{site}}" }));
  await smtp.waitFor(start + 1);
  await t.stack.mail.drain();
  const [row] = await rows("t:secret");
  assert.equal(row!.status, "sent");
  assert.equal(row!.text_body, null);
  assert.equal(row!.html_body, null);
});

test("an SMTP outage is retried later, not lost and not sent twice", async () => {
  const { useSql } = await import("@carebeat/core/drizzle");
  smtp.refuse(true);
  const start = smtp.received.length;
  try {
    await Mail.enqueue(message("t:outage"));
    await t.stack.mail.drain();
    const [waiting] = await rows("t:outage");
    assert.equal(waiting!.status, "pending");
    assert.ok(Number(waiting!.attempts) >= 1);
    assert.ok(waiting!.last_error);
  } finally {
    smtp.refuse(false);
  }
  // The backoff has not passed: a sweep now sends nothing.
  await t.stack.mail.drain();
  assert.equal(smtp.received.length, start);
  await useSql()`update mail_outbox set next_attempt_at = now() where dedupe_key = 't:outage'`;
  await t.stack.mail.drain();
  await smtp.waitFor(start + 1);
  await t.stack.mail.drain();
  assert.equal(smtp.received.length, start + 1);
  assert.equal((await rows("t:outage"))[0]!.status, "sent");
});

test("a mail that expired before it could leave is never sent", async () => {
  const start = smtp.received.length;
  await Mail.enqueue(message("t:expired", { expiresAt: new Date(Date.now() - 1000) }));
  await t.stack.mail.drain();
  assert.equal(smtp.received.length, start);
  const [row] = await rows("t:expired");
  assert.equal(row!.status, "failed");
  assert.match(String(row!.last_error), /expired/);
});

test("a sender that is not a verified identity fails the mail for good instead of retrying it", async () => {
  const from = process.env.CAREBEAT_MAIL_FROM;
  process.env.CAREBEAT_MAIL_FROM = "someone@unverified.example";
  try {
    await Mail.enqueue(message("t:unverified"));
    await t.stack.mail.drain();
  } finally {
    if (from === undefined) delete process.env.CAREBEAT_MAIL_FROM;
    else process.env.CAREBEAT_MAIL_FROM = from;
  }
  const [row] = await rows("t:unverified");
  assert.equal(row!.status, "failed");
  assert.match(String(row!.last_error), /not verified/);
});
