import { isProduction } from "./stage";

/**
 * What every Lambda of the app gets, set once here with SST's global `$transform` (so a function
 * added later cannot miss it; sst.config.ts imports this file before any other stack):
 * - its log group kept per stage: a year in production, two weeks elsewhere (SST's default is a
 *   month for every stage);
 * - X-Ray active tracing, and the two X-Ray actions on its role.
 * The API Gateway access logs get the same retention in stacks/edge.ts.
 * The code side (structured logs, correlation ids, EMF metrics) is packages/core/src/observability,
 * see docs/observability.md. The billing state machine's own log group and tracing are in
 * stacks/billing.ts (same retention).
 */
export const production = isProduction($app.stage);
export const logRetention: "1 year" | "2 weeks" = production ? "1 year" : "2 weeks";
/** Days, for raw aws.cloudwatch.LogGroup resources. */
export const logRetentionDays = production ? 365 : 14;

const xray = { actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], resources: ["*"] };

$transform(sst.aws.Function, (args) => {
  // A function that brings its own log group (or none) keeps it; every other one gets the stage's retention.
  args.logging = $output(args.logging).apply((l) => (l === false || l?.logGroup ? l : { ...l, retention: l?.retention ?? logRetention }));
  args.permissions = $output(args.permissions ?? []).apply((p) => [...p, xray]);
  const previous = args.transform?.function;
  args.transform = {
    ...args.transform,
    function: (fn, opts, name) => {
      if (typeof previous === "function") previous(fn, opts, name);
      else if (previous) Object.assign(fn, previous);
      fn.tracingConfig = { mode: "Active" };
    },
  };
});
