import { vpc } from "./network";
import { database } from "./database";
import { jwtSigningKey } from "./secrets";
import { tables, invoices } from "./storage";
import { eventRelay } from "./events";
import { httpApiEdge } from "./edge";
import { billingWorkflow } from "./billing";
import { API_ROUTES } from "../packages/functions/src/api/paths";
import { dbConcurrency, dbInstanceClass, POOL } from "./capacity";

/** Paths the API Lambda serves (one list, packages/functions/src/api/paths.ts); the site owns every other path. */
export const apiRoutes = API_ROUTES;

/** RDS requires TLS; read by packages/core/src/drizzle. */
const dbEnvironment = { CAREBEAT_DB_SSL: "require" };

/**
 * Applies migrations/ (drizzle-kit SQL, copied into the bundle) to the database.
 * `dev: false`: it always runs in AWS, inside the VPC, even under `sst dev`, where a local
 * process could not reach the private database.
 */
export const migrator = new sst.aws.Function("Migrator", {
  handler: "packages/functions/src/migrate.handler",
  runtime: "nodejs22.x",
  vpc,
  // The tables: DynamoDB's recorded backfills run here too (packages/core/src/dynamo/migrations),
  // then it reconciles the patient directory projection with Patients (docs/patients.md).
  link: [database, ...Object.values(tables)],
  // Lambda's maximum: a paced backfill (100 items/s, docs/capacity.md) covers ~90,000 patients in
  // one run; one cut short is not recorded, so the next deploy resumes it.
  timeout: "15 minutes",
  dev: false,
  copyFiles: [{ from: "migrations", to: "migrations" }],
  // The bundle is unpacked in /var/task (LAMBDA_TASK_ROOT).
  environment: { ...dbEnvironment, CAREBEAT_MIGRATIONS_DIR: "/var/task/migrations" },
});

/**
 * Runs the migrator on every deploy: a new `deployedAt` replaces the invocation, and
 * replacing it invokes the function again. The migrations are idempotent; a failing one
 * fails the deploy before the API below is updated.
 */
const deployedAt = String(Date.now());
export const migrateOnDeploy = new aws.lambda.Invocation("MigrateOnDeploy", {
  functionName: migrator.name,
  input: JSON.stringify({ reason: "deploy", deployedAt }),
  triggers: { deployedAt },
});

/** One Lambda for the whole Hono app: one cold start, one connection pool per container. */
export const apiHandler = new sst.aws.Function(
  "ApiHandler",
  {
    handler: "packages/functions/src/api.handler",
    runtime: "nodejs22.x",
    vpc,
    memory: "1024 MB",
    timeout: "20 seconds",
    // eventRelay: the API nudges the relay after a commit that wrote outbox rows (docs/analytics.md).
    link: [database, jwtSigningKey, invoices, billingWorkflow, eventRelay, ...Object.values(tables)],
    environment: { ...dbEnvironment, CAREBEAT_DB_POOL: String(POOL.api) },
    // Containers × pool stay inside the database's max_connections (stacks/capacity.ts, docs/capacity.md).
    concurrency: { reserved: dbConcurrency(dbInstanceClass($app.stage)).api },
    // Native argon2 binary: installed into the bundle instead of being bundled by esbuild.
    // `splitting` comes from stacks/bundling.ts (SPLITTING): the domains load on first use.
    nodejs: { install: ["@node-rs/argon2"] },
  },
  // The schema is migrated before the new code is published (the Lambda inside inherits this).
  { dependsOn: [migrateOnDeploy] },
);

export const api = new sst.aws.ApiGatewayV2("Api", httpApiEdge);
for (const route of apiRoutes) api.route(route, apiHandler.arn);
