import { Invoice } from "@carebeat/core/invoice";
import { billingTask } from "./task";

/** MarkFailed (the Catch target): the error lands on the invoice as `failed`; a repeat changes nothing. */
export const handler = billingTask((input: { appointmentId: string; error: string; cause: unknown }) => Invoice.markFailed(input));
