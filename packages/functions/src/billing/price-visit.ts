import { Billing } from "@carebeat/core/billing";
import { billingTask } from "./task";

/** PriceVisit: `{ visit }` → line items, tax and total in integer cents. Pure, so trivially repeatable. */
export const handler = billingTask("PriceVisit", async (input: { visit: Billing.Context }) => Billing.price(input.visit));
