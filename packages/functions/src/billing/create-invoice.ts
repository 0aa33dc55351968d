import type { Invoice } from "@carebeat/core/invoice";
import { lazy } from "@carebeat/core/util/lazy";
import { billingTask } from "./task";

// The invoice domain loads on the first invocation, once per container (docs/capacity.md, issue 19.1).
const invoice = lazy(() => import("@carebeat/core/invoice").then((m) => m.Invoice));

/** CreateInvoice: upsert on the appointment id, so a repeat returns the same invoice. */
export const handler = billingTask("CreateInvoice", async (input: Parameters<typeof Invoice.createForVisit>[0]) => (await invoice()).createForVisit(input));
