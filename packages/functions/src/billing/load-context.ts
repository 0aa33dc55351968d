import { Billing } from "@carebeat/core/billing";
import { billingTask } from "./task";

/** LoadContext: `{ appointmentId }` → the visit to price (ids, doctor, fee; no patient data). */
export const handler = billingTask("LoadContext", (input: { appointmentId: string }) => Billing.loadContext(input.appointmentId));
