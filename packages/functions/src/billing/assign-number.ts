import { lazy } from "@carebeat/core/util/lazy";
import { billingTask } from "./task";

// The invoice domain (its zod input schemas, drizzle + postgres.js) is the first invocation's
// load, once per container, not the init's (docs/capacity.md, issue 19.1).
const invoice = lazy(() => import("@carebeat/core/invoice").then((m) => m.Invoice));

/** AssignNumber: the year's next gapless number, once (a repeat keeps the number it has). */
export const handler = billingTask("AssignNumber", async (input: { invoiceId: string }) => (await invoice()).assignNumber(input.invoiceId));
