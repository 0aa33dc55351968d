import { sql } from "drizzle-orm";
import { afterCommit, outsideTransaction, useDb, useTransaction } from "../drizzle";
import { createId } from "../util/id";
import { z } from "../util/zod";
import { parseRows, rowCount } from "../drizzle/statement";
import { log, errorFields } from "../observability/log";
import { count } from "../observability/metrics";
import { MetricName } from "../observability/names";
import { mailOutboxTable, mailSuppressionTable } from "./mail.sql";
import { sendEmail, isPermanent } from "./ses";
import { nudgeMailSender } from "./nudge";
import * as from from "./from";
import { likePrefix } from "../util/like";

export { onMailEnqueued, nudgeMailSender } from "./nudge";

/**
 * Email, in both homes through SES v2 (docs/mail.md). Callers enqueue in the transaction of the
 * change that causes the mail; the sender (`deliverDue`) sends after commit: woken by a nudge,
 * and swept every minute. Nothing here knows a domain: a message arrives rendered, with
 * `{{site}}` standing for the site's address, which only the sender knows (CAREBEAT_SITE_URL:
 * the CloudFront URL in AWS, never the request's Host — a reset link built from a Host header
 * would carry the token to whoever sent that header).
 */
export namespace Mail {
  export const SITE_PLACEHOLDER = "{{site}}";
  /** Attempts before a mail is given up (failed); the gaps grow from 30 s to an hour. */
  export const MAX_ATTEMPTS = 8;
  /** A claimed row is someone's for this long; a sender that died lets it go at the end. */
  export const LEASE_SECONDS = 120;

  export interface Message {
    /** Idempotency: a second enqueue with the same key is a no-op. */
    dedupeKey: string;
    kind: string;
    to: string;
    userId?: string | null;
    patientId?: string | null;
    locale: string;
    subject: string;
    text: string;
    html?: string;
    headers?: Record<string, string>;
    /** The body holds a credential (a reset link): erased once SES accepted the mail. */
    sensitive?: boolean;
    /** Not sent after this (a reset link that would arrive dead). */
    expiresAt?: Date;
  }

  /** Enqueue in the current transaction (or on its own); the sender is nudged after commit. False: the key was enqueued before. */
  export async function enqueue(m: Message): Promise<boolean> {
    const inserted = await useTransaction((tx) =>
      tx
        .insert(mailOutboxTable)
        .values({
          id: createId("mail"),
          dedupeKey: m.dedupeKey,
          kind: m.kind,
          toAddress: m.to,
          userId: m.userId ?? null,
          patientId: m.patientId ?? null,
          locale: m.locale,
          subject: m.subject,
          textBody: m.text,
          htmlBody: m.html ?? null,
          headers: m.headers ?? null,
          sensitive: m.sensitive ?? false,
          expiresAt: m.expiresAt ?? null,
        })
        .onConflictDoNothing({ target: mailOutboxTable.dedupeKey })
        .returning({ id: mailOutboxTable.id }),
    );
    if (!inserted.length) return false;
    await afterCommit(nudgeMailSender);
    return true;
  }

  export function siteUrl(): string {
    const url = process.env.CAREBEAT_SITE_URL;
    if (!url) throw new Error("CAREBEAT_SITE_URL is not set: the mail sender needs the site's address for its links");
    return url.replace(/\/+$/, "");
  }

  export const fromAddress = from.fromAddress;

  const backoffSeconds = (attempts: number) => Math.min(3600, 30 * 2 ** Math.max(0, attempts - 1));

  const Claimed = z.object({
    id: z.string(),
    kind: z.string(),
    to_address: z.string(),
    subject: z.string(),
    text_body: z.string().nullable(),
    html_body: z.string().nullable(),
    attempts: z.number(),
    expires_at: z.union([z.date(), z.string()]).nullable(),
    headers: z.union([z.record(z.string(), z.string()), z.string()]).nullable(),
    suppressed: z.boolean(),
  });
  type Claimed = z.output<typeof Claimed>;

  /** Claim due rows with a lease, committed at once so a second sender skips them. */
  async function claim(limit: number): Promise<Claimed[]> {
    return new Promise<Claimed[]>(
      (resolve, reject) =>
        void outsideTransaction(async () => {
          try {
            const rows = await useDb().execute(sql`
            update mail_outbox set attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => ${LEASE_SECONDS})
            where id in (
              select id from mail_outbox where status = 'pending' and next_attempt_at <= now()
              order by next_attempt_at limit ${limit} for update skip locked)
            returning id, kind, to_address, subject, text_body, html_body, attempts, expires_at, headers,
              exists (select 1 from mail_suppression s where s.address = lower(mail_outbox.to_address)) as suppressed`);
            resolve(parseRows(Claimed, rows));
          } catch (err) {
            reject(err);
          }
        }),
    );
  }

  export interface DeliveryReport {
    sent: number;
    retried: number;
    failed: number;
  }

  /** Send what is due (the sender's one job; in a loop offline, per invoke in AWS). */
  export async function deliverDue(opts: { limit?: number } = {}): Promise<DeliveryReport> {
    const report = await deliverClaimed(opts.limit ?? 25);
    if (report.failed) count(MetricName.MailFailed, report.failed);
    return report;
  }

  async function deliverClaimed(limit: number): Promise<DeliveryReport> {
    const report: DeliveryReport = { sent: 0, retried: 0, failed: 0 };
    const rows = await claim(limit);
    if (!rows.length) return report;
    const site = siteUrl();
    const db = useDb();
    for (const row of rows) {
      if (row.expires_at && new Date(row.expires_at).getTime() <= Date.now()) {
        await db.execute(
          sql`update mail_outbox set status = 'failed', last_error = 'expired before it could be sent', text_body = case when sensitive then null else text_body end, html_body = case when sensitive then null else html_body end where id = ${row.id}`,
        );
        report.failed++;
        continue;
      }
      if (row.suppressed) {
        // SES reported this address as bouncing or complaining: sending again would hurt the
        // clinic's sending reputation and reach no one (docs/notifications.md).
        await db.execute(
          sql`update mail_outbox set status = 'failed', last_error = 'address suppressed (bounce or complaint)', text_body = case when sensitive then null else text_body end, html_body = case when sensitive then null else html_body end where id = ${row.id}`,
        );
        log.info("mail.suppressed", { mailId: row.id, kind: row.kind });
        report.failed++;
        continue;
      }
      const headers = typeof row.headers === "string" ? (JSON.parse(row.headers) as Record<string, string>) : (row.headers ?? undefined);
      try {
        const messageId = await sendEmail({
          from: fromAddress(),
          to: row.to_address,
          subject: row.subject,
          text: (row.text_body ?? "").replaceAll(SITE_PLACEHOLDER, site),
          html: row.html_body?.replaceAll(SITE_PLACEHOLDER, site),
          headers: headers && Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.replaceAll(SITE_PLACEHOLDER, site)])),
          configurationSet: process.env.CAREBEAT_SES_CONFIGURATION_SET || undefined,
          tags: { kind: row.kind.replace(/[^A-Za-z0-9_-]/g, "_") },
        });
        await db.execute(sql`
          update mail_outbox set status = 'sent', sent_at = now(), message_id = ${messageId}, last_error = null,
            text_body = case when sensitive then null else text_body end,
            html_body = case when sensitive then null else html_body end
          where id = ${row.id}`);
        log.info("mail.sent", { mailId: row.id, kind: row.kind, attempts: row.attempts });
        report.sent++;
      } catch (err) {
        const permanent = isPermanent(err) || row.attempts >= MAX_ATTEMPTS;
        const message = String((err as Error)?.message ?? err).slice(0, 500);
        if (permanent) {
          await db.execute(
            sql`update mail_outbox set status = 'failed', last_error = ${message}, text_body = case when sensitive then null else text_body end, html_body = case when sensitive then null else html_body end where id = ${row.id}`,
          );
          report.failed++;
        } else {
          await db.execute(
            sql`update mail_outbox set last_error = ${message}, next_attempt_at = now() + make_interval(secs => ${backoffSeconds(row.attempts)}) where id = ${row.id}`,
          );
          report.retried++;
        }
        // The mail's id only: an address or a body is personal data (and may hold a link).
        log.warn(permanent ? "mail.failed" : "mail.retry", { mailId: row.id, kind: row.kind, attempts: row.attempts, ...errorFields(err) });
      }
    }
    return report;
  }

  /**
   * Withdraw pending mail whose dedupe key starts with `prefix` (a reminder for a visit that was
   * moved or cancelled). A row already claimed by a sender is past recall: that window is the
   * sender's one SES call (docs/notifications.md).
   */
  export async function cancelPending(prefix: string): Promise<number> {
    const like = likePrefix(prefix);
    const rows = await useTransaction((tx) =>
      tx.execute(
        sql`update mail_outbox set status = 'cancelled', last_error = 'withdrawn: no longer true' where status = 'pending' and dedupe_key like ${like} and attempts = 0 returning id`,
      ),
    );
    return rowCount(rows);
  }

  /** Stop sending to an address (SES bounce/complaint, or an admin); idempotent. */
  export async function suppress(address: string, reason: "bounce" | "complaint" | "manual"): Promise<void> {
    await useTransaction((tx) => tx.insert(mailSuppressionTable).values({ address: address.trim().toLowerCase(), reason }).onConflictDoNothing());
  }

  export async function isSuppressed(address: string): Promise<boolean> {
    const rows = await useDb().execute(sql`select 1 from mail_suppression where address = ${address.trim().toLowerCase()}`);
    return rowCount(rows) > 0;
  }
}
