import { and, desc, eq, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import { z } from "../util/zod";
import { fn } from "../util/fn";
import { createId } from "../util/id";
import { VisibleError } from "../util/error";
import { Cursor } from "../util/cursor";
import { instant as instantRule } from "../util/date";
import { createTransaction, useTransaction } from "../drizzle";
import { useActor, actorLabel } from "../actor";
import { Audit } from "../audit";
import { ListQuery } from "../audit/list";
import { invoiceTable, paymentTable, invoiceStatuses, paymentMethods } from "./invoice.sql";
import { Info as InfoSchema, Payment as PaymentSchema, serialize, serializePayment, announce, type InvoiceRow } from "./info";
import { idempotent } from "./idempotency";
import { presignPdf, PDF_URL_SECONDS } from "./store";
import * as lifecycle from "./lifecycle";
import { patientDirectoryTable } from "../directory/directory.sql";
import { doctorTable } from "../doctor/doctor.sql";
import { Keyset } from "../util/keyset";

const Id = z.string().min(1).max(64);
/** The shared instant rule (in range for Postgres and JavaScript), see util/date.ts. */
const instant = instantRule();

/**
 * Invoices: one per appointment, created and issued by the billing workflow (lifecycle.ts),
 * read, downloaded and paid through the API. Every read or write is audited with the
 * patient id; access is the appointment rule (staff/admin all, a patient their own, a doctor
 * their own patients' invoices) except the PDF, which a doctor does not get.
 */
export namespace Invoice {
  export const Info = InfoSchema;
  export type Info = z.infer<typeof InfoSchema>;
  /** A list row names its patient and doctor (one query, no request per row). */
  export const ListItem = InfoSchema.extend({
    patientName: z.string().nullable().openapi({ description: "From the patient directory; null for a deleted or unknown record" }),
    doctorName: z.string().nullable(),
  }).openapi("InvoiceListItem");
  export type ListItem = z.infer<typeof ListItem>;
  /** The invoice with its payments; billing/invoice-workflow.ts adds the workflow progress (InvoiceDetail). */
  export const WithPayments = InfoSchema.extend({ payments: z.array(PaymentSchema) });

  export const createForVisit = lifecycle.createForVisit;
  export const assignNumber = lifecycle.assignNumber;
  export const issue = lifecycle.issue;
  export const markFailed = lifecycle.markFailed;

  export const ListInput = z.object({
    appointmentId: Id.optional(),
    patientId: Id.optional(),
    doctorId: Id.optional(),
    status: z.enum(invoiceStatuses).optional(),
    from: instant.optional().openapi({ description: "Created at or after" }),
    to: instant.optional().openapi({ description: "Created before" }),
    cursor: Cursor.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  });
  /** The list plus an updated_at range, `updatedFrom` inclusive, `updatedTo` exclusive (the FHIR `_lastUpdated` search). */
  export const SearchInput = ListInput.extend({
    updatedFrom: instant.optional(),
    updatedTo: instant.optional(),
    /** Any of these statuses (a FHIR status stands for one or two of Carebeat's). */
    statuses: z.array(z.enum(invoiceStatuses)).min(1).max(invoiceStatuses.length).optional(),
  });
  export const PayInput = z
    .object({
      method: z.enum(paymentMethods),
      amountCents: z.number().int().min(1).max(100_000_000).optional().openapi({ description: "Defaults to the open balance" }),
      reference: z.string().trim().min(1).max(200).optional(),
    })
    .strict();

  const notFound = () => new VisibleError("not-found", "invoice.not_found", "No such invoice.");

  async function authorize(row: Pick<InvoiceRow, "id" | "patientId" | "doctorId">, action: string, kind: "read" | "pdf") {
    const actor = useActor();
    if (actor.type === "system") return;
    if (actor.type === "user") {
      if (actor.role === "admin" || actor.role === "staff") return;
      if (actor.role === "patient" && actor.patientId === row.patientId) return;
      if (kind === "read" && actor.role === "doctor" && actor.doctorId === row.doctorId) return;
    }
    throw await Audit.deny({ action, resourceType: "invoice", resourceId: row.id, patientId: row.patientId });
  }

  async function load(id: string) {
    const [row] = await useTransaction((tx) => tx.select().from(invoiceTable).where(eq(invoiceTable.id, id)));
    if (!row) throw notFound();
    return row;
  }

  /** The filters (already scoped to the caller) as conditions, without the cursor. */
  function matching(f: Omit<z.infer<typeof SearchInput>, "limit" | "cursor">): SQL[] {
    const where: SQL[] = [];
    if (f.appointmentId) where.push(eq(invoiceTable.appointmentId, f.appointmentId));
    if (f.patientId) where.push(eq(invoiceTable.patientId, f.patientId));
    if (f.doctorId) where.push(eq(invoiceTable.doctorId, f.doctorId));
    if (f.status) where.push(eq(invoiceTable.status, f.status));
    if (f.statuses) where.push(inArray(invoiceTable.status, f.statuses));
    if (f.from) where.push(gte(invoiceTable.createdAt, new Date(f.from)));
    if (f.to) where.push(lt(invoiceTable.createdAt, new Date(f.to)));
    if (f.updatedFrom) where.push(gte(invoiceTable.updatedAt, new Date(f.updatedFrom)));
    if (f.updatedTo) where.push(lt(invoiceTable.updatedAt, new Date(f.updatedTo)));
    return where;
  }

  /** Newest first, keyset-paginated on (created_at, id). A patient or doctor is scoped to their own. */
  export const list = fn(ListInput, (input) => listPage(input));

  /** The list (its scope, paging and audit) with the number of all its matches: a FHIR search's `total` (docs/fhir.md). */
  export const search = fn(SearchInput, async (input) => {
    const page = await listPage(input);
    const f = await ListQuery.scoped(input, "invoice.list", "invoice");
    const [row] = await useTransaction((tx) =>
      tx
        .select({ n: sql<number>`count(*)::int` })
        .from(invoiceTable)
        .where(and(...matching(f))),
    );
    return { ...page, total: Number(row?.n ?? 0) };
  });

  async function listPage(input: z.infer<typeof SearchInput>) {
    const f = await ListQuery.scoped(input, "invoice.list", "invoice");
    const where = matching(f);
    if (f.cursor) where.push(Keyset.after(f.cursor, invoiceTable.createdAt, invoiceTable.id, "desc"));
    const rows = await useTransaction((tx) =>
      tx
        .select({ i: invoiceTable, patientName: patientDirectoryTable.displayName, doctorName: doctorTable.name })
        .from(invoiceTable)
        .leftJoin(patientDirectoryTable, and(eq(patientDirectoryTable.id, invoiceTable.patientId), eq(patientDirectoryTable.status, "active")))
        .leftJoin(doctorTable, eq(doctorTable.id, invoiceTable.doctorId))
        .where(and(...where))
        .orderBy(desc(invoiceTable.createdAt), desc(invoiceTable.id))
        .limit(f.limit + 1),
    );
    const { page, nextCursor } = Keyset.page(rows, f.limit, (r) => ({ at: r.i.createdAt, id: r.i.id }));
    // Every patient the page discloses (by name too) is in the audit row.
    await Audit.record({
      action: "invoice.list",
      resourceType: "invoice",
      patientId: f.patientId ?? null,
      patientIds: page.map((r) => r.i.patientId),
      detail: { count: page.length },
    });
    return { items: page.map((r): ListItem => ({ ...serialize(r.i), patientName: r.patientName ?? null, doctorName: r.doctorName ?? null })), nextCursor };
  }

  /** The invoice and its payments (InvoiceWorkflow.read adds its billing progress). */
  export const read = fn(Id, async (id): Promise<z.infer<typeof WithPayments>> => {
    const row = await load(id);
    await authorize(row, "invoice.read", "read");
    const payments = await useTransaction((tx) => tx.select().from(paymentTable).where(eq(paymentTable.invoiceId, id)).orderBy(paymentTable.createdAt));
    await Audit.record({ action: "invoice.read", resourceType: "invoice", resourceId: id, patientId: row.patientId });
    return { ...serialize(row), payments: payments.map(serializePayment) };
  });

  /** A presigned GET for the PDF (minutes), for the invoice's patient, staff and admin. Audited as a download. */
  export const pdfUrl = fn(Id, async (id) => {
    const row = await load(id);
    await authorize(row, "invoice.download", "pdf");
    if (!row.pdfKey) throw new VisibleError("conflict", "invoice.no_pdf", `The invoice is ${row.status} and has no PDF yet.`);
    const url = await presignPdf(row.pdfKey, `invoice-${row.number ?? row.id}.pdf`);
    await Audit.record({ action: "invoice.download", resourceType: "invoice", resourceId: id, patientId: row.patientId, detail: { expiresInSeconds: PDF_URL_SECONDS } });
    return { url, expiresInSeconds: PDF_URL_SECONDS };
  });

  export const PayResult = z.object({ invoice: InfoSchema, payment: PaymentSchema }).openapi("PaymentRecorded");

  /**
   * Record a payment received (staff/admin), at most once per Idempotency-Key: the same key
   * and body replay the first answer, another body is a 422. A partial payment leaves the
   * invoice `issued` with a balance; the payment that clears it makes it `paid`.
   */
  export const pay = fn(z.object({ id: Id, idempotencyKey: z.string().min(1).max(255), payment: PayInput }), async ({ id, idempotencyKey, payment }) => {
    const out = await idempotent(`invoice.pay:${actorLabel()}`, idempotencyKey, { invoiceId: id, ...payment }, () =>
      createTransaction(async (tx) => {
        const [row] = await tx.select().from(invoiceTable).where(eq(invoiceTable.id, id)).for("update");
        if (!row) throw notFound();
        await authorize(row, "invoice.pay", "read");
        if (row.status !== "issued") throw new VisibleError("conflict", "invoice.not_payable", `A ${row.status} invoice cannot take payments.`);
        const balance = row.totalCents - row.paidCents;
        const amountCents = payment.amountCents ?? balance;
        if (amountCents > balance)
          throw new VisibleError("unprocessable", "invoice.overpayment", "The payment is larger than the open balance.", [{ field: "amountCents", message: `At most ${balance}` }]);
        const [p] = await tx
          .insert(paymentTable)
          .values({ id: createId("payment"), invoiceId: id, method: payment.method, amountCents, reference: payment.reference ?? null, recordedBy: actorLabel(), idempotencyKey })
          .returning();
        const paidCents = row.paidCents + amountCents;
        const [updated] = await tx
          .update(invoiceTable)
          .set({ paidCents, status: paidCents === row.totalCents ? "paid" : "issued", updatedAt: new Date() })
          .where(eq(invoiceTable.id, id))
          .returning();
        if (updated!.status === "paid") await announce("invoice.paid", updated!);
        await Audit.record({
          action: "invoice.pay",
          resourceType: "invoice",
          resourceId: id,
          patientId: row.patientId,
          detail: { paymentId: p!.id, amountCents, method: payment.method },
        });
        return { status: 200, body: { invoice: serialize(updated!), payment: serializePayment(p!) } };
      }),
    );
    if (out.replayed)
      await Audit.record({
        action: "invoice.pay.replay",
        resourceType: "invoice",
        resourceId: id,
        patientId: out.body.invoice.patientId,
        detail: { paymentId: out.body.payment.id },
      });
    return out;
  });

  /**
   * Mark a failed invoice for another billing attempt (its `attempts` counts up); the caller
   * starts the execution for that attempt (InvoiceWorkflow.retry), since billing sits above invoice.
   */
  export const markForRetry = fn(Id, async (id) => {
    const row = await createTransaction(async (tx) => {
      const [r] = await tx.select().from(invoiceTable).where(eq(invoiceTable.id, id)).for("update");
      if (!r) throw notFound();
      if (r.status !== "failed") throw new VisibleError("conflict", "invoice.not_failed", `Only a failed invoice can be retried; this one is ${r.status}.`);
      const [u] = await tx
        .update(invoiceTable)
        .set({ attempts: r.attempts + 1, updatedAt: new Date() })
        .where(eq(invoiceTable.id, id))
        .returning();
      await Audit.record({ action: "invoice.retry", resourceType: "invoice", resourceId: id, patientId: r.patientId, detail: { attempt: u!.attempts } });
      return u!;
    });
    return serialize(row);
  });
}
