import { withActor } from "@carebeat/core/actor";

/**
 * Every billing task runs as the `system:billing` actor (audit rows say who acted) and
 * returns plain JSON, which is what Step Functions stores as the state's result.
 */
export function billingTask<I, O>(run: (input: I) => Promise<O>) {
  return (input: I): Promise<O> => withActor({ type: "system", name: "billing" }, () => run(input));
}
