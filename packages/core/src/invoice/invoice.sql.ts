import { pgTable, text, integer, timestamp, jsonb, index, uniqueIndex, primaryKey } from "drizzle-orm/pg-core";
import { appointmentTable } from "../appointment/appointment.sql";

export const invoiceStatuses = ["pending", "issued", "paid", "failed", "void", "refund_due"] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

export const paymentMethods = ["cash", "card", "transfer", "insurance"] as const;
export type PaymentMethod = (typeof paymentMethods)[number];

/** One priced line; all money is integer minor units (cents) so sums never round. */
export interface InvoiceLine {
  code: string;
  description: string;
  quantity: number;
  unitCents: number;
  /** Tax rate in basis points (1 % = 100 bp); 0 for exempt medical care. */
  taxRateBps: number;
  taxCents: number;
  /** quantity × unitCents, before tax. */
  amountCents: number;
  /** Why the rate applies, printed on the invoice (e.g. the exemption's legal basis). */
  taxNote?: string;
}

/**
 * One invoice per appointment (unique index): the billing workflow's CreateInvoice is an
 * upsert on `appointment_id`, so a retried or redriven task never bills twice.
 * `number` (`YYYY-NNNNNN`) stays null until AssignNumber takes the next value of the
 * year's counter (see invoiceCounterTable).
 */
export const invoiceTable = pgTable(
  "invoices",
  {
    id: text("id").primaryKey(),
    appointmentId: text("appointment_id")
      .notNull()
      .references(() => appointmentTable.id),
    patientId: text("patient_id").notNull(),
    doctorId: text("doctor_id").notNull(),
    number: text("number"),
    status: text("status", { enum: invoiceStatuses }).notNull().default("pending"),
    currency: text("currency").notNull(),
    lines: jsonb("lines").$type<InvoiceLine[]>().notNull(),
    subtotalCents: integer("subtotal_cents").notNull(),
    taxCents: integer("tax_cents").notNull(),
    totalCents: integer("total_cents").notNull(),
    paidCents: integer("paid_cents").notNull().default(0),
    issueDate: text("issue_date"),
    dueDate: text("due_date"),
    pdfKey: text("pdf_key"),
    /** Last workflow error (`Error: cause`), shown through the API while `failed`. */
    error: text("error"),
    /** Workflow executions started for this invoice: 1 + the retries (names the current execution). */
    attempts: integer("attempts").notNull().default(1),
    issuedAt: timestamp("issued_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("invoices_appointment_unique").on(t.appointmentId),
    uniqueIndex("invoices_number_unique").on(t.number),
    index("invoices_patient_created_idx").on(t.patientId, t.createdAt),
    index("invoices_doctor_created_idx").on(t.doctorId, t.createdAt),
    // By status, newest first with the (created_at, id) keyset: no sort, no filter on id.
    index("invoices_status_created_id_idx").on(t.status, t.createdAt, t.id),
    index("invoices_created_idx").on(t.createdAt, t.id),
  ],
);

/** Payments received (recorded by staff); partial payments leave a balance. */
export const paymentTable = pgTable(
  "invoice_payments",
  {
    id: text("id").primaryKey(),
    invoiceId: text("invoice_id")
      .notNull()
      .references(() => invoiceTable.id),
    method: text("method", { enum: paymentMethods }).notNull(),
    amountCents: integer("amount_cents").notNull(),
    reference: text("reference"),
    recordedBy: text("recorded_by").notNull(),
    idempotencyKey: text("idempotency_key"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("invoice_payments_invoice_idx").on(t.invoiceId, t.createdAt)],
);

/**
 * The next invoice number per year. AssignNumber increments the year's row (an upsert, which
 * locks it) and writes the value onto the invoice in one statement of the same transaction
 * (invoice/number.ts): a rollback returns the number, concurrent issuers queue, so numbers are gapless.
 * (A sequence would not do: sequence values are never returned on rollback.)
 */
export const invoiceCounterTable = pgTable("invoice_number_counters", {
  year: integer("year").primaryKey(),
  next: integer("next").notNull(),
});

/**
 * Idempotency-Key records: the first request with a key stores a hash of what it asked and
 * the response it got, in the same transaction as its effect; a repeat with the same key
 * replays that response, a repeat with another body is refused (422).
 */
export const idempotencyTable = pgTable(
  "idempotency_records",
  {
    /** Who may replay it (the user) and which operation, e.g. `invoice.pay:usr_…`. */
    scope: text("scope").notNull(),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    status: integer("status").notNull(),
    response: jsonb("response").$type<unknown>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
);
