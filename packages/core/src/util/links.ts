import { Resource } from "sst";

/**
 * The SST links core reads, with their shapes: declared once here instead of a cast at every
 * use. `sst`'s `Resource` is typed by the `sst-env.d.ts` that `sst dev`/`sst deploy` generate,
 * which a fresh clone, CI and the offline runtime (which publishes the same names through
 * `SST_RESOURCE_*`: packages/local/src/resources.ts) do not have. A name that is not linked
 * still throws when read, as SST's proxy does; optional links are read with `linkedOrUndefined`.
 */
export interface Links {
  App: { name: string; stage: string };
  /** sst.aws.Postgres link properties, in both homes. */
  Database: { host: string; port: number; username: string; password: string; database: string };
  Invoices: { name: string };
  JwtSigningKey: { value: string };
  MfaKey: { value: string };
  BillingWorkflow: { arn: string };
  ReminderWorkflow: { arn: string };
  Realtime: { managementEndpoint: string };
}

/** Every link by name (the typed ones above, any other as unknown: tables, functions). */
export const links = Resource as unknown as Links & Record<string, unknown>;

/**
 * A link that may be absent in this home (the relay or mail function offline, OriginVerify
 * without CloudFront, Kafka without MSK), or undefined. Checked with `in` first: reading a name
 * that is not linked makes SST's proxy build and throw an Error, stack trace included.
 */
export function linkedOrUndefined(name: string, resource: Record<string, unknown> = links): unknown {
  if (!(name in resource)) return undefined;
  try {
    return resource[name];
  } catch {
    return undefined;
  }
}
