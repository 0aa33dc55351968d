import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomBytes, randomUUID } from "node:crypto";
import nodemailer, { type SendMailOptions } from "nodemailer";
import { freePort } from "../ports";
import { signedOnly } from "../signed-front";
import type { LocalCredentials } from "../sigv4";

/**
 * The offline SES v2 (docs/mail.md): the `SendEmail` operation the mail sender calls, at
 * `AWS_ENDPOINT_URL_SESV2`, as strict as SES where it matters to us —
 *
 * - SigV4 with the runtime's pair only (service `ses`), via the shared signed front;
 * - the sender must be a verified identity (an address, or its domain): otherwise 400
 *   `MessageRejected` "Email address is not verified", as SES in the sandbox and out of it;
 * - 1–50 recipients, a subject and a text or HTML body (Simple content), or Raw MIME; anything
 *   else 400 `BadRequestException` naming what is missing.
 *
 * Accepted mail is delivered for real: to `smtpUrl` (any SMTP server: the clinic's relay, or a
 * test's `smtp-server`) with nodemailer, or — with no SMTP configured — written as an `.eml` file
 * into `mailDir` (`.data/mail/`), where a developer opens it. Bounces and complaints (SES's
 * event destinations) have no stand-in.
 */
export interface LocalSesOptions {
  credentials: LocalCredentials;
  /** Verified identities: addresses (`no-reply@clinic.example`) or domains (`clinic.example`). */
  identities: string[];
  smtpUrl?: string;
  mailDir?: string;
  log?: (line: string) => void;
}

export interface LocalSes {
  endpoint: string;
  /** Mail accepted since start (tests and `/health`-style checks). */
  accepted(): number;
  stop(): Promise<void>;
}

const MAX_BODY = 10 * 1024 * 1024; // SES's message size limit (v2: 40 MB raw; 10 MB is ours)

class SesError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const addressOf = (s: string) => (/<([^>]+)>\s*$/.exec(s)?.[1] ?? s).trim().toLowerCase();
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

interface SendEmailRequest {
  FromEmailAddress?: string;
  Destination?: { ToAddresses?: string[]; CcAddresses?: string[]; BccAddresses?: string[] };
  ReplyToAddresses?: string[];
  Content?: {
    Simple?: { Subject?: { Data?: string }; Body?: { Text?: { Data?: string }; Html?: { Data?: string } }; Headers?: { Name: string; Value: string }[] };
    Raw?: { Data?: string };
  };
}

export async function startLocalSes(opts: LocalSesOptions): Promise<LocalSes> {
  const identities = opts.identities.map((i) => i.toLowerCase());
  const verified = (from: string) => {
    const address = addressOf(from);
    return identities.includes(address) || identities.includes(address.split("@")[1] ?? "");
  };
  const transport = opts.smtpUrl ? nodemailer.createTransport(opts.smtpUrl) : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  if (opts.mailDir) mkdirSync(opts.mailDir, { recursive: true, mode: 0o700 });
  let accepted = 0;

  async function sendEmail(req: SendEmailRequest): Promise<string> {
    const from = req.FromEmailAddress;
    if (!from) throw new SesError("BadRequestException", "FromEmailAddress is required");
    if (!EMAIL.test(addressOf(from))) throw new SesError("BadRequestException", "FromEmailAddress is not a valid email address");
    if (!verified(from)) throw new SesError("MessageRejected", `Email address is not verified. The following identities failed the check in region US-EAST-1: ${addressOf(from)}`);
    const d = req.Destination ?? {};
    const all = [...(d.ToAddresses ?? []), ...(d.CcAddresses ?? []), ...(d.BccAddresses ?? [])];
    const simple = req.Content?.Simple;
    const raw = req.Content?.Raw?.Data;
    if (!raw && all.length === 0) throw new SesError("BadRequestException", "Destination must name at least one recipient");
    if (all.length > 50) throw new SesError("BadRequestException", "Recipient count exceeds 50");
    for (const a of all) if (!EMAIL.test(addressOf(a))) throw new SesError("BadRequestException", `Invalid address in Destination: ${a}`);
    const messageId = `0100${Date.now().toString(16)}-${randomUUID()}-000000`;
    let info: { message?: unknown };
    if (raw) {
      info = await transport.sendMail({ envelope: { from: addressOf(from), to: all.length ? all.map(addressOf) : undefined }, raw: Buffer.from(raw, "base64") } as SendMailOptions);
    } else {
      if (!simple) throw new SesError("BadRequestException", "Content must be Simple or Raw");
      const subject = simple.Subject?.Data;
      const text = simple.Body?.Text?.Data;
      const html = simple.Body?.Html?.Data;
      if (!subject) throw new SesError("BadRequestException", "Content.Simple.Subject.Data is required");
      if (!text && !html) throw new SesError("BadRequestException", "Content.Simple.Body needs Text or Html");
      if (/[\r\n]/.test(subject)) throw new SesError("BadRequestException", "Subject must be one line");
      info = await transport.sendMail({
        from,
        to: d.ToAddresses,
        cc: d.CcAddresses,
        bcc: d.BccAddresses,
        replyTo: req.ReplyToAddresses,
        subject,
        text,
        html,
        // SES sets its own Message-ID; ours says the same id SES answered.
        messageId: `<${messageId}@email.amazonses.com>`,
        headers: Object.fromEntries((simple.Headers ?? []).map((h) => [h.Name, h.Value])),
      });
    }
    if (!opts.smtpUrl && opts.mailDir && info.message) {
      writeFileSync(path.join(opts.mailDir, `${new Date().toISOString().replace(/[:.]/g, "-")}-${randomBytes(3).toString("hex")}.eml`), info.message as Buffer, { mode: 0o600 });
    }
    accepted++;
    return messageId;
  }

  const answer = (res: ServerResponse, status: number, body: unknown, errorType?: string) => {
    const json = JSON.stringify(body);
    res.writeHead(status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(json),
      "x-amzn-requestid": randomUUID(),
      ...(errorType ? { "x-amzn-errortype": errorType } : {}),
    });
    res.end(json);
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const pathname = (req.url ?? "/").split("?")[0];
      if (req.method !== "POST" || pathname !== "/v2/email/outbound-emails") return answer(res, 404, { message: "Not Found" }, "NotFoundException");
      let parsed: SendEmailRequest;
      try {
        parsed = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as SendEmailRequest;
      } catch {
        return answer(res, 400, { message: "The request body is not valid JSON" }, "BadRequestException");
      }
      sendEmail(parsed).then(
        (MessageId) => answer(res, 200, { MessageId }),
        (err) => {
          if (err instanceof SesError) return answer(res, err.status, { message: err.message }, err.type);
          // The SMTP server refused or could not be reached: a 5xx the sender retries.
          opts.log?.(`ses: delivery failed: ${(err as Error).message}`);
          answer(res, 503, { message: "Service unavailable: the mail could not be handed to SMTP" }, "ServiceUnavailableException");
        },
      );
    });
  };

  const server = http.createServer(signedOnly(handle, { service: "ses", credentials: opts.credentials, maxBytes: MAX_BODY, refusalStatus: 403 }));
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${port}`,
    accepted: () => accepted,
    stop: () =>
      new Promise<void>((resolve) => {
        transport.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
