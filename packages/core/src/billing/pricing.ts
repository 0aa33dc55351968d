import type { InvoiceLine } from "../invoice/invoice.sql";
import { billingConfig, type BillingConfig } from "../invoice/config";

export interface VisitToPrice {
  appointmentId: string;
  feeCents: number;
  currency: string;
  doctorName: string;
  specialty: string;
  /** Minutes booked: printed, not priced (the doctor's fee is per visit). */
  minutes: number;
}

export interface Priced {
  currency: string;
  lines: InvoiceLine[];
  subtotalCents: number;
  taxCents: number;
  totalCents: number;
}

/**
 * Tax on an integer amount at a rate in basis points, rounded half up to the cent. Done per
 * line (as printed) with integers only, so the total is exactly the sum of what is shown.
 */
export function taxOf(amountCents: number, rateBps: number): number {
  return Math.floor((amountCents * rateBps + 5_000) / 10_000);
}

/**
 * Price an outpatient visit: one consultation line at the doctor's fee as it was when the
 * appointment was booked (the appointment stores it, so a later fee change never reprices
 * a booking). Tax follows the clinic's configuration (see BillingConfig: exempt by default).
 */
export function priceVisit(visit: VisitToPrice, config: BillingConfig = billingConfig()): Priced {
  if (!Number.isInteger(visit.feeCents) || visit.feeCents < 0) throw new Error("The fee must be a non-negative integer number of cents");
  const line: InvoiceLine = {
    code: "CONSULT",
    description: `${visit.specialty} consultation with ${visit.doctorName} (${visit.minutes} min)`,
    quantity: 1,
    unitCents: visit.feeCents,
    amountCents: visit.feeCents,
    taxRateBps: config.consultationTaxRateBps,
    taxCents: taxOf(visit.feeCents, config.consultationTaxRateBps),
    taxNote: config.consultationTaxNote,
  };
  const lines = [line];
  const subtotalCents = lines.reduce((s, l) => s + l.amountCents, 0);
  const taxCents = lines.reduce((s, l) => s + l.taxCents, 0);
  return { currency: visit.currency, lines, subtotalCents, taxCents, totalCents: subtotalCents + taxCents };
}
