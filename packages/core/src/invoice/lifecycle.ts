import { eq, inArray } from "drizzle-orm";
import { z } from "../util/zod";
import { fn } from "../util/fn";
import { createId } from "../util/id";
import { createTransaction, type Transaction } from "../drizzle";
import { appointmentTable } from "../appointment/appointment.sql";
import { billingConfig } from "./config";
import { invoiceTable, type InvoiceLine } from "./invoice.sql";
import { announce, serialize, type InvoiceRow } from "./info";
import { numberInvoice } from "./number";
import { insertFirstInvoice } from "./create.statement";

/**
 * What the billing workflow does to an invoice, one transaction per step, each safe to
 * repeat (Step Functions retries tasks and redrives executions).
 *
 * Locks are always taken in the same order — appointment row, then invoice row, then the
 * number counter — as Appointment.cancel does (appointment, then invoice, in its one statement:
 * appointment/change.statement.ts), so a cancel racing a running execution queues instead of
 * deadlocking, and whichever commits second sees the other's result.
 */
const Id = z.string().min(1).max(64);

async function lockAppointment(tx: Transaction, appointmentId: string) {
  const [a] = await tx.select().from(appointmentTable).where(eq(appointmentTable.id, appointmentId)).for("share");
  return a;
}

/**
 * The appointment of an invoice, locked as lockAppointment does, in one round trip: the invoice's
 * appointment id is read by a subquery without a lock (it never changes), then the appointment
 * row is locked — still before the invoice row, the order every writer uses. (Before: a separate
 * SELECT of the invoice first, one more round trip per step.)
 */
async function lockAppointmentOf(tx: Transaction, invoiceId: string) {
  const [a] = await tx
    .select()
    .from(appointmentTable)
    .where(inArray(appointmentTable.id, tx.select({ id: invoiceTable.appointmentId }).from(invoiceTable).where(eq(invoiceTable.id, invoiceId))))
    .for("share");
  return a;
}

async function lockInvoice(tx: Transaction, where: { id: string } | { appointmentId: string }) {
  const [row] = await tx
    .select()
    .from(invoiceTable)
    .where("id" in where ? eq(invoiceTable.id, where.id) : eq(invoiceTable.appointmentId, where.appointmentId))
    .for("update");
  return row;
}

async function update(tx: Transaction, id: string, set: Partial<InvoiceRow>) {
  const [row] = await tx
    .update(invoiceTable)
    .set({ ...set, updatedAt: new Date() })
    .where(eq(invoiceTable.id, id))
    .returning();
  return row!;
}

const Priced = z.object({
  currency: z.string().length(3),
  lines: z.array(z.custom<InvoiceLine>((v) => typeof v === "object" && v !== null)),
  subtotalCents: z.number().int().min(0),
  taxCents: z.number().int().min(0),
  totalCents: z.number().int().min(0),
});

/**
 * The invoice of an appointment, created once (unique on appointment id). A repeat returns
 * it; a `failed` one goes back to `pending` (a retry), repriced only while it has no number.
 * If the appointment was cancelled before billing got here, the invoice is born `void`.
 */
export const createForVisit = fn(z.object({ appointmentId: Id, priced: Priced }), async ({ appointmentId, priced }) => {
  // The first run for an appointment: one statement (create.statement.ts). Anything else — an
  // invoice already there, or no appointment — takes the transaction below.
  const inserted = await insertFirstInvoice({ appointmentId, id: createId("invoice"), priced });
  if (inserted) return serialize(inserted);
  return createTransaction(async (tx) => {
    const appointment = await lockAppointment(tx, appointmentId);
    if (!appointment) throw new Error(`Appointment ${appointmentId} does not exist`);
    const existing = await lockInvoice(tx, { appointmentId });
    if (!existing) {
      const [row] = await tx
        .insert(invoiceTable)
        .values({
          id: createId("invoice"),
          appointmentId,
          patientId: appointment.patientId,
          doctorId: appointment.doctorId,
          status: appointment.status === "cancelled" ? "void" : "pending",
          currency: priced.currency,
          lines: priced.lines,
          subtotalCents: priced.subtotalCents,
          taxCents: priced.taxCents,
          totalCents: priced.totalCents,
        })
        .returning();
      return serialize(row!);
    }
    if (existing.status !== "failed" && existing.status !== "pending") return serialize(existing);
    const reprice =
      existing.number === null
        ? { currency: priced.currency, lines: priced.lines, subtotalCents: priced.subtotalCents, taxCents: priced.taxCents, totalCents: priced.totalCents }
        : {};
    return serialize(await update(tx, existing.id, { ...reprice, status: "pending", error: null }));
  });
});

/** `YYYY-MM-DD` of an instant in UTC, plus `days`. */
const dateOf = (at: Date, days = 0) => new Date(at.getTime() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Give a pending invoice the next number of the year (and its issue and due dates), in one
 * transaction with the counter increment. The number has to exist before the PDF is
 * rendered, since it is printed on it; see docs/billing.md for why that keeps the register
 * gapless. Already numbered: unchanged. Appointment cancelled meanwhile: void, no number.
 */
export const assignNumber = fn(Id, (invoiceId) =>
  createTransaction(async (tx) => {
    const appointment = await lockAppointmentOf(tx, invoiceId);
    const row = await lockInvoice(tx, { id: invoiceId });
    if (!row) throw new Error(`Invoice ${invoiceId} does not exist`);
    if (row.status !== "pending" || row.number) return serialize(row);
    if (appointment?.status === "cancelled") {
      const voided = await update(tx, row.id, { status: "void" });
      await announce("invoice.voided", voided);
      return serialize(voided);
    }
    const at = new Date();
    const dates = { issueDate: dateOf(at), dueDate: dateOf(at, billingConfig().paymentTermsDays) };
    const number = await numberInvoice(tx, { invoiceId: row.id, year: at.getUTCFullYear(), ...dates, at });
    return serialize({ ...row, number, ...dates, updatedAt: at });
  }),
);

/**
 * Mark a numbered, rendered invoice issued and write `invoice.issued` to the outbox in the
 * same transaction (so the event exists exactly when the status does). Repeats are no-ops;
 * a cancel that won the race leaves it void.
 */
export const issue = fn(z.object({ invoiceId: Id, pdfKey: z.string().min(1).nullable() }), ({ invoiceId, pdfKey }) =>
  createTransaction(async (tx) => {
    const appointment = await lockAppointmentOf(tx, invoiceId);
    const row = await lockInvoice(tx, { id: invoiceId });
    if (!row) throw new Error(`Invoice ${invoiceId} does not exist`);
    if (row.status !== "pending") return serialize(row);
    if (!row.number || !pdfKey) throw new Error(`Invoice ${invoiceId} has no number or no PDF yet`);
    if (appointment?.status === "cancelled") {
      const voided = await update(tx, row.id, { status: "void" });
      await announce("invoice.voided", voided);
      return serialize(voided);
    }
    const issued = await update(tx, row.id, { status: "issued", issuedAt: new Date(), pdfKey, error: null });
    await announce("invoice.issued", issued);
    return serialize(issued);
  }),
);

/** `{ Error, Cause }` from a Catch → one readable line (Lambda's Cause is JSON with errorMessage). */
function describeError(error: string, cause: unknown): string {
  let text = typeof cause === "string" ? cause : JSON.stringify(cause ?? "");
  try {
    const parsed = JSON.parse(text);
    if (parsed && typeof parsed.errorMessage === "string") text = parsed.errorMessage;
  } catch {
    // Cause was plain text.
  }
  return `${error}: ${text}`.slice(0, 1000);
}

/**
 * The Catch target: record the error on the invoice (`failed`) so the API shows it and
 * `retry` can pick it up. If the failure came before CreateInvoice, a failed invoice is
 * created from the appointment so the failure is still visible and retryable.
 */
export const markFailed = fn(z.object({ appointmentId: Id, error: z.string().max(200), cause: z.unknown() }), ({ appointmentId, error, cause }) =>
  createTransaction(async (tx) => {
    const message = describeError(error, cause);
    const appointment = await lockAppointment(tx, appointmentId);
    if (!appointment) return null;
    let row = await lockInvoice(tx, { appointmentId });
    if (!row) {
      [row] = await tx
        .insert(invoiceTable)
        .values({
          id: createId("invoice"),
          appointmentId,
          patientId: appointment.patientId,
          doctorId: appointment.doctorId,
          status: "failed",
          error: message,
          currency: appointment.currency,
          lines: [],
          subtotalCents: 0,
          taxCents: 0,
          totalCents: 0,
        })
        .returning();
    } else if (row.status === "pending") {
      row = await update(tx, row.id, { status: "failed", error: message });
    } else {
      return serialize(row);
    }
    await announce("invoice.failed", row!, error);
    return serialize(row!);
  }),
);
