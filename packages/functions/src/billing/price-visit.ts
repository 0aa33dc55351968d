import type { Billing } from "@carebeat/core/billing";
import { lazy } from "@carebeat/core/util/lazy";
import { billingTask } from "./task";

// The billing domain loads on the first invocation, once per container (docs/capacity.md, issue 19.1).
const billing = lazy(() => import("@carebeat/core/billing").then((m) => m.Billing));

/** PriceVisit: `{ visit }` → line items, tax and total in integer cents. Pure, so trivially repeatable. */
export const handler = billingTask("PriceVisit", async (input: { visit: Billing.Context }) => (await billing()).price(input.visit));
