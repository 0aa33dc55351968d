import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { startLocalSes, type LocalSes } from "./index";
import { localCredentials } from "../credentials";
import { startTestSmtp, type ReceivedMail } from "../smtp-testing";

/**
 * The offline SES v2 against a real SMTP server (smtp-server) and the real SDK client: what it
 * accepts reaches SMTP as a parseable MIME message, and it refuses what SES refuses — a request
 * not signed with the runtime's pair, and a sender that is not a verified identity.
 */
const credentials = localCredentials();
let ses: LocalSes;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let received: ReceivedMail[];

before(async () => {
  smtp = await startTestSmtp();
  received = smtp.received;
  ses = await startLocalSes({ credentials, identities: ["clinic.example"], smtpUrl: smtp.url });
});
after(async () => {
  await ses?.stop();
  await smtp?.stop();
});

const client = (over: Partial<typeof credentials> = {}) =>
  new SESv2Client({ endpoint: ses.endpoint, region: "us-east-1", credentials: { ...credentials, ...over }, maxAttempts: 1 });
const mail = (from = "Clinic <no-reply@clinic.example>") =>
  new SendEmailCommand({
    FromEmailAddress: from,
    Destination: { ToAddresses: ["patient@example.org"] },
    Content: { Simple: { Subject: { Data: "Ihr Termin am 3. Dezember" }, Body: { Text: { Data: "Plain text ü" }, Html: { Data: "<p>HTML ü</p>" } } } },
  });

test("a signed SendEmail from a verified domain reaches SMTP with both parts and the id SES answered", async () => {
  const before = received.length;
  const out = await client().send(mail());
  assert.match(out.MessageId ?? "", /^0100[0-9a-f]+-/);
  assert.equal(received.length, before + 1);
  const got = received.at(-1)!;
  assert.deepEqual(got.envelopeTo, ["patient@example.org"]);
  assert.equal(got.mail.subject, "Ihr Termin am 3. Dezember");
  assert.equal(got.mail.text?.trim(), "Plain text ü");
  assert.match(String(got.mail.html), /<p>HTML ü<\/p>/);
  assert.equal(got.mail.messageId, `<${out.MessageId}@email.amazonses.com>`);
  assert.equal(ses.accepted() >= 1, true);
});

test("an unverified sender is MessageRejected, as SES answers", async () => {
  const before = received.length;
  await assert.rejects(client().send(mail("someone@elsewhere.example")), (err: Error) => err.name === "MessageRejected" && /not verified/.test(err.message));
  assert.equal(received.length, before);
});

test("a request signed with a wrong secret, a wrong key id, or not at all is refused and nothing is sent", async () => {
  const before = received.length;
  await assert.rejects(client({ secretAccessKey: "x".repeat(40) }).send(mail()), (err: { $metadata?: { httpStatusCode?: number } }) => err.$metadata?.httpStatusCode === 403);
  await assert.rejects(client({ accessKeyId: "AKIAWRONGWRONGWRONG0" }).send(mail()), (err: { $metadata?: { httpStatusCode?: number } }) => err.$metadata?.httpStatusCode === 403);
  const unsigned = await fetch(`${ses.endpoint}/v2/email/outbound-emails`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      FromEmailAddress: "no-reply@clinic.example",
      Destination: { ToAddresses: ["a@example.org"] },
      Content: { Simple: { Subject: { Data: "x" }, Body: { Text: { Data: "x" } } } },
    }),
  });
  assert.equal(unsigned.status, 403);
  assert.equal(received.length, before);
});

test("a mail without a subject or recipients is a BadRequestException naming the field", async () => {
  const noSubject = new SendEmailCommand({
    FromEmailAddress: "no-reply@clinic.example",
    Destination: { ToAddresses: ["a@example.org"] },
    Content: { Simple: { Subject: { Data: "" }, Body: { Text: { Data: "x" } } } },
  });
  await assert.rejects(client().send(noSubject), (err: Error) => err.name === "BadRequestException" && /Subject/.test(err.message));
  const noOne = new SendEmailCommand({
    FromEmailAddress: "no-reply@clinic.example",
    Destination: { ToAddresses: [] },
    Content: { Simple: { Subject: { Data: "s" }, Body: { Text: { Data: "x" } } } },
  });
  await assert.rejects(client().send(noOne), (err: Error) => err.name === "BadRequestException" && /recipient/.test(err.message));
});

test("an SMTP server that refuses is a 5xx the sender retries, not an acceptance", async () => {
  smtp.refuse(true);
  try {
    await assert.rejects(client().send(mail()), (err: { $metadata?: { httpStatusCode?: number } }) => (err.$metadata?.httpStatusCode ?? 0) >= 500);
  } finally {
    smtp.refuse(false);
  }
});
