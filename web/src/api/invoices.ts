import { action, query } from "@solidjs/router";
import { clean, http, ok, type Schemas } from "./http";
import type { paths } from "./schema";

/** Types come from the API's OpenAPI document (schema.d.ts); nothing here is hand-copied. */
export type Invoice = Schemas["Invoice"];
export type InvoiceDetail = Schemas["InvoiceDetail"];
/** A list row: the invoice with its patient's and doctor's names (one query on the server). */
export type InvoiceListItem = Schemas["InvoiceListItem"];
export type InvoiceStatus = Invoice["status"];
export type WorkflowStep = Schemas["WorkflowStep"];
export type PayInput = paths["/api/invoices/{id}/pay"]["post"]["requestBody"]["content"]["application/json"];
export type PaymentMethod = PayInput["method"];
type ListQuery = NonNullable<paths["/api/invoices"]["get"]["parameters"]["query"]>;
export type InvoiceFilter = Omit<ListQuery, "cursor"> & { cursor?: string | null };

export const invoiceStatusLabels: Record<InvoiceStatus, string> = {
  pending: "Pending",
  issued: "Issued",
  paid: "Paid",
  failed: "Failed",
  void: "Void",
  refund_due: "Refund due",
};

export const paymentMethodLabels: Record<PaymentMethod, string> = { cash: "Cash", card: "Card", transfer: "Bank transfer", insurance: "Insurance" };

/** Integer cents in the invoice's currency, e.g. "€80.00". */
export function money(cents: number, currency: string) {
  try {
    return new Intl.NumberFormat(undefined, { style: "currency", currency }).format(cents / 100);
  } catch {
    return `${(cents / 100).toFixed(2)} ${currency}`;
  }
}

const id = (invoiceId: string) => ({ params: { path: { id: invoiceId } } });

export const Invoices = {
  /** Newest first. A patient is scoped to their own by the API, a doctor to their patients'. */
  list: (f: InvoiceFilter) => ok(http.GET("/api/invoices", { params: { query: clean({ ...f, cursor: f.cursor ?? undefined, limit: f.limit ?? 25 }) } })),
  get: (invoiceId: string) => ok(http.GET("/api/invoices/{id}", id(invoiceId))),
  /**
   * The PDF's presigned URL (valid 5 minutes). The plain route answers 302 to another origin,
   * whose Location a page cannot read, so the site asks for the JSON form.
   */
  pdfLink: (invoiceId: string) =>
    ok(http.GET("/api/invoices/{id}/pdf", { params: { path: { id: invoiceId }, query: { format: "json" } } })) as Promise<{ url: string; expiresAt: string }>,
  /** `key` is generated once per payment form, so a repeated submit replays the first answer. */
  pay: (invoiceId: string, key: string, input: PayInput) => ok(http.POST("/api/invoices/{id}/pay", { ...id(invoiceId), headers: { "idempotency-key": key }, body: input })),
  retry: (invoiceId: string) => ok(http.POST("/api/invoices/{id}/retry", id(invoiceId))),
};

/** Router data functions: cached per arguments; a successful action revalidates them. */
export const listInvoices = query((f: InvoiceFilter) => Invoices.list(f), "invoices");
export const getInvoice = query((invoiceId: string) => Invoices.get(invoiceId), "invoice");
export const payInvoice = action((invoiceId: string, key: string, input: PayInput) => Invoices.pay(invoiceId, key, input), "invoice.pay");
export const retryInvoice = action((invoiceId: string) => Invoices.retry(invoiceId), "invoice.retry");

/** An invoice status push from the `invoices` channel (docs/realtime.md). */
export interface InvoiceStatusMessage {
  type: "invoice.status";
  event: string;
  invoiceId: string;
  number: string | null;
  status: InvoiceStatus;
  totalCents: number;
  currency: string;
}

export function isInvoiceStatus(msg: Record<string, unknown>): msg is Record<string, unknown> & InvoiceStatusMessage {
  return typeof msg.invoiceId === "string" && typeof msg.status === "string";
}
