import { vpc } from "./network";
import { database, dbEnvironment } from "./database";
import { afterMigrations } from "./migrations";
import { jwtSigningKey, mfaKey } from "./secrets";
import { tables, invoices } from "./storage";
import { eventRelay } from "./events";
import { mailSender } from "./mail";
import { httpApiEdge, originVerify } from "./edge";
import { billingWorkflow } from "./billing";
import { exportBucket, fhirExportWorkflow } from "./fhir-export";
import { realtimeLinks } from "./realtime";
import { API_ROUTES } from "../packages/functions/src/api/paths";
import { POOL, reserve } from "./capacity";
import { pinnedInstall } from "./installs";

/** Paths the API Lambda serves (one list, packages/functions/src/api/paths.ts); the site owns every other path. */
const apiRoutes = API_ROUTES;

/** One Lambda for the whole Hono app: one cold start, one connection pool per container. */
export const apiHandler = new sst.aws.Function(
  "ApiHandler",
  {
    handler: "packages/functions/src/api.handler",
    vpc,
    memory: "1024 MB",
    timeout: "20 seconds",
    // eventRelay: the API nudges the relay after a commit that wrote outbox rows (docs/analytics.md).
    // originVerify: the API refuses requests that did not come through CloudFront (stacks/edge.ts).
    // realtime: disabling an account or changing a password closes its WebSockets (@connections).
    // mailSender: the API nudges the sender after a commit that enqueued mail (docs/mail.md).
    // exportBucket, fhirExportWorkflow: FHIR $export starts/stops its workflow and serves its files (docs/fhir.md).
    link: [
      database,
      jwtSigningKey,
      mfaKey,
      invoices,
      billingWorkflow,
      exportBucket,
      fhirExportWorkflow,
      eventRelay,
      mailSender,
      originVerify,
      ...realtimeLinks,
      ...Object.values(tables),
    ],
    environment: dbEnvironment(POOL.api),
    // Containers × pool stay inside the database's max_connections (stacks/capacity.ts, docs/capacity.md).
    concurrency: reserve($app.stage, "api"),
    // Native argon2 binary: installed into the bundle instead of being bundled by esbuild, at the
    // lockfile's version (stacks/installs.ts). The calendar feeds' VTIMEZONE files are read from
    // @touch4it/ical-timezones' own folder at run time, which esbuild cannot bundle (docs/calendar.md).
    // `splitting` comes from stacks/bundling.ts (SPLITTING): the domains load on first use.
    nodejs: { install: pinnedInstall("@node-rs/argon2", "@touch4it/ical-timezones") },
  },
  // The schema is migrated before the new code is published (the Lambda inside inherits this).
  afterMigrations,
);

export const api = new sst.aws.ApiGatewayV2("Api", httpApiEdge);
for (const route of apiRoutes) api.route(route, apiHandler.arn);
