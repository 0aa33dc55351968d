import { Invoice } from "../invoice";
import type { InvoiceStatus } from "../invoice/invoice.sql";
import { VisibleError } from "../util/error";
import type { ResourceCapability } from "./capability";
import { IDENTIFIER_SYSTEM, fromFhirId, toFhirId } from "./ids";
import { parseDateTimes, parseReference, type Parsed } from "./params";

export const INVOICE: ResourceCapability = {
  type: "Invoice",
  interactions: ["read", "search-type"],
  params: {
    patient: { type: "reference", documentation: "Patient/<id>: the patient's invoices" },
    status: { type: "token", documentation: "draft | issued | balanced | cancelled" },
    date: { type: "date", documentation: "When the invoice was created: [eq|ge|gt|le|lt]YYYY[-MM[-DD[Thh:mm[:ss]±hh:mm]]]; twice for a range" },
    _lastUpdated: { type: "date", documentation: "meta.lastUpdated, as date" },
  },
};

/**
 * Carebeat's invoice life cycle → R4 `invoice-status`: an invoice not yet issued (pending, or its
 * workflow failed) is a draft, a paid one balanced, a voided one — or one voided after payment,
 * with a refund due — cancelled (docs/fhir.md).
 */
const TO_FHIR: Record<InvoiceStatus, string> = { pending: "draft", failed: "draft", issued: "issued", paid: "balanced", void: "cancelled", refund_due: "cancelled" };
const FROM_FHIR: Record<string, InvoiceStatus[]> = {};
for (const [ours, theirs] of Object.entries(TO_FHIR) as [InvoiceStatus, string][]) FROM_FHIR[theirs] = [...(FROM_FHIR[theirs] ?? []), ours];

const CHARGE_CODE_SYSTEM = "https://carebeat.dev/fhir/CodeSystem/charge";
const money = (cents: number, currency: string) => ({ value: cents / 100, currency });

export function toFhirInvoice(i: Invoice.Info & { patientName?: string | null; doctorName?: string | null }) {
  const terms = [i.issueDate ? `Issued ${i.issueDate}` : undefined, i.dueDate ? `due ${i.dueDate}` : undefined].filter(Boolean).join(", ");
  return {
    resourceType: "Invoice" as const,
    id: toFhirId(i.id),
    meta: { lastUpdated: i.updatedAt },
    identifier: [
      { use: "official", system: IDENTIFIER_SYSTEM.invoice, value: i.id },
      ...(i.number ? [{ use: "usual", system: IDENTIFIER_SYSTEM.invoiceNumber, value: i.number }] : []),
    ],
    status: TO_FHIR[i.status],
    ...(i.status === "refund_due" ? { cancelledReason: "Cancelled after payment: a refund is due" } : i.status === "void" ? { cancelledReason: "Voided" } : {}),
    subject: { reference: `Patient/${toFhirId(i.patientId)}`, ...(i.patientName ? { display: i.patientName } : {}) },
    participant: [{ actor: { reference: `Practitioner/${toFhirId(i.doctorId)}`, ...(i.doctorName ? { display: i.doctorName } : {}) } }],
    date: i.createdAt,
    ...(i.lines.length
      ? {
          lineItem: i.lines.map((l, n) => ({
            sequence: n + 1,
            chargeItemCodeableConcept: { coding: [{ system: CHARGE_CODE_SYSTEM, code: l.code }], text: l.description },
            priceComponent: [
              { type: "base", factor: l.quantity, amount: money(l.amountCents, i.currency) },
              ...(l.taxCents || l.taxRateBps ? [{ type: "tax", factor: l.taxRateBps / 10_000, amount: money(l.taxCents, i.currency) }] : []),
            ],
          })),
        }
      : {}),
    totalNet: money(i.subtotalCents, i.currency),
    totalGross: money(i.totalCents, i.currency),
    ...(terms ? { paymentTerms: terms } : {}),
    note: [{ text: `Paid ${(i.paidCents / 100).toFixed(2)} ${i.currency}; balance ${(i.balanceCents / 100).toFixed(2)} ${i.currency}` }],
  };
}

const invalid = (field: string, message: string) => new VisibleError("input", "validation", "The request is invalid.", [{ field: `query.${field}`, message }]);
const UNUSED = ["entered-in-error"];

/** The search parameters as the invoice list's filters; `none` when nothing can match. */
export function invoiceFilters(
  parsed: Parsed,
): { none: true } | { none: false; filters: { patientId?: string; statuses?: InvoiceStatus[]; from?: string; to?: string; updatedFrom?: string; updatedTo?: string } } {
  const v = (name: string) => parsed.values.get(name)?.[0];
  let patientId: string | undefined;
  const patient = v("patient");
  if (patient !== undefined) {
    const ref = parseReference("patient", patient);
    if ((ref.type ?? (ref.id.startsWith("pat_") ? "Patient" : undefined)) !== "Patient") throw invalid("patient", "Must reference a Patient");
    patientId = ref.id;
  }
  const status = v("status");
  if (status !== undefined && !FROM_FHIR[status] && !UNUSED.includes(status))
    throw invalid("status", "Must be an R4 invoice status (draft, issued, balanced, cancelled, entered-in-error)");
  const dates = parsed.values.get("date");
  const created = dates ? parseDateTimes("date", dates) : {};
  const updates = parsed.values.get("_lastUpdated");
  const updated = updates ? parseDateTimes("_lastUpdated", updates) : {};
  const empty = (r: { from?: string; to?: string }) => Boolean(r.from && r.to && r.from >= r.to);
  if ((status !== undefined && UNUSED.includes(status)) || empty(created) || empty(updated)) return { none: true };
  return {
    none: false,
    filters: { patientId, statuses: status ? FROM_FHIR[status] : undefined, from: created.from, to: created.to, updatedFrom: updated.from, updatedTo: updated.to },
  };
}

export async function readInvoice(fhirId: string) {
  return toFhirInvoice(await Invoice.read(fromFhirId(fhirId)));
}
