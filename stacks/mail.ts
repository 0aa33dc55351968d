import { vpc } from "./network";
import { database, dbEnvironment } from "./database";
import { afterMigrations } from "./migrations";
import { reserve } from "./capacity";
import { router } from "./router";

/**
 * Email through Amazon SES v2 (docs/mail.md). Read when `sst deploy` runs:
 *
 * - `CAREBEAT_MAIL_FROM` — the sender, `Name <address@domain>` (default
 *   `Carebeat <no-reply@carebeat.example>`, which no one can verify: set it before the first deploy);
 *   its domain becomes the SES identity, with DKIM and a DMARC record.
 * - `CAREBEAT_MAIL_DNS=route53` — SST writes the verification records into the Route 53 zone of
 *   that domain; otherwise (the default: a clinic's DNS is rarely in this account) the records are
 *   added by hand from the SES console, and mail is refused (`MessageRejected`, the mail marked
 *   failed in the outbox) until they are.
 *
 * The configuration set suppresses addresses that bounced or complained (SES's account-level
 * suppression list, BOUNCE and COMPLAINT): SES drops later sends to them instead of hurting the
 * account's reputation. New accounts are in the SES sandbox (verified recipients only) until AWS
 * grants production access.
 */
export const MAIL_FROM = process.env.CAREBEAT_MAIL_FROM ?? "Carebeat <no-reply@carebeat.example>";
const senderDomain = /@([^>\s]+)>?\s*$/.exec(MAIL_FROM)?.[1]?.toLowerCase();
if (!senderDomain) throw new Error(`CAREBEAT_MAIL_FROM must be "Name <address@domain>" or an address, not "${MAIL_FROM}"`);

/**
 * SES's bounce and complaint events for mail sent through the configuration set reach this topic
 * and the MailEvents function, which adds the address to `mail_suppression`: Carebeat stops
 * enqueuing-and-sending to it (docs/notifications.md), on top of SES's own suppression list.
 */
export const mailEventsTopic = new sst.aws.SnsTopic("MailEvents");

export const email = new sst.aws.Email("Email", {
  sender: senderDomain,
  events: [{ name: "BouncesAndComplaints", types: ["bounce", "complaint"], topic: mailEventsTopic.arn }],
  dns: process.env.CAREBEAT_MAIL_DNS === "route53" ? sst.aws.dns() : false,
  dmarc: "v=DMARC1; p=quarantine; adkim=s; aspf=s;",
  transform: {
    configurationSet: (args) => {
      args.suppressionOptions = { suppressedReasons: ["BOUNCE", "COMPLAINT"] };
    },
  },
});

/**
 * The sender: drains the mail outbox through SES. Nudged by the API after a commit that enqueued
 * mail (`Resource.MailSender`, packages/core/src/mail/nudge.ts) and swept every minute for retries
 * and lost nudges. Reserved concurrency 1: rows are leased, one sender at a time is enough, and it
 * holds one database connection (stacks/capacity.ts). Links in mail point at the CloudFront URL.
 */
export const mailSender = new sst.aws.Function(
  "MailSender",
  {
    handler: "packages/functions/src/mail/sender.handler",
    vpc,
    link: [database, email],
    timeout: "1 minute",
    environment: {
      ...dbEnvironment(1),
      CAREBEAT_MAIL_FROM: MAIL_FROM,
      CAREBEAT_SES_CONFIGURATION_SET: email.configSet,
      CAREBEAT_SITE_URL: router.url,
    },
    concurrency: reserve($app.stage, "mail"),
  },
  afterMigrations,
);

// CronV2 (EventBridge Scheduler), as the relay's sweep: the fastest rate EventBridge offers.
export const mailSweep = new sst.aws.CronV2("MailSweep", { schedule: "rate(1 minute)", function: mailSender.arn });

export const mailEventsHandler = new sst.aws.Function(
  "MailEventsHandler",
  {
    handler: "packages/functions/src/mail/ses-events.handler",
    vpc,
    link: [database],
    timeout: "30 seconds",
    environment: dbEnvironment(1),
    concurrency: reserve($app.stage, "mailEvents"),
  },
  afterMigrations,
);
mailEventsTopic.subscribe("MailEventsSubscriber", mailEventsHandler.arn);
