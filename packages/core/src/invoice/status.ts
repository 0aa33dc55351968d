import type { InvoiceStatus } from "./invoice.sql";

/**
 * The invoice life cycle. `issued` with `paidCents < totalCents` is a partly paid invoice
 * (the balance stays open); `paid` only when nothing is left. Cancelling the appointment
 * voids what was never paid and marks for refund what was (fully or partly) paid.
 */
const allowed: Record<InvoiceStatus, readonly InvoiceStatus[]> = {
  pending: ["issued", "failed", "void"],
  failed: ["pending", "issued", "void", "refund_due"],
  issued: ["paid", "void", "refund_due", "failed"],
  paid: ["refund_due"],
  void: [],
  refund_due: [],
};

export function canBecome(from: InvoiceStatus, to: InvoiceStatus): boolean {
  return allowed[from].includes(to);
}

/** What cancelling the appointment does to its invoice (null: nothing to change). */
export function onCancel(status: InvoiceStatus, paidCents: number): InvoiceStatus | null {
  if (status === "void" || status === "refund_due") return null;
  return paidCents > 0 ? "refund_due" : "void";
}
