/**
 * What the clinic prints on its invoices and how it taxes visits. Read from the environment
 * so a deployment sets it on the billing functions (stacks/billing.ts) and `npm start`
 * picks it up from the shell; the defaults make a working demo.
 */
export interface BillingConfig {
  clinicName: string;
  /** Printed lines, separated by `|` in the variable. */
  clinicAddress: string[];
  /** Printed under "How to pay". */
  paymentInstructions: string;
  /** Days from issue to due date. */
  paymentTermsDays: number;
  /**
   * Tax on an outpatient consultation, in basis points. Default 0: medical care by a
   * licensed practitioner is VAT-exempt in the EU (Directive 2006/112/EC, Art. 132(1)(c))
   * and consultations carry no sales tax in the US states; a clinic whose services are
   * taxed sets the rate and the note.
   */
  consultationTaxRateBps: number;
  consultationTaxNote: string;
}

const int = (value: string | undefined, fallback: number, min: number, max: number) => {
  const n = value === undefined || value === "" ? fallback : Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`Billing configuration: ${value} is not an integer in [${min}, ${max}]`);
  return n;
};

export function billingConfig(env: NodeJS.ProcessEnv = process.env): BillingConfig {
  const rate = int(env.CAREBEAT_CONSULTATION_TAX_BPS, 0, 0, 10_000);
  return {
    clinicName: env.CAREBEAT_CLINIC_NAME || "Carebeat Clinic",
    clinicAddress: (env.CAREBEAT_CLINIC_ADDRESS || "1 Health Street|Springfield")
      .split("|")
      .map((l) => l.trim())
      .filter(Boolean),
    paymentInstructions: env.CAREBEAT_PAYMENT_INSTRUCTIONS || "Pay at the reception desk (cash or card) or by bank transfer, quoting the invoice number as the reference.",
    paymentTermsDays: int(env.CAREBEAT_PAYMENT_TERMS_DAYS, 14, 0, 365),
    consultationTaxRateBps: rate,
    consultationTaxNote:
      env.CAREBEAT_CONSULTATION_TAX_NOTE || (rate === 0 ? "Exempt: medical care (EU VAT Directive 2006/112/EC, Art. 132(1)(c))" : `Tax ${(rate / 100).toFixed(2)} %`),
  };
}
