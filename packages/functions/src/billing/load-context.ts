import { lazy } from "@carebeat/core/util/lazy";
import { billingTask } from "./task";

// The billing domain (drizzle, the doctor and the DynamoDB patient store it reads) loads on the
// first invocation, once per container (docs/capacity.md, issue 19.1).
const billing = lazy(() => import("@carebeat/core/billing").then((m) => m.Billing));

/** LoadContext: `{ appointmentId }` → the visit to price (ids, doctor, fee; no patient data). */
export const handler = billingTask("LoadContext", async (input: { appointmentId: string }) => (await billing()).loadContext(input.appointmentId));
