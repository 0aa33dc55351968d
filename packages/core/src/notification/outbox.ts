import { and, desc, eq, type SQL } from "drizzle-orm";
import { z } from "../util/zod";
import { useTransaction } from "../drizzle";
import { assertRole } from "../actor";
import { Audit } from "../audit";
import { Cursor } from "../util/cursor";
import { Keyset } from "../util/keyset";
import { mailOutboxTable } from "../mail/mail.sql";

/**
 * The admin Outbox page (docs/notifications.md): every mail the clinic sent or will send —
 * recipient, subject, kind, status, times, the body as the patient sees it. A mail that carried a
 * credential (a reset link) never shows its body, sent or not. Reading the outbox discloses
 * patients' addresses: each page is audited with the patients on it.
 */
export const OutboxItem = z
  .object({
    id: z.string(),
    kind: z.string(),
    to: z.string(),
    patientId: z.string().nullable(),
    subject: z.string(),
    status: z.enum(["pending", "sent", "failed", "cancelled"]),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
    text: z.string().nullable().openapi({ description: "The plain-text body as sent (null: it held a credential, or was erased)" }),
    html: z.string().nullable(),
  })
  .openapi("OutboxItem");
export type OutboxItem = z.infer<typeof OutboxItem>;

export const OutboxInput = z.object({
  status: z.enum(["pending", "sent", "failed", "cancelled"]).optional(),
  patientId: z.string().max(64).optional(),
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export async function listOutbox(input: z.output<typeof OutboxInput>, siteUrl: string) {
  assertRole("admin");
  const where: SQL[] = [];
  if (input.status) where.push(eq(mailOutboxTable.status, input.status));
  if (input.patientId) where.push(eq(mailOutboxTable.patientId, input.patientId));
  if (input.cursor) where.push(Keyset.after(input.cursor, mailOutboxTable.createdAt, mailOutboxTable.id, "desc"));
  const rows = await useTransaction((tx) =>
    tx
      .select()
      .from(mailOutboxTable)
      .where(where.length ? and(...where) : undefined)
      .orderBy(desc(mailOutboxTable.createdAt), desc(mailOutboxTable.id))
      .limit(input.limit + 1),
  );
  const { page, nextCursor } = Keyset.page(rows, input.limit, (r) => ({ at: r.createdAt, id: r.id }));
  const fill = (body: string | null) => (body === null ? null : body.replaceAll("{{site}}", siteUrl));
  const items: OutboxItem[] = page.map((r) => ({
    id: r.id,
    kind: r.kind,
    to: r.toAddress,
    patientId: r.patientId,
    subject: r.subject,
    status: r.status,
    attempts: r.attempts,
    lastError: r.lastError,
    createdAt: r.createdAt.toISOString(),
    sentAt: r.sentAt?.toISOString() ?? null,
    text: r.sensitive ? null : fill(r.textBody),
    html: r.sensitive ? null : fill(r.htmlBody),
  }));
  await Audit.record({
    action: "mail.outbox.read",
    resourceType: "mail",
    patientIds: items.flatMap((i) => (i.patientId ? [i.patientId] : [])),
    detail: { status: input.status ?? null, patientId: input.patientId ?? null, count: items.length },
  });
  return { items, nextCursor };
}
