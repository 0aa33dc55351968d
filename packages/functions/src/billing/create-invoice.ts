import { Invoice } from "@carebeat/core/invoice";
import { billingTask } from "./task";

/** CreateInvoice: upsert on the appointment id, so a repeat returns the same invoice. */
export const handler = billingTask("CreateInvoice", (input: Parameters<typeof Invoice.createForVisit>[0]) => Invoice.createForVisit(input));
