import { chmodSync, mkdirSync, readFileSync, writeFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startPglite, startServerPostgres, type RunningPostgres } from "./postgres";
import { startDynamo, withSchemaDriver, type RunningDynamo } from "./dynamo";
import { startInThread } from "./threads";
import { startS3, type RunningS3 } from "./s3";
import { localCredentials, localPostgresPassword, localMfaKey } from "./credentials";
import { publishResources, type LocalResources } from "./resources";
import { startWebSocketGateway, type WebSocketGateway } from "./realtime";
import { Teardown } from "./teardown";

export interface LocalStackOptions {
  /** Where data lives between runs (`.data/`). Omit for a throw-away stack (tests). */
  dataDir?: string;
  stage?: string;
  /** A PostgreSQL server instead of embedded PGlite. */
  databaseUrl?: string;
  log?: (line: string) => void;
  /**
   * Only the stores, migrated (`npm run backup` on a stopped system): no interrupted executions
   * resumed, no billing sweeper, no mail sent — opening the data must not act on it.
   */
  storesOnly?: boolean;
}

export interface LocalStack {
  resources: LocalResources;
  services: { name: string; describe: string }[];
  postgres: RunningPostgres;
  /** The local API Gateway WebSocket API (`server.ts` forwards `/ws` upgrades to it). */
  realtime: WebSocketGateway;
  /** The offline S3 (`server.ts` serves `/_s3/` on the site's origin with it). */
  s3: RunningS3;
  /** The offline SES v2 and the in-process mail sender (tests drain it). */
  ses: import("./ses").LocalSes;
  mail: ReturnType<typeof import("./mail").startMailSender>;
  /** What a backup reads (backup/snapshot.ts); `records()` streams a consistent copy of every store. */
  backup: { sources: import("./backup/snapshot").BackupSources; records(): import("node:stream").Readable };
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

/**
 * Start every stand-in, publish them as SST resources (once, before anything reads `Resource`)
 * and migrate the database. Each service's stop is registered as it starts (teardown.ts), so a
 * failure part-way stops what did start, and `stop()` runs the same list in reverse.
 */
export async function startLocalStack(opts: LocalStackOptions = {}): Promise<LocalStack> {
  const stage = opts.stage ?? "local";
  const ephemeral = !opts.dataDir;
  const teardown = new Teardown(opts.log);
  try {
    const dataDir = teardown.add("data dir", opts.dataDir ?? mkdtempSync(path.join(tmpdir(), "carebeat-")), (dir) => {
      if (ephemeral) rmSync(dir, { recursive: true, force: true });
    });
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    // The control socket (backup/control.ts) is also the data dir's lock: a second runtime on the
    // same data stops here, before it opens PGlite or dynalite (single-writer stores).
    const { snapshotStream } = await import("./backup/snapshot");
    let sources: import("./backup/snapshot").BackupSources | undefined;
    const records = () => {
      if (!sources) throw new Error("the stores are still starting");
      return snapshotStream(sources);
    };
    if (!ephemeral) {
      chmodSync(dataDir, 0o700);
      const { startControlSocket } = await import("./backup/control");
      teardown.add("control socket", await startControlSocket({ dataDir, backup: records, log: opts.log }), (c) => c.stop());
    }

    // PGlite and dynalite run on their own threads, off the API's event loop (threads.ts).
    const threads = process.env.CAREBEAT_THREADS !== "0";
    const pgliteDir = ephemeral ? undefined : path.join(dataDir, "pglite");
    const credentials = localCredentials(ephemeral ? undefined : dataDir);
    const dynamoOpts = { path: ephemeral ? undefined : path.join(dataDir, "dynamodb"), prefix: `carebeat-${stage}`, credentials };
    const postgres = teardown.add(
      "postgres",
      opts.databaseUrl
        ? await startServerPostgres(opts.databaseUrl, ephemeral)
        : threads
          ? await startInThread<RunningPostgres>("pglite", [pgliteDir, { password: localPostgresPassword(ephemeral ? undefined : dataDir) }])
          : await startPglite(pgliteDir, { password: localPostgresPassword(ephemeral ? undefined : dataDir) }),
      (p) => p.stop(),
    );
    // Registered after postgres, so it runs before postgres stops and after everything that queries.
    teardown.add("database pool", null, async () => (await import("@carebeat/core/drizzle")).closeDb());
    // On a thread, dynalite reports its upgrade lines through the log forwarded by threads.ts and
    // the schema driver (DynamoDB migrations) talks to it from here, over its endpoint.
    const dynamo = teardown.add(
      "dynamodb",
      threads
        ? withSchemaDriver(await startInThread<Omit<RunningDynamo, "schema">>("dynamo", [dynamoOpts], opts.log), credentials)
        : await startDynamo({ ...dynamoOpts, log: opts.log }),
      (d) => d.stop(),
    );
    const s3 = teardown.add(
      "s3",
      await startS3({ directory: path.join(dataDir, "s3"), buckets: { Invoices: `carebeat-${stage}-invoices`, Exports: `carebeat-${stage}-exports` }, credentials }),
      (x) => x.stop(),
    );
    // Stopped before DynamoDB: its $disconnect handlers still need it.
    const realtime = teardown.add("realtime", await startWebSocketGateway({ log: opts.log, stage, credentials }), (r) => r.stop());
    // The local Step Functions endpoint runs the billing machine (executions kept under
    // <dataDir>/stepfunctions). It starts before the resources are published, so its endpoint and
    // the machine's ARN are published with the rest; the executions interrupted at the last stop
    // continue only once the database is migrated.
    const { billingMachine, startBillingSweeper } = await import("./billing");
    // RenderPdf's pdfkit work on worker threads, off the thread that runs everything else here.
    const { startRenderPool, defaultRenderWorkers } = await import("./render-pool");
    const { pdfRenderer } = await import("@carebeat/core/billing/render");
    const renderWorkers = defaultRenderWorkers();
    if (renderWorkers > 0) {
      const inThread = pdfRenderer.render;
      const pool = teardown.add("render pool", startRenderPool(renderWorkers), (p) => {
        pdfRenderer.render = inThread;
        return p.stop();
      });
      pdfRenderer.render = pool.render;
    }
    const { startStepFunctions } = await import("./stepfunctions");
    const billing = billingMachine(stage);
    const { reminderMachine } = await import("./reminders");
    const reminders = reminderMachine(stage);
    const fhirExport = (await import("./fhir-export")).fhirExportMachine(stage);
    const stepFunctions = teardown.add(
      "stepfunctions",
      await startStepFunctions({ dataDir: ephemeral ? undefined : dataDir, log: opts.log, machines: [billing, reminders, fhirExport], deferResume: true, credentials }),
      (x) => x.stop(),
    );

    // The local SES v2 (docs/mail.md): the sender's From domain is its one verified identity; mail
    // goes to CAREBEAT_SMTP_URL (the clinic's relay) or, without one, into <dataDir>/mail as .eml.
    const { startLocalSes } = await import("./ses");
    const { fromDomain } = await import("@carebeat/core/mail/from");
    const ses = teardown.add(
      "ses",
      await startLocalSes({
        credentials,
        identities: [
          fromDomain(),
          ...(process.env.CAREBEAT_SES_IDENTITIES ?? "")
            .split(",")
            .map((x) => x.trim())
            .filter(Boolean),
        ],
        smtpUrl: process.env.CAREBEAT_SMTP_URL || undefined,
        mailDir: ephemeral ? undefined : path.join(dataDir, "mail"),
        log: opts.log,
      }),
      (x) => x.stop(),
    );

    const resources: LocalResources = {
      app: { name: "carebeat", stage },
      database: postgres.link,
      jwtSigningKey: await signingKey(ephemeral ? undefined : dataDir),
      mfaKey: localMfaKey(ephemeral ? undefined : dataDir),
      tables: dynamo.tableNames,
      buckets: s3.buckets,
      dynamoEndpoint: dynamo.endpoint,
      s3Endpoint: s3.endpoint,
      credentials,
      realtime: { url: realtime.url, managementEndpoint: realtime.managementEndpoint },
      sfnEndpoint: stepFunctions.endpoint,
      stateMachines: {
        BillingWorkflow: stepFunctions.arns[billing.name]!,
        ReminderWorkflow: stepFunctions.arns[reminders.name]!,
        FhirExportWorkflow: stepFunctions.arns[fhirExport.name]!,
      },
      sesEndpoint: ses.endpoint,
    };
    publishResources(resources);
    sources = { dataDir, stage, postgres, dynamo: { endpoint: dynamo.endpoint, tableNames: dynamo.tableNames }, s3: { endpoint: s3.endpoint, buckets: s3.buckets }, credentials };
    // PGlite is single-threaded, and pglite-socket interleaves extended-protocol messages of
    // concurrent connections (parameters of one query reach another: SQLSTATE 22P02/08P01),
    // so the embedded database gets exactly one connection; postgres.js queues behind it.
    process.env.CAREBEAT_DB_POOL = postgres.kind === "pglite" ? "1" : (process.env.CAREBEAT_DB_POOL ?? "10");

    // A new release with new migrations: an archive first, so the upgrade can be undone (docs/self-hosting.md).
    if (!ephemeral) await (await import("./backup/upgrade")).backupBeforeUpgrade({ sources, records, log: opts.log });
    const { runMigrations } = await import("@carebeat/core/drizzle/migrate");
    await runMigrations();
    // DynamoDB's recorded backfills (docs/local-runtime.md, "Upgrades"), as the deploy-time
    // migrator runs them in AWS; startDynamo already added missing tables and indexes.
    const { migrateDynamo } = await import("@carebeat/core/dynamo/migrations");
    await migrateDynamo({ schema: dynamo.schema, log: opts.log });
    // The patient directory follows DynamoDB (docs/patients.md): reconcile it at every start.
    const { PatientDirectory } = await import("@carebeat/core/directory");
    await PatientDirectory.backfill();

    if (!opts.storesOnly) stepFunctions.resume();
    // A timer plays the billing sweeper cron.
    if (process.env.CAREBEAT_BILLING !== "off" && !opts.storesOnly) teardown.add("billing sweeper", startBillingSweeper({ log: opts.log }), (x) => x.stop());
    // The mail sender's nudge and cron, in-process (packages/local/src/mail.ts).
    const { startMailSender } = await import("./mail");
    const mail = opts.storesOnly ? { drain: async () => {}, stop: async () => {} } : teardown.add("mail sender", startMailSender({ log: opts.log }), (x) => x.stop());

    return {
      resources,
      postgres,
      realtime,
      s3,
      ses,
      mail,
      backup: { sources, records },
      services: [
        { name: "postgres", describe: postgres.describe },
        { name: "dynamodb", describe: `dynalite ${dynamo.endpoint}${ephemeral ? " (in memory)" : ` (${path.join(dataDir, "dynamodb")})`}` },
        { name: "s3", describe: `s3rver behind a SigV4 check ${s3.endpoint} (${path.join(dataDir, "s3")})` },
        { name: "realtime", describe: `WebSocket ${realtime.url} (@connections ${realtime.managementEndpoint})` },
        {
          name: "ses",
          describe: `SES v2 ${ses.endpoint} → ${process.env.CAREBEAT_SMTP_URL ? "SMTP " + process.env.CAREBEAT_SMTP_URL.replace(/\/\/[^@/]*@/, "//…@") : ephemeral ? "nowhere (in memory)" : path.join(dataDir, "mail") + "/*.eml"}`,
        },
        {
          name: "sfn",
          describe: `Step Functions ${stepFunctions.endpoint} (${billing.name}, ${reminders.name}, ${fhirExport.name}${ephemeral ? ", in memory" : `, ${path.join(dataDir, "stepfunctions")}`})`,
        },
      ],
      stop: () => teardown.run(),
    };
  } catch (err) {
    await teardown.run();
    throw err;
  }
}
