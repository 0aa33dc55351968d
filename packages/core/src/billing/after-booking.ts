import { onBooked } from "../appointment/hooks";
import { startBillingAfterBooking } from "./start";

/**
 * Start billing after every committed booking in this process. Called once by each home's
 * composition root that books (the API app); a failed start is logged and left to
 * Billing.sweep, which also covers a process that never registered.
 */
export function billAfterBooking(): void {
  onBooked(startBillingAfterBooking);
}
