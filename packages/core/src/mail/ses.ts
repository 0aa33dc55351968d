import { lazy } from "../util/lazy";

/**
 * SES v2 `SendEmail`, the one call the mail sender makes, in both homes: AWS's endpoint, or the
 * offline runtime's (`AWS_ENDPOINT_URL_SESV2`, packages/local/src/ses/), which verifies the
 * same SigV4 signature and refuses an unverified sender the way SES does. The client is imported
 * with the first mail sent.
 */
const client = lazy(async () => {
  const sdk = await import("./ses-sdk");
  return { sdk, client: new sdk.SESv2Client({}) };
});

export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** SES configuration set (bounce and complaint events go to its destination). */
  configurationSet?: string;
  /** Extra headers (List-Unsubscribe, List-Unsubscribe-Post: RFC 8058 one-click). */
  headers?: Record<string, string>;
  tags?: Record<string, string>;
}

export async function sendEmail(mail: OutgoingMail): Promise<string> {
  const { sdk, client: ses } = await client();
  const out = await ses.send(
    new sdk.SendEmailCommand({
      FromEmailAddress: mail.from,
      Destination: { ToAddresses: [mail.to] },
      Content: {
        Simple: {
          Subject: { Data: mail.subject, Charset: "UTF-8" },
          Body: { Text: { Data: mail.text, Charset: "UTF-8" }, ...(mail.html ? { Html: { Data: mail.html, Charset: "UTF-8" } } : {}) },
          ...(mail.headers && Object.keys(mail.headers).length ? { Headers: Object.entries(mail.headers).map(([Name, Value]) => ({ Name, Value })) } : {}),
        },
      },
      ConfigurationSetName: mail.configurationSet,
      EmailTags: mail.tags ? Object.entries(mail.tags).map(([Name, Value]) => ({ Name, Value })) : undefined,
    }),
  );
  return out.MessageId ?? "";
}

/** SES errors that no retry can fix: the mail is marked failed instead of tried again. */
export function isPermanent(err: unknown): boolean {
  const name = (err as { name?: string })?.name ?? "";
  return ["MessageRejected", "BadRequestException", "MailFromDomainNotVerifiedException", "AccountSuspendedException", "SendingPausedException", "NotFoundException"].includes(
    name,
  );
}
