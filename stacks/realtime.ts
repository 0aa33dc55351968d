import { vpc } from "./network";
import { database, dbEnvironment } from "./database";
import { afterMigrations } from "./migrations";
import { jwtSigningKey } from "./secrets";
import { tables } from "./storage";
import { websocketEdge } from "./edge";
import { reserve } from "./capacity";

/**
 * Live updates (docs/realtime.md): an API Gateway WebSocket API whose three routes are
 * thin handlers over packages/core/src/realtime, the Connections table (TTL on `expiresAt`,
 * defined in packages/core/src/dynamo/tables.ts and created by stacks/storage.ts), and the
 * consumer that pushes invoice status changes.
 *
 * Linking `realtime` gives a function `Resource.Realtime.{url,managementEndpoint}` and
 * `execute-api:ManageConnections` on this API's `@connections/*`: everything
 * `Realtime.broadcast` needs besides the table. `realtimeLinks` is that pair.
 */
export const realtime = new sst.aws.ApiGatewayWebSocket("Realtime", websocketEdge);
export const realtimeLinks = [realtime, tables.Connections];

const handler = (file: string) => `packages/functions/src/realtime/${file}.handler`;

export const disconnectRoute = realtime.route("$disconnect", { handler: handler("disconnect"), link: [tables.Connections] });
/**
 * `$connect` and `$default` run in one function. `$default` answers a subscribe with the
 * current analytics snapshot, read from PostgreSQL, so it runs in the VPC (the NAT reaches
 * DynamoDB and the management API) with one database connection; it replies through
 * `@connections`, hence the link to the API itself. `$connect` verifies the access token and,
 * like every API request, asks PostgreSQL whether the account still honours it (disabled,
 * password changed: issue 18) — the same VPC, connection and bounded concurrency. Both verify
 * tokens (a `refresh` message carries one), hence the signing key.
 */
export const defaultHandler = new sst.aws.Function(
  // The name the route would give it, so the function is not replaced.
  "RealtimeRouteDefaultHandler",
  {
    handler: handler("default"),
    vpc,
    link: [database, jwtSigningKey, ...realtimeLinks],
    environment: dbEnvironment(1),
    // One connection per container, bounded (stacks/capacity.ts): a reconnect storm must not take the database's connections.
    concurrency: reserve($app.stage, "realtimeDefault"),
  },
  // Created here rather than by realtime.route(), which takes no resource options: it reads
  // PostgreSQL, so its code is published only after this deploy's migrations (issue 23.10).
  afterMigrations,
);
realtime.route("$default", defaultHandler.arn);
realtime.route("$connect", defaultHandler.arn);

/**
 * Consumes `invoice-events` and pushes status changes to the `invoices` channel. The MSK
 * event source mapping that triggers it (and the kafka-cluster read permissions it needs)
 * belong to stacks/events.ts, next to the cluster. It needs no VPC: the mapping's pollers run
 * in the cluster's subnets, and the function only talks to DynamoDB and `@connections`.
 */
export const invoicePush = new sst.aws.Function("InvoicePush", {
  handler: handler("invoice-push"),
  timeout: "30 seconds",
  link: realtimeLinks,
});
