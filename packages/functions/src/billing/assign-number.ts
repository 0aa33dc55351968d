import { Invoice } from "@carebeat/core/invoice";
import { billingTask } from "./task";

/** AssignNumber: the year's next gapless number, once (a repeat keeps the number it has). */
export const handler = billingTask("AssignNumber", (input: { invoiceId: string }) => Invoice.assignNumber(input.invoiceId));
