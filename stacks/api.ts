import { vpc } from "./network";
import { database } from "./database";
import { jwtSigningKey } from "./secrets";
import { tables, invoices } from "./storage";

/** Paths the API Lambda serves; the site owns every other path. */
export const apiRoutes = ["ANY /api/{proxy+}", "GET /health", "GET /openapi.json", "GET /docs", "GET /docs/interactive"] as const;

/** Applies migrations/ to the database; invoked on every deploy below. */
export const migrator = new sst.aws.Function("Migrator", {
  handler: "packages/functions/src/migrate.handler",
  runtime: "nodejs22.x",
  vpc,
  link: [database],
  timeout: "5 minutes",
  copyFiles: [{ from: "migrations", to: "migrations" }],
  environment: { CAREBEAT_MIGRATIONS_DIR: "migrations", CAREBEAT_DB_SSL: "require" },
});

export const migrateOnDeploy = new aws.lambda.Invocation("MigrateOnDeploy", {
  functionName: migrator.name,
  input: JSON.stringify({ reason: "deploy" }),
  // A new value every deploy re-runs the (idempotent) migrations.
  triggers: { deployedAt: String(Date.now()) },
});

/** One Lambda for the whole Hono app: one cold start, one pool per container. */
export const apiHandler = new sst.aws.Function(
  "ApiHandler",
  {
    handler: "packages/functions/src/api.handler",
    runtime: "nodejs22.x",
    vpc,
    memory: "1024 MB",
    timeout: "20 seconds",
    link: [database, jwtSigningKey, invoices, ...Object.values(tables)],
    environment: { CAREBEAT_DB_SSL: "require", CAREBEAT_DB_POOL: "2" },
    // Native argon2 binary: installed into the bundle instead of being bundled by esbuild.
    nodejs: { install: ["@node-rs/argon2"] },
  },
  { dependsOn: [migrateOnDeploy] },
);

export const api = new sst.aws.ApiGatewayV2("Api");
for (const route of apiRoutes) api.route(route, apiHandler.arn);
