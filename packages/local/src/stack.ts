import { mkdirSync, readFileSync, writeFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startPglite, startServerPostgres, type RunningPostgres } from "./postgres";
import { startDynamo } from "./dynamo";
import { startS3 } from "./s3";
import { publishResources, type LocalResources } from "./resources";
import { startWebSocketGateway, type WebSocketGateway } from "./realtime";

export interface LocalStackOptions {
  /** Where data lives between runs (`.data/`). Omit for a throw-away stack (tests). */
  dataDir?: string;
  stage?: string;
  /** A PostgreSQL server instead of embedded PGlite. */
  databaseUrl?: string;
  log?: (line: string) => void;
}

export interface LocalStack {
  resources: LocalResources;
  services: { name: string; describe: string }[];
  postgres: RunningPostgres;
  /** The local API Gateway WebSocket API (`server.ts` forwards `/ws` upgrades to it). */
  realtime: WebSocketGateway;
  stop(): Promise<void>;
}

/**
 * The JwtSigningKey secret offline: `.data/jwt-signing-key.json` (mode 600), created on first
 * start, in the same format as the AWS secret — a JWK Set, or the single JWK older versions
 * wrote. It is parsed here so a broken file stops the start with a clear message. Rotate it
 * like the secret (docs/auth.md, "Key rotation") and restart.
 */
export async function signingKey(dataDir?: string): Promise<string> {
  const { generateKeySet, parseKeySet } = await import("@carebeat/core/auth/keyset");
  if (!dataDir) return generateKeySet();
  const file = path.join(dataDir, "jwt-signing-key.json");
  if (existsSync(file)) {
    const value = readFileSync(file, "utf8").trim();
    await parseKeySet(value).catch((err: Error) => {
      throw new Error(`${file}: ${err.message}`);
    });
    return value;
  }
  const key = await generateKeySet();
  writeFileSync(file, key, { mode: 0o600 });
  return key;
}

/** Start every stand-in, publish them as SST resources and migrate the database. */
export async function startLocalStack(opts: LocalStackOptions = {}): Promise<LocalStack> {
  const stage = opts.stage ?? "local";
  const ephemeral = !opts.dataDir;
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), "carebeat-"));
  mkdirSync(dataDir, { recursive: true });

  const postgres = opts.databaseUrl
    ? await startServerPostgres(opts.databaseUrl, ephemeral)
    : await startPglite(ephemeral ? undefined : path.join(dataDir, "pglite"));
  const dynamo = await startDynamo({ path: ephemeral ? undefined : path.join(dataDir, "dynamodb"), prefix: `carebeat-${stage}`, log: opts.log });
  // Before publishResources: its endpoint is part of Resource.Realtime (handlers load lazily).
  const realtime = await startWebSocketGateway({ log: opts.log, stage });
  const s3 = await startS3({ directory: path.join(dataDir, "s3"), buckets: { Invoices: `carebeat-${stage}-invoices` } });

  const resources: LocalResources = {
    app: { name: "carebeat", stage },
    database: postgres.link,
    jwtSigningKey: await signingKey(ephemeral ? undefined : dataDir),
    tables: dynamo.tableNames,
    buckets: s3.buckets,
    dynamoEndpoint: dynamo.endpoint,
    s3Endpoint: s3.endpoint,
    realtime: { url: realtime.url, managementEndpoint: realtime.managementEndpoint },
  };
  publishResources(resources);
  // Billing (issue 7): Resource.BillingWorkflow must be set with the rest, before anything
  // reads `Resource` (it loads once); the local endpoint names the machine deterministically.
  const { billingMachine, startBillingSweeper } = await import("./billing");
  const billing = billingMachine(stage);
  const billingArn = `arn:aws:states:us-east-1:000000000000:stateMachine:${billing.name}`;
  process.env.SST_RESOURCE_BillingWorkflow = JSON.stringify({ type: "sst.sst.Linkable", arn: billingArn });
  // PGlite is single-threaded, and pglite-socket interleaves extended-protocol messages of
  // concurrent connections (parameters of one query reach another: SQLSTATE 22P02/08P01),
  // so the embedded database gets exactly one connection; postgres.js queues behind it.
  process.env.CAREBEAT_DB_POOL = postgres.kind === "pglite" ? "1" : (process.env.CAREBEAT_DB_POOL ?? "10");

  const { runMigrations } = await import("@carebeat/core/drizzle/migrate");
  await runMigrations();
  // DynamoDB's recorded backfills (docs/local-runtime.md, "Upgrades"), as the deploy-time
  // migrator runs them in AWS; startDynamo already added missing tables and indexes.
  const { migrateDynamo } = await import("@carebeat/core/dynamo/migrations");
  await migrateDynamo({ schema: dynamo.schema, log: opts.log });
  // The patient directory follows DynamoDB (docs/patients.md): reconcile it at every start.
  const { PatientDirectory } = await import("@carebeat/core/directory");
  await PatientDirectory.backfill();

  // Billing: the local Step Functions endpoint runs the billing machine (executions kept under
  // <dataDir>/stepfunctions, running ones resumed), and a timer plays the sweeper cron.
  const { startStepFunctions } = await import("./stepfunctions");
  const stepFunctions = await startStepFunctions({ dataDir: ephemeral ? undefined : dataDir, log: opts.log, machines: [billing] });
  if (stepFunctions.arns[billing.name] !== billingArn) throw new Error(`billing machine ARN ${stepFunctions.arns[billing.name]} ≠ ${billingArn}`);
  process.env.AWS_ENDPOINT_URL_SFN = stepFunctions.endpoint;
  const sweeper = startBillingSweeper({ log: opts.log });

  return {
    resources,
    postgres,
    realtime,
    services: [
      { name: "postgres", describe: postgres.describe },
      { name: "dynamodb", describe: `dynalite ${dynamo.endpoint}${ephemeral ? " (in memory)" : ` (${path.join(dataDir, "dynamodb")})`}` },
      { name: "s3", describe: `s3rver ${s3.endpoint} (${path.join(dataDir, "s3")})` },
      { name: "realtime", describe: `WebSocket ${realtime.url} (@connections ${realtime.managementEndpoint})` },
      { name: "sfn", describe: `Step Functions ${stepFunctions.endpoint} (${billing.name}${ephemeral ? ", in memory" : `, ${path.join(dataDir, "stepfunctions")}`})` },
    ],
    async stop() {
      await sweeper.stop();
      await stepFunctions.stop();
      await realtime.stop(); // its $disconnect handlers still need DynamoDB
      const { closeDb } = await import("@carebeat/core/drizzle");
      await closeDb();
      await Promise.allSettled([s3.stop(), dynamo.stop()]);
      await postgres.stop();
      if (ephemeral) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
