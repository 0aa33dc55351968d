import { vpc } from "./network";
import { database, dbEnvironment } from "./database";
import { tables } from "./storage";

/**
 * Applies migrations/ (drizzle-kit SQL, copied into the bundle) to the database.
 * `dev: false`: it always runs in AWS, inside the VPC, even under `sst dev`, where a local
 * process could not reach the private database. One connection (counted as 1 in
 * stacks/capacity.ts; the pool's default is 5).
 */
export const migrator = new sst.aws.Function("Migrator", {
  handler: "packages/functions/src/migrate.handler",
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
  environment: { ...dbEnvironment(1), CAREBEAT_MIGRATIONS_DIR: "/var/task/migrations" },
});

/**
 * Runs the migrator on every deploy: a new `deployedAt` replaces the invocation, and
 * replacing it invokes the function again. The migrations are idempotent; a failing one
 * fails the deploy before any function below is updated.
 */
const deployedAt = String(Date.now());
export const migrateOnDeploy = new aws.lambda.Invocation("MigrateOnDeploy", {
  functionName: migrator.name,
  input: JSON.stringify({ reason: "deploy", deployedAt }),
  triggers: { deployedAt },
});

/**
 * Options for every function that talks to PostgreSQL (issue 23.10): its new code is published only
 * after this deploy's migrations ran, so no billing task, relay, sweeper, consumer or route runs new
 * code on the old schema. Child resources (the Lambda inside each sst.aws.Function) inherit it;
 * tests/infra checks that every database-linked function has it.
 */
export const afterMigrations = { dependsOn: [migrateOnDeploy] };
