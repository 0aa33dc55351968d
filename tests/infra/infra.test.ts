import { test, before } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { synth, appConfig, unwrap, type Rec, type Build } from "./harness";
import { tables as definitions, type TableDefinition } from "../../packages/core/src/dynamo/tables";
import { isProduction, StageNameError } from "../../stacks/stage";
import { dbInstanceClass } from "../../stacks/capacity";
import { definition as billingDefinition, billingTasks, billingTaskNames, type TaskArns } from "../../packages/core/src/billing/workflow";
import { exportDefinition, exportTasks, exportTaskNames, type ExportTaskArns } from "../../packages/core/src/fhir/export/workflow";

/**
 * The whole sst.config.ts evaluated offline under Pulumi mocks: what `sst deploy` would
 * create, asserted against the same definitions the offline runtime uses.
 * Run with `npm run test:infra` (tests/infra/run.sh).
 */
let created: Rec[];
let builds: Build[];
let sites: Record<string, any>;
let outputs: Record<string, unknown>;
let unknownRpc: string[];
const ofType = (type: string) => created.filter((c) => c.type === type);
const one = (type: string, name: string) => {
  const found = ofType(type).filter((c) => c.name === name);
  assert.equal(found.length, 1, `one ${type} named ${name}; have ${ofType(type).map((c) => c.name)}`);
  return found[0]!;
};
const build = (id: string) => {
  const b = builds.find((x) => x.functionID === id);
  assert.ok(b, `function ${id} was built; built: ${builds.map((x) => x.functionID)}`);
  return b;
};
const PRIVATE_SUBNETS = ["VpcPrivateSubnet1-id", "VpcPrivateSubnet2-id"];

before(async () => {
  ({ created, builds, sites, outputs, unknownRpc } = await synth("test"));
});

test("stages: production retains and protects, others are removed whole", async () => {
  const prod = await appConfig("production");
  assert.equal(prod.name, "carebeat");
  assert.equal(prod.home, "aws");
  assert.equal(prod.removal, "retain");
  assert.equal(prod.protect, true);
  for (const stage of ["dev", "ci", "alice"]) {
    const other = await appConfig(stage);
    assert.equal(other.removal, "remove", stage);
    assert.equal(other.protect, false, stage);
  }
  assert.equal(prod.providers.aws.version, "7.20.0", "AWS provider pinned to sst@4.17.1's version");
});

test("stages: `prod` is production too, and names that only look like production are refused (issue 23.1)", async () => {
  // The docs deploy with --stage prod; before stacks/stage.ts every stack tested === "production",
  // so prod was deployed as a disposable preview and `sst remove --stage prod` deleted it.
  const prod = await appConfig("prod");
  assert.equal(prod.removal, "retain");
  assert.equal(prod.protect, true);
  assert.equal(isProduction("prod"), true);
  assert.equal(isProduction("production"), true);
  assert.equal(dbInstanceClass("prod"), "m7g.large");
  for (const lookalike of ["Prod", "PRODUCTION", "prd", "prod-eu", "prod_2", "production2", "live", "Live"]) {
    await assert.rejects(async () => appConfig(lookalike), StageNameError, lookalike);
    assert.throws(() => isProduction(lookalike), /looks like production/, lookalike);
  }
  for (const other of ["dev", "ci", "alice", "pr-123", "staging", "product-demo", "prodigy"]) {
    assert.equal(isProduction(other), false, other);
    assert.equal((await appConfig(other)).protect, false, other);
  }
});

test("the config only makes CLI calls the harness answers", () => {
  assert.deepEqual(unknownRpc, []);
});

test("DynamoDB tables are exactly the shared definitions", () => {
  assert.deepEqual(
    ofType("aws:dynamodb/table:Table")
      .map((t) => t.name)
      .sort(),
    Object.keys(definitions)
      .map((n) => `${n}Table`)
      .sort(),
  );
  for (const [name, def] of Object.entries(definitions as Record<string, TableDefinition>)) {
    const table = one("aws:dynamodb/table:Table", `${name}Table`);
    assert.equal(table.inputs.hashKey, def.primaryIndex.hashKey, `${name} hash key`);
    assert.equal(table.inputs.rangeKey, def.primaryIndex.rangeKey, `${name} range key`);
    const gsis = (table.inputs.globalSecondaryIndexes ?? []).map((g: any) => [g.name, g.hashKey, g.rangeKey, g.projectionType]).sort();
    // Retired indexes stay deployed for one release (tables.ts `retiredIndexes`).
    const retired = Object.entries(def.retiredIndexes ?? {});
    const expected = [...Object.entries(def.globalIndexes ?? {}), ...retired]
      .map(([n, g]) => [n, g.hashKey, g.rangeKey, (g as { projection?: string }).projection === "keys-only" ? "KEYS_ONLY" : "ALL"])
      .sort();
    assert.deepEqual(gsis, expected, `${name} global indexes`);
    const attributes = (table.inputs.attributes as { name: string }[]).map((a) => a.name).sort();
    assert.deepEqual(attributes, [...new Set([...Object.keys(def.fields), ...retired.flatMap(([, r]) => Object.keys(r.fields))])].sort(), `${name} attributes`);
    assert.equal(table.inputs.ttl?.attributeName, def.ttl, `${name} ttl`);
    assert.equal(table.inputs.pointInTimeRecovery?.enabled, true, `${name} has point-in-time recovery`);
    assert.equal(table.inputs.deletionProtectionEnabled, false, "deletion protection only in production");
  }
});

test("the patients list indexes, retired by the directory-backed list, stay deployed for this one release", () => {
  const table = one("aws:dynamodb/table:Table", "PatientsTable");
  const names = (table.inputs.globalSecondaryIndexes ?? []).map((g: any) => g.name).sort();
  assert.deepEqual(names, ["byEmail", "byGivenName", "byName"]);
  assert.equal((definitions as Record<string, TableDefinition>).Patients!.globalIndexes!.byName, undefined, "nothing in the code declares byName as live");
});

test("one PostgreSQL 17 instance in the VPC's private subnets, no bastion", () => {
  const dbs = ofType("aws:rds/instance:Instance");
  assert.equal(dbs.length, 1);
  assert.equal(dbs[0]!.inputs.engine, "postgres");
  assert.match(String(dbs[0]!.inputs.engineVersion), /^17(\.|$)/);
  assert.equal(dbs[0]!.inputs.storageEncrypted, true);
  assert.equal(ofType("aws:ec2/vpc:Vpc").length, 1);
  const subnetGroup = one("aws:rds/subnetGroup:SubnetGroup", "DatabaseSubnetGroup");
  assert.deepEqual(unwrap(subnetGroup.inputs.subnetIds)?.map(unwrap), PRIVATE_SUBNETS);
  assert.deepEqual(
    created.filter((c) => /bastion/i.test(c.name)).map((c) => c.name),
    [],
  );
});

/** The mocked id of the one API Gateway v2 API of this protocol (HTTP or WEBSOCKET). */
const apiIdOf = (protocol: "HTTP" | "WEBSOCKET") => {
  const apis = ofType("aws:apigatewayv2/api:Api").filter((a) => a.inputs.protocolType === protocol);
  assert.equal(apis.length, 1, `one ${protocol} API`);
  return `${apis[0]!.name}-id`;
};
const onApi = (type: string, protocol: "HTTP" | "WEBSOCKET") => ofType(type).filter((r) => unwrap(r.inputs.apiId) === apiIdOf(protocol));

test("the API routes are exactly these, all to the one API function", () => {
  const routes = onApi("aws:apigatewayv2/route:Route", "HTTP")
    .map((r) => r.inputs.routeKey)
    .sort();
  assert.deepEqual(routes, ["ANY /api/{proxy+}", "ANY /fhir/{proxy+}", "GET /docs", "GET /docs/interactive", "GET /health", "GET /openapi.json"]);
  const integrations = onApi("aws:apigatewayv2/integration:Integration", "HTTP").map((i) => unwrap(i.inputs.integrationUri));
  assert.equal(integrations.length, routes.length);
  assert.equal(new Set(integrations).size, 1, "every route integrates the same Lambda");
  assert.match(String(integrations[0]), /ApiHandler/);
});

test("every Lambda runs nodejs22.x", () => {
  const fns = ofType("aws:lambda/function:Function");
  assert.deepEqual(
    fns.map((f) => f.name).sort(),
    [
      "AnalyticsFunction",
      "ApiHandlerFunction",
      "BillingSweeperHandlerFunction",
      "EventRelayFunction",
      "InvoicePushFunction",
      "KafkaTopicsFunction",
      "MailEventsHandlerFunction",
      "MailSenderFunction",
      "MigratorFunction",
      "NotificationsFunction",
      "RealtimeRouteDefaultHandlerFunction",
      "RealtimeRouteDisconnectHandlerFunction",
      "ReminderCheckFunction",
      ...Object.values(billingTasks).map((t) => `${t.functionName}Function`),
      ...Object.values(exportTasks).map((t) => `${t.functionName}Function`),
    ].sort(),
  );
  for (const f of fns) assert.equal(f.inputs.runtime, "nodejs22.x", f.name);
  for (const b of builds) assert.equal(b.runtime, "nodejs22.x", b.functionID);
});

test("the API function: in the VPC, sized, linked to the database, key, tables and bucket", () => {
  const fn = one("aws:lambda/function:Function", "ApiHandlerFunction");
  assert.equal(fn.inputs.memorySize, 1024);
  assert.equal(fn.inputs.timeout, 20);
  assert.deepEqual(fn.inputs.vpcConfig?.subnetIds, PRIVATE_SUBNETS);
  assert.equal(fn.inputs.environment?.variables?.CAREBEAT_DB_SSL, "verify-full");
  const api = build("ApiHandler");
  assert.equal(api.handler, "packages/functions/src/api.handler");
  assert.deepEqual(
    Object.keys(api.links).sort(),
    [
      "BillingWorkflow",
      "Database",
      "EventRelay",
      "Exports",
      "FhirExportWorkflow",
      "Invoices",
      "JwtSigningKey",
      "MailSender",
      "MfaKey",
      "OriginVerify",
      "Realtime",
      ...Object.keys(definitions),
    ].sort(),
  );
  // What the app reads as Resource.Database.{host,port,username,password,database}.
  for (const key of ["host", "port", "username", "password", "database"]) {
    assert.notEqual(api.links.Database![key], undefined, `Database link has ${key}`);
  }
  assert.ok("value" in api.links.JwtSigningKey!, "Resource.JwtSigningKey.value");
  assert.ok(api.properties.install && "@node-rs/argon2" in api.properties.install, "argon2 installed, not bundled");
  assert.ok("@touch4it/ical-timezones" in api.properties.install, "the calendar's VTIMEZONE files installed, not bundled (read from the package folder at run time)");
  const policies = JSON.stringify(created.filter((c) => c.type.startsWith("aws:iam/")).map((c) => c.inputs));
  assert.match(policies, /dynamodb:\*/, "DynamoDB permissions from the table links");
  assert.match(policies, /s3:\*/, "S3 permissions from the bucket link");
});

test("migrations run on every deploy, in AWS, before the API code is published", () => {
  const fn = one("aws:lambda/function:Function", "MigratorFunction");
  const env = fn.inputs.environment?.variables ?? {};
  assert.equal(env.CAREBEAT_MIGRATIONS_DIR, "/var/task/migrations");
  assert.equal(env.CAREBEAT_DB_SSL, "verify-full");
  assert.deepEqual(fn.inputs.vpcConfig?.subnetIds, PRIVATE_SUBNETS);
  const migrator = build("Migrator");
  assert.equal(migrator.handler, "packages/functions/src/migrate.handler");
  assert.deepEqual(Object.keys(migrator.links).sort(), ["Database", ...Object.keys(definitions)].sort(), "the tables, for DynamoDB's backfills");
  assert.deepEqual(
    migrator.copyFiles.map((c) => [c.from.replace(`${process.cwd()}/`, ""), c.to]),
    [["migrations", "migrations"]],
  );
  assert.equal(migrator.dev, false, "never a live stub, even under sst dev");

  const inv = one("aws:lambda/invocation:Invocation", "MigrateOnDeploy");
  assert.equal(unwrap(inv.inputs.functionName), unwrap(fn.inputs.name));
  const deployedAt = Number(inv.inputs.triggers?.deployedAt);
  assert.ok(Math.abs(Date.now() - deployedAt) < 120_000, "the trigger changes on every deploy");
  assert.equal(JSON.parse(inv.inputs.input).deployedAt, inv.inputs.triggers.deployedAt);
  const api = one("aws:lambda/function:Function", "ApiHandlerFunction");
  assert.ok(
    api.dependsOn.some((urn) => urn.endsWith("::MigrateOnDeploy")),
    `API Lambda waits for the migration: ${api.dependsOn}`,
  );
});

/** Every Lambda whose bundle links the database, with the aws:lambda Function it becomes. */
const databaseFunctions = () => builds.filter((b) => "Database" in b.links).map((b) => ({ id: b.functionID, fn: one("aws:lambda/function:Function", `${b.functionID}Function`) }));

test("every function that talks to PostgreSQL is published after this deploy's migrations (issue 23.10)", () => {
  const fns = databaseFunctions();
  // The API, the relay, the analytics consumer, the WebSocket $default, six billing tasks, the sweeper, the migrator.
  assert.ok(fns.length >= 12, fns.map((f) => f.id).join());
  for (const { id, fn } of fns) {
    if (id === "Migrator") continue;
    assert.ok(
      fn.dependsOn.some((urn) => urn.endsWith("::MigrateOnDeploy")),
      `${id} waits for MigrateOnDeploy; depends on ${fn.dependsOn}`,
    );
  }
  const migrator = one("aws:lambda/function:Function", "MigratorFunction");
  assert.equal(migrator.inputs.environment?.variables?.CAREBEAT_DB_POOL, "1", "the migrator holds the 1 connection stacks/capacity.ts counts");
});

test("PostgreSQL TLS: the server refuses plain connections and every function verifies its certificate (issue 23.6)", () => {
  // SST's parameter group sets rds.force_ssl=0 (postgres.ts); postgres.js's ssl "require" skips verification.
  const group = one("aws:rds/parameterGroup:ParameterGroup", "DatabaseParameterGroup");
  const params = unwrap(group.inputs.parameters) as { name: string; value: string }[];
  assert.deepEqual(
    params.filter((p) => p.name === "rds.force_ssl").map((p) => p.value),
    ["1"],
  );
  for (const { id, fn } of databaseFunctions()) {
    const env = fn.inputs.environment?.variables ?? {};
    assert.equal(env.CAREBEAT_DB_SSL, "verify-full", id);
    // The Lambda Node.js runtime's Amazon CA bundle, which holds the RDS CAs (Node 20+ runtimes do not load it by default).
    assert.equal(env.CAREBEAT_DB_CA, "/var/runtime/ca-cert.pem", id);
    assert.match(String(env.CAREBEAT_DB_POOL), /^[12]$/, id);
  }
});

test("the JWT signing key is a secret", () => {
  assert.ok(created.some((c) => c.type === "sst:sst:Secret" && c.name === "JwtSigningKey"));
});

test("the invoice bucket exists and is private", () => {
  one("aws:s3/bucket:Bucket", "InvoicesBucket");
  const block = one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "InvoicesPublicAccessBlock");
  for (const key of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]) {
    assert.equal(unwrap(block.inputs[key]), true, key);
  }
});

test("site and API share one CloudFront origin; Authorization reaches the API", () => {
  assert.equal(ofType("aws:cloudfront/distribution:Distribution").length, 1);
  const apiPaths = ofType("sst:aws:RouterUrlRoute")
    .map((c) => c.name.replace("RouterRoute", ""))
    .sort();
  assert.deepEqual(apiPaths, ["/api", "/docs", "/fhir", "/health", "/openapi.json"]);
  const policy = one("aws:cloudfront/cachePolicy:CachePolicy", "RouterServerCachePolicy");
  const headers = policy.inputs.parametersInCacheKeyAndForwardedToOrigin.headersConfig;
  assert.equal(headers.headerBehavior, "whitelist");
  assert.ok(headers.headers.items.includes("authorization"), "Bearer tokens are forwarded on GET");
  assert.equal(policy.inputs.defaultTtl, 0, "API responses are not cached unless they say so");
  assert.deepEqual(Object.keys(sites), ["Web"]);
  assert.equal(sites.Web.path, "web");
  assert.deepEqual(sites.Web.build, { command: "npm run build", output: "dist" });
  assert.ok(sites.Web.router?.instance, "the site is served through the router");
  // The site reaches the WebSocket API at the URL it was built with (web/src/realtime.ts).
  assert.deepEqual(Object.keys(sites.Web.environment ?? {}), ["VITE_REALTIME_URL"]);
  assert.deepEqual(Object.keys(outputs).sort(), ["api", "database", "kafka", "migrated", "realtime", "site", "url", "vpc"]);
});

test("CloudFront waits longer for the API than the API Lambda may run, so a slow request gets the API's answer, not CloudFront's 504 (issue 23.11)", () => {
  const lambdaTimeout = one("aws:lambda/function:Function", "ApiHandlerFunction").inputs.timeout as number;
  const kv = JSON.stringify(created.filter((c) => /keyValue|kv/i.test(c.type) || /Kv|KeyValue/.test(c.name)).map((c) => c.inputs));
  const timeouts = [...kv.matchAll(/\\?"readTimeout\\?":(\d+)/g)].map((m) => Number(m[1]));
  assert.equal(timeouts.length, 5, `a read timeout on each API path; found ${timeouts}`);
  for (const t of timeouts) assert.ok(t > lambdaTimeout && t <= 30, `readTimeout ${t} s > Lambda ${lambdaTimeout} s, within the HTTP API's 30 s`);
});

test("an alarm watches the API function's errors", () => {
  const alarm = one("aws:cloudwatch/metricAlarm:MetricAlarm", "ApiErrors");
  assert.equal(alarm.inputs.metricName, "Errors");
  assert.equal(alarm.inputs.namespace, "AWS/Lambda");
  const fn = one("aws:lambda/function:Function", "ApiHandlerFunction");
  assert.equal(unwrap(alarm.inputs.dimensions)?.FunctionName, unwrap(fn.inputs.name));
});

// ---- Realtime (stacks/realtime.ts, docs/realtime.md) ----

test("the WebSocket API: routes $connect, $disconnect and $default; $connect and $default share the VPC function that reads PostgreSQL", () => {
  const api = ofType("aws:apigatewayv2/api:Api").find((a) => a.inputs.protocolType === "WEBSOCKET");
  assert.equal(api?.inputs.routeSelectionExpression, "$request.body.action");
  const routes = onApi("aws:apigatewayv2/route:Route", "WEBSOCKET");
  assert.deepEqual(routes.map((r) => r.inputs.routeKey).sort(), ["$connect", "$default", "$disconnect"]);
  const integrations = onApi("aws:apigatewayv2/integration:Integration", "WEBSOCKET").map((i) => String(unwrap(i.inputs.integrationUri)));
  assert.equal(integrations.filter((uri) => uri.includes("RealtimeRouteDisconnectHandler")).length, 1, "$disconnect integration");
  // $connect checks the account's token version in PostgreSQL (issue 18), so it is the $default function.
  assert.equal(integrations.filter((uri) => uri.includes("RealtimeRouteDefaultHandler")).length, 2, "$connect and $default integrations");
  const handlers = Object.fromEntries(builds.filter((b) => b.functionID.startsWith("RealtimeRoute")).map((b) => [b.functionID, b]));
  assert.equal(handlers.RealtimeRouteConnectHandler, undefined, "no separate $connect function");
  assert.equal(handlers.RealtimeRouteDisconnectHandler?.handler, "packages/functions/src/realtime/disconnect.handler");
  assert.equal(handlers.RealtimeRouteDefaultHandler?.handler, "packages/functions/src/realtime/default.handler");
});

test("realtime links: $connect/$default get the key, the table and the database; pushers get Resource.Realtime and ManageConnections", () => {
  const links = (id: string) => Object.keys(build(id).links).sort();
  assert.deepEqual(links("RealtimeRouteDisconnectHandler"), ["Connections"]);
  // JwtSigningKey: $connect verifies ?token=, and a `refresh` message on $default carries a token too.
  assert.deepEqual(links("RealtimeRouteDefaultHandler"), ["Connections", "Database", "JwtSigningKey", "Realtime"]);
  // The API closes a disabled account's connections (issue 18).
  assert.ok(
    ["Realtime", "Connections"].every((l) => links("ApiHandler").includes(l)),
    "the API links the WebSocket API and its table",
  );
  assert.deepEqual(links("InvoicePush"), ["Connections", "Realtime"]);
  const realtime = build("InvoicePush").links.Realtime!;
  assert.ok("url" in realtime && "managementEndpoint" in realtime, "Resource.Realtime.{url,managementEndpoint}");
  assert.equal(build("InvoicePush").handler, "packages/functions/src/realtime/invoice-push.handler");
  const policies = JSON.stringify(created.filter((c) => c.type.startsWith("aws:iam/")).map((c) => c.inputs));
  assert.match(policies, /execute-api:ManageConnections/);
  // $default reads the analytics snapshot from PostgreSQL; the others stay out of the VPC.
  const fn = (name: string) => one("aws:lambda/function:Function", name);
  assert.deepEqual(fn("RealtimeRouteDefaultHandlerFunction").inputs.vpcConfig?.subnetIds, PRIVATE_SUBNETS);
  assert.equal(fn("RealtimeRouteDefaultHandlerFunction").inputs.environment?.variables?.CAREBEAT_DB_SSL, "verify-full");
  for (const name of ["RealtimeRouteDisconnectHandlerFunction", "InvoicePushFunction"]) {
    assert.equal(fn(name).inputs.vpcConfig, undefined, `${name} needs no VPC`);
  }
});

test("the Connections table: broadcast is a Query on byChannel, and forgotten connections expire (TTL)", () => {
  const table = one("aws:dynamodb/table:Table", "ConnectionsTable");
  assert.equal(table.inputs.hashKey, "connectionId");
  assert.equal(table.inputs.rangeKey, "sk");
  assert.deepEqual(table.inputs.ttl, { attributeName: "expiresAt", enabled: true });
  const byChannel = table.inputs.globalSecondaryIndexes.find((g: any) => g.name === "byChannel");
  assert.equal(byChannel?.hashKey, "channel");
});

test("security headers: CloudFront adds CSP (unless the origin set one), HSTS, DENY framing, nosniff, no-referrer", () => {
  const policy = one("aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy", "SecurityHeaders");
  const h = policy.inputs.securityHeadersConfig;
  assert.match(h.contentSecurityPolicy.contentSecurityPolicy, /frame-ancestors 'none'/);
  assert.match(h.contentSecurityPolicy.contentSecurityPolicy, /script-src 'self'(;|$)/);
  assert.equal(h.contentSecurityPolicy.override, false, "the API's own CSP (/docs/interactive) is kept");
  assert.equal(h.strictTransportSecurity.accessControlMaxAgeSec, 63072000);
  assert.equal(h.frameOptions.frameOption, "DENY");
  assert.equal(h.referrerPolicy.referrerPolicy, "no-referrer");
  assert.equal(h.contentTypeOptions.override, true);
  const [cdn] = ofType("aws:cloudfront/distribution:Distribution");
  assert.equal(unwrap(unwrap(cdn!.inputs.defaultCacheBehavior).responseHeadersPolicyId), "SecurityHeaders-id", "attached to the router's behaviour");
});

// ---- Events: relay, MSK Serverless, analytics (stacks/events.ts, docs/analytics.md) ----

test("MSK Serverless in the private subnets with IAM auth, reachable on 9098 from the VPC only", () => {
  const cluster = one("aws:msk/serverlessCluster:ServerlessCluster", "KafkaCluster");
  assert.equal(cluster.inputs.clientAuthentication?.sasl?.iam?.enabled, true);
  assert.deepEqual(cluster.inputs.vpcConfigs?.[0]?.subnetIds, PRIVATE_SUBNETS);
  const sg = one("aws:ec2/securityGroup:SecurityGroup", "KafkaSecurityGroup");
  assert.deepEqual(
    sg.inputs.ingress.map((i: any) => [i.fromPort, i.toPort]),
    [[9098, 9098]],
  );
  assert.ok(!JSON.stringify(sg.inputs.ingress).includes("0.0.0.0/0"), "not open to the internet");
});

test("topics are created on every deploy by a function (MSK Serverless has no auto-create)", () => {
  const inv = one("aws:lambda/invocation:Invocation", "KafkaTopicsOnDeploy");
  assert.deepEqual(JSON.parse(unwrap(inv.inputs.input)).topics, ["test.appointment-events", "test.invoice-events", "test.prescription-events"]);
  assert.equal(build("KafkaTopics").handler, "packages/functions/src/events/topics.handler");
  assert.deepEqual(Object.keys(build("KafkaTopics").links).sort(), ["Kafka"]);
});

test("the relay: linked to the database and Kafka, nudged by the API, swept every minute, two at most", () => {
  assert.equal(build("EventRelay").handler, "packages/functions/src/events/relay.handler");
  assert.deepEqual(Object.keys(build("EventRelay").links).sort(), ["Database", "Kafka"]);
  assert.ok("arn" in build("EventRelay").links.Kafka!, "Resource.Kafka.arn");
  assert.ok(Object.keys(build("ApiHandler").links).includes("EventRelay"), "the API may nudge the relay");
  const fn = one("aws:lambda/function:Function", "EventRelayFunction");
  assert.equal(fn.inputs.reservedConcurrentExecutions, 2);
  assert.deepEqual(fn.inputs.vpcConfig?.subnetIds, PRIVATE_SUBNETS);
  // CronV2 (EventBridge Scheduler), not the deprecated sst.aws.Cron (an EventBridge rule; issue 23.11).
  assert.deepEqual(
    ofType("aws:cloudwatch/eventRule:EventRule")
      .filter((r) => /Sweep/.test(r.name))
      .map((r) => r.name),
    [],
  );
  const sweeps = created.filter((c) => /schedule/i.test(c.type) && /EventRelaySweep/.test(c.name));
  assert.ok(
    sweeps.some((s) => JSON.stringify(s.inputs).includes("rate(1 minute)")),
    JSON.stringify(sweeps.map((s) => s.type)),
  );
  const policies = JSON.stringify(created.filter((c) => c.type.startsWith("aws:iam/")).map((c) => c.inputs));
  assert.match(policies, /kafka-cluster:WriteData/);
  assert.match(policies, /kafka:GetBootstrapBrokers/);
});

test("event source mappings: analytics, invoice push and notifications (both topics), TRIM_HORIZON, no batching wait, failures to SQS", () => {
  const mappings = ofType("aws:lambda/eventSourceMapping:EventSourceMapping");
  const fnOf = (m: Rec) => String(unwrap(m.inputs.functionName)).replace(/^.*:/, "");
  const pairs = mappings.map((m) => `${fnOf(m)} ← ${m.inputs.topics?.[0]}`).sort();
  assert.deepEqual(pairs, [
    "AnalyticsFunction ← test.appointment-events",
    "AnalyticsFunction ← test.prescription-events",
    "InvoicePushFunction ← test.invoice-events",
    "NotificationsFunction ← test.appointment-events",
    "NotificationsFunction ← test.invoice-events",
  ]);
  for (const m of mappings) {
    const topic = `${fnOf(m)} ${m.inputs.topics?.[0]}`;
    assert.equal(m.inputs.startingPosition, "TRIM_HORIZON", topic);
    assert.equal(m.inputs.batchSize, 500, topic);
    assert.equal(m.inputs.maximumBatchingWindowInSeconds, 0, topic);
    assert.equal(m.inputs.maximumRetryAttempts, 10, topic);
    assert.ok(String(unwrap(m.inputs.destinationConfig?.onFailure?.destinationArn)).includes("Failures"), `${topic} on-failure queue`);
    assert.match(String(unwrap(m.inputs.eventSourceArn)), /KafkaCluster/, `${topic} reads the MSK cluster`);
  }
  // A consumer group id per mapping (AWS requires it unique among a cluster's Kafka event sources).
  const groups = mappings.map((m) => unwrap(m.inputs.amazonManagedKafkaEventSourceConfig)?.consumerGroupId);
  assert.equal(new Set(groups).size, mappings.length, `distinct groups: ${groups}`);
  assert.equal(build("Analytics").handler, "packages/functions/src/analytics/handler.handler");
  assert.deepEqual(Object.keys(build("Analytics").links).sort(), ["Connections", "Database", "Realtime"]);
  assert.equal(build("Notifications").handler, "packages/functions/src/notification/consumer.handler");
  assert.deepEqual(Object.keys(build("Notifications").links).sort(), ["Database", "MailSender", "MfaKey", "Patients", "ReminderWorkflow"]);
  const policies = JSON.stringify(created.filter((c) => c.type.startsWith("aws:iam/")).map((c) => c.inputs));
  for (const action of ["kafka-cluster:ReadData", "kafka-cluster:AlterGroup", "ec2:CreateNetworkInterface", "sqs:SendMessage"]) assert.ok(policies.includes(action), action);
});

test("reminders: the one definition on AWS Step Functions, its Check task reserved and linked to what it reads, the machine's role invokes only it", () => {
  const machine = one("aws:sfn/stateMachine:StateMachine", "ReminderWorkflow");
  const definition = JSON.parse(String(unwrap(machine.inputs.definition)));
  assert.deepEqual(Object.keys(definition.States), ["Check", "Due", "Wait", "Done"]);
  assert.equal(definition.States.Wait.TimestampPath, "$.check.until");
  assert.equal(definition.TimeoutSeconds, undefined, "no execution timeout beyond AWS's year");
  assert.match(definition.States.Check.Resource, /ReminderCheckFunction/);
  assert.equal(machine.inputs.loggingConfiguration.includeExecutionData, false);
  assert.deepEqual(Object.keys(build("ReminderCheck").links).sort(), ["Database", "MailSender", "MfaKey", "Patients"]);
  const role = JSON.stringify(one("aws:iam/role:Role", "ReminderWorkflowRole").inputs);
  assert.match(role, /lambda:InvokeFunction/);
  assert.match(role, /ReminderCheckFunction/);
  assert.doesNotMatch(role, /BillingLoadContext/);
});

test("mail events: SES bounce and complaint events of the configuration set reach the MailEvents function over SNS", () => {
  const dest = ofType("aws:sesv2/configurationSetEventDestination:ConfigurationSetEventDestination");
  assert.equal(dest.length, 1);
  const d = unwrap(dest[0]!.inputs.eventDestination);
  assert.deepEqual([...d.matchingEventTypes].map((x: string) => x.toLowerCase()).sort(), ["bounce", "complaint"]);
  assert.match(String(unwrap(d.snsDestination?.topicArn)), /MailEvents/);
  const sub = ofType("aws:sns/topicSubscription:TopicSubscription").filter((s) => /MailEvents/.test(String(unwrap(s.inputs.topic))));
  assert.equal(sub.length, 1);
  assert.equal(sub[0]!.inputs.protocol, "lambda");
  assert.equal(build("MailEventsHandler").handler, "packages/functions/src/mail/ses-events.handler");
});

// ---- billing (issue 7) ----

/** The mocked ARN of a task's Lambda (the harness answers `arn:aws:mock:…:<resource name>`). */
const mockTaskArns = () => Object.fromEntries(billingTaskNames.map((t) => [t, `arn:aws:mock:us-east-1:123456789012:${billingTasks[t].functionName}Function`])) as TaskArns;

test("billing: the deployed state machine is definition() with the task ARNs substituted", () => {
  const sm = one("aws:sfn/stateMachine:StateMachine", "BillingWorkflow");
  assert.deepEqual(JSON.parse(unwrap(sm.inputs.definition)), JSON.parse(JSON.stringify(billingDefinition(mockTaskArns()))));
  assert.equal(sm.inputs.type, "STANDARD");
  assert.equal(sm.inputs.name, "carebeat-test-billing", "named like the offline machine");
  assert.equal(sm.inputs.tracingConfiguration?.enabled, true);
  const logging = sm.inputs.loggingConfiguration;
  assert.ok(["ERROR", "ALL"].includes(logging.level));
  assert.equal(logging.includeExecutionData, false, "no payloads in the logs");
  const logGroup = one("aws:cloudwatch/logGroup:LogGroup", "BillingWorkflowLogs");
  assert.match(String(unwrap(logging.logDestination)), new RegExp(`${logGroup.name}`));
});

/** The state machine role's one inline policy (issue 23.4: inline, so it exists before CreateStateMachine). */
const billingRolePolicy = () => {
  const role = one("aws:iam/role:Role", "BillingWorkflowRole");
  const inline = unwrap(role.inputs.inlinePolicies) as { name: string; policy: string }[];
  assert.equal(inline?.length, 1, "the role carries its policy inline");
  return JSON.parse(unwrap(inline[0]!.policy));
};

test("billing: the role's policy is inline, not a RolePolicy the state machine could race (issue 23.4)", () => {
  // CreateStateMachine validates the role's log-delivery permissions up front; a separate RolePolicy
  // is created in parallel with the machine and the deploy fails intermittently (AWS Step Functions
  // developer guide, "IAM policies for logging to CloudWatch Logs"; SST's step-functions.ts inlines too).
  assert.deepEqual(
    ofType("aws:iam/rolePolicy:RolePolicy").filter((p) => /BillingWorkflow/.test(p.name)),
    [],
  );
  const actions = billingRolePolicy().Statement.flatMap((s: any) => [].concat(s.Action));
  assert.ok(actions.includes("logs:CreateLogDelivery") && actions.includes("logs:PutResourcePolicy"), actions.join());
  const role = one("aws:iam/role:Role", "BillingWorkflowRole");
  const sm = one("aws:sfn/stateMachine:StateMachine", "BillingWorkflow");
  assert.ok(
    sm.dependsOn.some((urn) => urn.endsWith("::BillingWorkflowRole")),
    `the machine waits for its role; depends on ${sm.dependsOn}`,
  );
  assert.ok(role);
});

test("billing: the machine's role may invoke exactly its task functions", () => {
  const policy = billingRolePolicy();
  const invoke = policy.Statement.filter((s: any) => [].concat(s.Action).some((a: string) => a.startsWith("lambda:")));
  assert.equal(invoke.length, 1);
  assert.deepEqual(invoke[0].Action, ["lambda:InvokeFunction"]);
  const expected = Object.values(mockTaskArns())
    .flatMap((a) => [a, `${a}:*`])
    .sort();
  assert.deepEqual([...invoke[0].Resource].sort(), expected);
  const role = one("aws:iam/role:Role", "BillingWorkflowRole");
  assert.match(JSON.stringify(unwrap(role.inputs.assumeRolePolicy)), /states\.amazonaws\.com/);
});

test("billing: task functions run nodejs22.x with only the links they use; RenderPdf installs pdfkit", () => {
  for (const task of billingTaskNames) {
    const { functionName, handler } = billingTasks[task];
    const b = build(functionName);
    assert.equal(b.handler, `packages/functions/src/billing/${handler}.handler`);
    assert.equal(b.runtime, "nodejs22.x");
    const fn = one("aws:lambda/function:Function", `${functionName}Function`);
    if (task !== "PriceVisit") assert.deepEqual(fn.inputs.vpcConfig?.subnetIds, PRIVATE_SUBNETS, task);
  }
  assert.deepEqual(Object.keys(build("BillingRenderPdf").links).sort(), ["Database", "Invoices", "Patients"]);
  assert.deepEqual(Object.keys(build("BillingPriceVisit").links), []);
  assert.ok(build("BillingRenderPdf").properties.install && "pdfkit" in build("BillingRenderPdf").properties.install!);
});

// ---- FHIR Bulk Data $export (issue 16) ----

const mockExportArns = () => Object.fromEntries(exportTaskNames.map((t) => [t, `arn:aws:mock:us-east-1:123456789012:${exportTasks[t].functionName}Function`])) as ExportTaskArns;

test("fhir export: the deployed state machine is exportDefinition() with the task ARNs substituted, logging without data", () => {
  const sm = one("aws:sfn/stateMachine:StateMachine", "FhirExportWorkflow");
  assert.deepEqual(JSON.parse(unwrap(sm.inputs.definition)), JSON.parse(JSON.stringify(exportDefinition(mockExportArns()))));
  assert.equal(sm.inputs.type, "STANDARD");
  assert.equal(sm.inputs.name, "carebeat-test-fhir-export", "named like the offline machine");
  assert.equal(sm.inputs.loggingConfiguration.includeExecutionData, false);
  const role = one("aws:iam/role:Role", "FhirExportWorkflowRole");
  const inline = unwrap(role.inputs.inlinePolicies) as { policy: string }[];
  assert.equal(inline.length, 1, "inline (issue 23.4)");
  const invoke = JSON.parse(unwrap(inline[0]!.policy)).Statement.filter((x: any) => [].concat(x.Action).some((a: string) => a.startsWith("lambda:")));
  assert.deepEqual(
    [...invoke[0].Resource].sort(),
    Object.values(mockExportArns())
      .flatMap((a) => [a, `${a}:*`])
      .sort(),
    "invokes exactly its tasks",
  );
});

test("fhir export: task functions in the VPC with only their links and a reservation; the bucket expires files after a day", () => {
  for (const task of exportTaskNames) {
    const { functionName, handler } = exportTasks[task];
    const b = build(functionName);
    assert.equal(`${b.handler}`, handler);
    const fn = one("aws:lambda/function:Function", `${functionName}Function`);
    assert.deepEqual(fn.inputs.vpcConfig?.subnetIds, PRIVATE_SUBNETS, task);
    assert.ok(fn.inputs.reservedConcurrentExecutions >= 1, `${task} reserves concurrency`);
  }
  assert.deepEqual(Object.keys(build("FhirExportType").links).sort(), ["Database", "Exports", "Patients"]);
  assert.deepEqual(Object.keys(build("FhirExportFinish").links).sort(), ["Database", "Exports"]);
  const lifecycle = one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "ExportsLifecycle");
  assert.match(JSON.stringify(unwrap(lifecycle.inputs.rules)), /"days":1\b/);
  one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "ExportsEncryption");
});

test("every package a function installs is pinned to the lockfile's exact version (issue 23.7)", () => {
  // A plain `install: ["pdfkit"]` becomes { pdfkit: "*" } in SST (function.ts): the newest release at each deploy.
  const lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8")).packages as Record<string, { version: string }>;
  const installs = builds.flatMap((b) => Object.entries(b.properties.install ?? {}).map(([name, version]) => ({ fn: b.functionID, name, version })));
  assert.deepEqual(installs.map((i) => i.name).sort(), ["@node-rs/argon2", "@touch4it/ical-timezones", "pdfkit"]);
  for (const i of installs) {
    assert.match(i.version, /^\d+\.\d+\.\d+$/, `${i.fn} installs ${i.name}@${i.version}: an exact version`);
    assert.equal(i.version, lock[`node_modules/${i.name}`]?.version, `${i.fn}: ${i.name} at the lockfile's version`);
  }
});

test("billing: the API links BillingWorkflow and may only start, describe, read history and redrive on it", () => {
  const api = build("ApiHandler");
  assert.equal(api.links.BillingWorkflow!.arn, "arn:aws:mock:us-east-1:123456789012:BillingWorkflow");
  const statesActions = created.filter((c) => c.type.startsWith("aws:iam/")).flatMap((c) => JSON.stringify(c.inputs).match(/states:[A-Za-z]+/g) ?? []);
  // The reminder machine's Linkable adds StopExecution (on its own executions only).
  assert.deepEqual([...new Set(statesActions)].sort(), [
    "states:DescribeExecution",
    "states:GetExecutionHistory",
    "states:RedriveExecution",
    "states:StartExecution",
    "states:StopExecution",
  ]);
  assert.ok(!("ReminderWorkflow" in api.links), "the API starts no reminder: the notifications consumer does");
  const iam = JSON.stringify(created.filter((c) => c.type.startsWith("aws:iam/")).map((c) => c.inputs));
  assert.ok(!/states:\*/.test(iam), "no states:* anywhere");
  assert.match(iam, /arn:aws:mock:us-east-1:123456789012:BillingWorkflow/);
  // Executions: the machine ARN with :stateMachine: → :execution: (the mock ARN has neither), plus :*.
  assert.match(iam, /arn:aws:mock:us-east-1:123456789012:BillingWorkflow:\*/);
});

test("mail: the sender drains the outbox through SES, nudged by the API and swept every minute, links to the CloudFront URL (docs/mail.md)", () => {
  const b = build("MailSender");
  assert.equal(b.handler, "packages/functions/src/mail/sender.handler");
  assert.deepEqual(Object.keys(b.links).sort(), ["Database", "Email"]);
  assert.ok("sender" in b.links.Email! && "configSet" in b.links.Email!, "Resource.Email.{sender,configSet}");
  assert.ok(Object.keys(build("ApiHandler").links).includes("MailSender"), "the API may nudge the sender");
  const fn = one("aws:lambda/function:Function", "MailSenderFunction");
  assert.deepEqual(fn.inputs.vpcConfig?.subnetIds, PRIVATE_SUBNETS);
  const env = unwrap(fn.inputs.environment?.variables) as Record<string, string>;
  assert.equal(env.CAREBEAT_DB_POOL, "1");
  assert.match(env.CAREBEAT_MAIL_FROM, /<no-reply@[^>]+>$/);
  assert.ok(env.CAREBEAT_SES_CONFIGURATION_SET, "the configuration set (suppression, events) is named on every send");
  assert.ok(env.CAREBEAT_SITE_URL, "the site's address for links: the router's URL, never a request's Host");
  const router = one("aws:cloudfront/distribution:Distribution", "RouterCdnDistribution");
  assert.ok(router, "the router distribution exists");
  const schedules = created.filter((c) => /schedule/i.test(c.type) && /MailSweep/.test(c.name));
  assert.ok(
    schedules.some((s) => JSON.stringify(s.inputs).includes("rate(1 minute)")),
    JSON.stringify(schedules.map((s) => s.type)),
  );
  // The SES identity is the sender's domain; bounced and complained addresses are suppressed.
  const identity = ofType("aws:sesv2/emailIdentity:EmailIdentity")[0];
  assert.equal(identity?.inputs.emailIdentity, env.CAREBEAT_MAIL_FROM.replace(/^.*@([^>]+)>$/, "$1"));
  const configSet = ofType("aws:sesv2/configurationSet:ConfigurationSet")[0];
  assert.deepEqual(unwrap(configSet?.inputs.suppressionOptions), { suppressedReasons: ["BOUNCE", "COMPLAINT"] });
  const policies = JSON.stringify(created.filter((c) => c.type.startsWith("aws:iam/")).map((c) => c.inputs));
  assert.match(policies, /ses:SendEmail/);
});

test("billing: a sweeper cron starts forgotten executions", () => {
  const b = build("BillingSweeperHandler");
  assert.equal(b.handler, "packages/functions/src/billing/sweep.handler");
  assert.deepEqual(Object.keys(b.links).sort(), ["BillingWorkflow", "Database"]);
  const schedules = created.filter((c) => /schedule/i.test(c.type) && /BillingSweeper/.test(c.name));
  assert.ok(
    schedules.some((s) => JSON.stringify(s.inputs).includes("rate(5 minutes)")),
    JSON.stringify(schedules.map((s) => s.type)),
  );
});

test("billing: the invoice bucket is encrypted and refuses plain HTTP", () => {
  const enc = one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "InvoicesEncryption");
  assert.equal(enc.inputs.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm, "AES256");
  const policy = JSON.stringify(created.filter((c) => c.type === "aws:s3/bucketPolicy:BucketPolicy" && /Invoices/.test(c.name)).map((c) => c.inputs));
  assert.match(policy, /aws:SecureTransport/);
  assert.match(policy, /Deny/);
});

// ---- Data at rest, per stage (issue 11 item 4; stacks/database.ts, stacks/storage.ts) ----

/**
 * Stack modules register their resources once per process, so each stage is synthesized in a
 * child process: tests/infra/stage.ts, bundled here the way run.sh bundles this file.
 */
async function synthStage(stage: string, types: string[], env: Record<string, string> = {}): Promise<Rec[]> {
  const { build } = await import("esbuild");
  const { execFile } = await import("node:child_process");
  const out = ".sst/platform/infra-test/stage.mjs";
  await build({
    entryPoints: ["tests/infra/stage.ts"],
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    external: ["@pulumi/*"],
    logLevel: "warning",
    outfile: out,
  });
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(process.execPath, [out, stage, types.join(",")], { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 150_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${stage}: ${err.message}\n${stderr}`)) : resolve(stdout),
    ),
  );
  return JSON.parse(stdout);
}

/** Resource types the observability section at the end of this file reads (also for production). */
const T = {
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  fn: "aws:lambda/function:Function",
  stage: "aws:apigatewayv2/stage:Stage",
  waf: "aws:wafv2/webAcl:WebAcl",
  budget: "aws:budgets/budget:Budget",
  subscription: "aws:sns/topicSubscription:TopicSubscription",
};
const DATA_TYPES = ["aws:rds/instance:Instance", "aws:s3/bucketPolicy:BucketPolicy", "aws:dynamodb/table:Table"];
const perStage: Record<string, Rec[]> = {};
before(async () => {
  // Sequential: two synths at once would only compete for the same cores.
  // Also what the observability section at the end asserts for production (and its alarm email).
  perStage.production = await synthStage("production", [...DATA_TYPES, ...Object.values(T)], { SST_SECRET_AlarmEmail: "oncall@clinic.example" });
  perStage.staging = await synthStage("staging", DATA_TYPES);
  // The name docs/infrastructure.md deploys with: production's data protections, every one.
  perStage.prod = await synthStage("prod", DATA_TYPES);
});
const database = (stage: string) => {
  const dbs = perStage[stage]!.filter((r) => r.type === "aws:rds/instance:Instance");
  assert.equal(dbs.length, 1, `${stage}: one RDS instance`);
  return dbs[0]!.inputs;
};

test("production RDS: encrypted, 14 days of backups, deletion protection, a final snapshot (stage production and prod)", () => {
  for (const stage of ["production", "prod"]) productionDatabase(stage);
});
function productionDatabase(stage: string) {
  const db = database(stage);
  assert.equal(db.storageEncrypted, true);
  assert.ok(db.backupRetentionPeriod >= 14, `backups kept ${db.backupRetentionPeriod} days`);
  assert.equal(db.deletionProtection, true);
  assert.equal(db.skipFinalSnapshot, false);
  assert.equal(db.finalSnapshotIdentifier, `carebeat-${stage}-database-final`);
  assert.equal(db.deleteAutomatedBackups, false, "automated backups outlive a deleted instance");
  assert.equal(db.copyTagsToSnapshot, true);
  assert.equal(db.multiAz, true);
  assert.equal(db.instanceClass, "db.m7g.large", stage);
}

test("other stages' RDS: encrypted, short backups, removable without a snapshot", () => {
  for (const db of [database("staging"), created.filter((r) => r.type === "aws:rds/instance:Instance")[0]!.inputs]) {
    assert.equal(db.storageEncrypted, true);
    assert.ok(db.backupRetentionPeriod >= 1 && db.backupRetentionPeriod < 14, `backups kept ${db.backupRetentionPeriod} days`);
    assert.equal(db.deletionProtection, false);
    assert.equal(db.skipFinalSnapshot, true);
    assert.equal(db.finalSnapshotIdentifier, undefined);
  }
});

test("the invoice bucket refuses plain HTTP on every stage", () => {
  for (const [stage, recs] of Object.entries({ ...perStage, test: created })) {
    const policy = recs.find((r) => r.type === "aws:s3/bucketPolicy:BucketPolicy" && r.name === "InvoicesPolicy");
    assert.ok(policy, `${stage}: InvoicesPolicy`);
    const doc = JSON.parse(unwrap(policy.inputs.policy));
    const deny = doc.statements.find((s: any) => s.effect === "Deny" && s.conditions?.some((c: any) => c.variable === "aws:SecureTransport" && c.values.includes("false")));
    assert.ok(deny, `${stage}: a Deny on aws:SecureTransport=false`);
    assert.deepEqual(deny.actions, ["s3:*"]);
    assert.equal(deny.resources.length, 2, "the bucket and its objects");
  }
});

test("DynamoDB tables: deletion protection only in production, point-in-time recovery everywhere", () => {
  for (const [stage, recs] of Object.entries(perStage)) {
    const tables = recs.filter((r) => r.type === "aws:dynamodb/table:Table");
    assert.equal(tables.length, Object.keys(definitions).length, stage);
    for (const t of tables) {
      assert.equal(t.inputs.pointInTimeRecovery?.enabled, true, `${stage} ${t.name}`);
      assert.equal(t.inputs.deletionProtectionEnabled, stage === "production" || stage === "prod", `${stage} ${t.name}`);
    }
  }
});

// ---- Observability, alarms and edge protection (issue 11 items 1–3; stacks/observability.ts,
// monitoring.ts, edge.ts; docs/observability.md) ----

/** The production synth of the data-at-rest section above, which also collects these types. */
const production = () => perStage.production!;
const alarmNamed = (name: string, recs: Rec[] = created) => {
  const found = recs.filter((r) => r.type === T.alarm && r.name === name);
  assert.equal(found.length, 1, `alarm ${name}; have ${recs.filter((r) => r.type === T.alarm).map((r) => r.name)}`);
  return found[0]!.inputs;
};
const TOPIC_ARN = "arn:aws:mock:us-east-1:123456789012:Alarms";
const httpApiId = () => `${ofType("aws:apigatewayv2/api:Api").find((a) => a.inputs.protocolType === "HTTP")!.name}-id`;

test("monitoring: one SNS topic; its email comes from the AlarmEmail secret per stage, none while unset", () => {
  assert.equal(one("aws:sns/topic:Topic", "Alarms").inputs.name, "carebeat-test-alarms");
  const toAlarms = (r: Rec) => unwrap(r.inputs.topic) === TOPIC_ARN;
  assert.equal(ofType(T.subscription).filter(toAlarms).length, 0, "no subscription for the placeholder");
  const subs = production().filter((r) => r.type === T.subscription && toAlarms(r));
  assert.equal(subs.length, 1);
  assert.equal(subs[0]!.inputs.protocol, "email");
  assert.equal(unwrap(subs[0]!.inputs.endpoint), "oncall@clinic.example");
  const policy = JSON.stringify(one("aws:sns/topicPolicy:TopicPolicy", "AlarmsPolicy").inputs.policy);
  assert.match(policy, /budgets\.amazonaws\.com/, "AWS Budgets may publish to the topic");
  for (const a of ofType(T.alarm)) assert.deepEqual(a.inputs.alarmActions, [TOPIC_ARN], `${a.name} notifies the topic`);
});

test("the alarm topic accepts CloudWatch and Budgets of this account only (aws:SourceAccount, aws:SourceArn; issue 23.9)", () => {
  const policy = JSON.parse(unwrap(one("aws:sns/topicPolicy:TopicPolicy", "AlarmsPolicy").inputs.policy));
  const byService = Object.fromEntries(policy.Statement.map((st: any) => [st.Principal.Service, st]));
  assert.deepEqual(Object.keys(byService).sort(), ["budgets.amazonaws.com", "cloudwatch.amazonaws.com"]);
  for (const st of policy.Statement) {
    assert.equal(st.Condition?.StringEquals?.["aws:SourceAccount"], "123456789012", `${st.Sid}: this account`);
    assert.ok(st.Condition?.ArnLike?.["aws:SourceArn"], `${st.Sid}: pinned to a source ARN`);
  }
  assert.equal(byService["cloudwatch.amazonaws.com"].Condition.ArnLike["aws:SourceArn"], "arn:aws:cloudwatch:us-east-1:123456789012:alarm:*");
  assert.equal(byService["budgets.amazonaws.com"].Condition.ArnLike["aws:SourceArn"], "arn:aws:budgets::123456789012:*");
});

test("alarms: API 5xx rate and p95 latency above 500 ms on the HTTP API", () => {
  const rate = alarmNamed("Api5xxRate");
  const queries = Object.fromEntries(rate.metricQueries.map((q: any) => [q.id, q]));
  assert.equal(queries.errors.metric.metricName, "5xx");
  assert.equal(queries.requests.metric.metricName, "Count");
  for (const q of [queries.errors, queries.requests]) {
    assert.equal(q.metric.namespace, "AWS/ApiGateway");
    assert.equal(unwrap(q.metric.dimensions).ApiId, httpApiId());
  }
  assert.match(queries.rate.expression, /100 \* errors \/ requests/);
  assert.equal(rate.threshold, 1);
  const p95 = alarmNamed("ApiLatencyP95");
  assert.deepEqual(
    [p95.namespace, p95.metricName, p95.extendedStatistic, p95.threshold, p95.comparisonOperator],
    ["AWS/ApiGateway", "Latency", "p95", 500, "GreaterThanThreshold"],
  );
  assert.equal(unwrap(p95.dimensions).ApiId, httpApiId());
});

test("alarms: every Lambda function has an Errors and a Throttles alarm", () => {
  const fns = ofType(T.fn);
  assert.ok(fns.length >= 16, `functions: ${fns.length}`);
  const watched = (metric: string) =>
    new Set(
      ofType(T.alarm)
        .filter((a) => a.inputs.metricName === metric && a.inputs.namespace === "AWS/Lambda")
        .map((a) => unwrap(a.inputs.dimensions).FunctionName),
    );
  const errors = watched("Errors");
  const throttles = watched("Throttles");
  for (const fn of fns) {
    assert.ok(errors.has(unwrap(fn.inputs.name)), `${fn.name} has an Errors alarm`);
    assert.ok(throttles.has(unwrap(fn.inputs.name)), `${fn.name} has a Throttles alarm`);
  }
});

test("alarms: billing ExecutionsFailed and ExecutionsTimedOut on the state machine", () => {
  for (const [name, metric] of [
    ["BillingExecutionsFailed", "ExecutionsFailed"],
    ["BillingExecutionsTimedOut", "ExecutionsTimedOut"],
  ] as const) {
    const a = alarmNamed(name);
    assert.deepEqual([a.namespace, a.metricName, a.statistic, a.threshold], ["AWS/States", metric, "Sum", 0]);
    assert.equal(unwrap(a.dimensions).StateMachineArn, "arn:aws:mock:us-east-1:123456789012:BillingWorkflow");
  }
});

test("alarms: Kafka OffsetLag of both consumers, and messages in both on-failure queues", () => {
  for (const [key, fn, queue] of [
    ["Analytics", "AnalyticsFunction", "AnalyticsFailuresQueue"],
    ["InvoicePush", "InvoicePushFunction", "InvoicePushFailuresQueue"],
  ]) {
    const lag = alarmNamed(`${key}OffsetLag`);
    assert.deepEqual([lag.namespace, lag.metricName, lag.statistic], ["AWS/Lambda", "OffsetLag", "Maximum"]);
    assert.equal(unwrap(lag.dimensions).FunctionName, unwrap(one(T.fn, fn!).inputs.name));
    const failures = alarmNamed(`${key}FailuresVisible`);
    assert.deepEqual([failures.namespace, failures.metricName, failures.threshold], ["AWS/SQS", "ApproximateNumberOfMessagesVisible", 0]);
    assert.equal(unwrap(failures.dimensions).QueueName, unwrap(one("aws:sqs/queue:Queue", queue!).inputs.name));
  }
});

test("alarms: RDS CPU, free storage and connections; DynamoDB throttles on every table", () => {
  const db = ofType("aws:rds/instance:Instance")[0]!;
  for (const [name, metric] of [
    ["DatabaseCpu", "CPUUtilization"],
    ["DatabaseFreeStorage", "FreeStorageSpace"],
    ["DatabaseConnections", "DatabaseConnections"],
  ]) {
    const a = alarmNamed(name!);
    assert.deepEqual([a.namespace, a.metricName], ["AWS/RDS", metric]);
    assert.equal(unwrap(a.dimensions).DBInstanceIdentifier, unwrap(db.inputs.identifier));
  }
  // SST allocates 20 GB on every stage and makes `storage` the autoscaling ceiling (postgres.ts);
  // the alarm is 10 % of what is allocated, not of the ceiling (issue 23.11).
  for (const [label, records] of [
    ["test", created],
    ["production", production()],
  ] as const) {
    const instance = records.find((r) => r.type === "aws:rds/instance:Instance")!;
    assert.equal(instance.inputs.allocatedStorage, 20, label);
    const free = alarmNamed("DatabaseFreeStorage", label === "test" ? undefined : production());
    assert.equal(free.threshold, 0.1 * instance.inputs.allocatedStorage * 1024 ** 3, `${label}: 10 % of the allocated storage`);
    assert.ok(free.evaluationPeriods * free.period >= 1800, `${label}: sustained, so autoscaling gets its chance first`);
  }
  assert.equal(production().find((r) => r.type === "aws:rds/instance:Instance")!.inputs.maxAllocatedStorage, 100, "production grows to 100 GB");
  for (const name of Object.keys(definitions)) {
    const metrics = alarmNamed(`${name}TableThrottles`)
      .metricQueries.filter((q: any) => q.metric)
      .map((q: any) => [q.metric.metricName, unwrap(q.metric.dimensions).TableName]);
    const table = unwrap(one("aws:dynamodb/table:Table", `${name}Table`).inputs.name);
    assert.deepEqual(metrics, [
      ["ReadThrottleEvents", table],
      ["WriteThrottleEvents", table],
    ]);
  }
});

test("a dashboard shows the SLO, every alarm, the business metrics and the consumers' lag", () => {
  const dashboards = ofType("aws:cloudwatch/dashboard:Dashboard");
  assert.equal(dashboards.length, 1);
  assert.equal(dashboards[0]!.inputs.dashboardName, "carebeat-test");
  const body = JSON.parse(unwrap(dashboards[0]!.inputs.dashboardBody));
  const widgets = body.widgets as any[];
  const alarmWidget = widgets.find((w) => w.type === "alarm");
  assert.equal(alarmWidget.properties.alarms.length, ofType(T.alarm).length, "every alarm is listed");
  const titles = widgets.map((w) => w.properties.title);
  for (const t of [
    "API latency (SLO p95 < 500 ms)",
    "Lambda errors",
    "Billing executions",
    "Kafka consumer lag (OffsetLag)",
    "DynamoDB throttles",
    "Push latency (batch → subscribers)",
  ])
    assert.ok(titles.includes(t), t);
  const metricNames = JSON.stringify(widgets.flatMap((w) => w.properties.metrics ?? []));
  for (const m of ["BookingsCreated", "InvoicesIssued", "BillingFailures", "EventsApplied", "DuplicatesSkipped", "PushLatency", "OffsetLag", "ExecutionsFailed", "p95"])
    assert.ok(metricNames.includes(`"${m}"`), m);
  for (const w of widgets) assert.ok(w.x + w.width <= 24 && w.y >= 0, "laid out on the 24-column grid");
});

test("a budget per stage notifies the alarm topic (80 % actual, 100 % forecast)", async () => {
  const { monthlyBudgetUsd } = await import("../../stacks/cost");
  for (const [stage, recs, limit] of [
    ["test", created, String(monthlyBudgetUsd("test", true))],
    ["production", production(), "1500"],
  ] as const) {
    const budgets = recs.filter((r) => r.type === T.budget);
    assert.equal(budgets.length, 1, stage);
    const b = budgets[0]!.inputs;
    assert.deepEqual([b.budgetType, b.timeUnit, b.limitUnit, b.limitAmount, b.name], ["COST", "MONTHLY", "USD", limit, `carebeat-${stage}`]);
    assert.deepEqual(b.costFilters, [{ name: "TagKeyValue", values: [`user:sst:stage$${stage}`] }]);
    assert.deepEqual(
      b.notifications.map((n: any) => [n.notificationType, n.threshold, n.subscriberSnsTopicArns]),
      [
        ["ACTUAL", 80, [TOPIC_ARN]],
        ["FORECASTED", 100, [TOPIC_ARN]],
      ],
    );
  }
});

test("edge: a CLOUDFRONT web ACL with AWS common + known-bad-inputs rules and an /api/auth/ rate rule, on the Router's distribution", () => {
  for (const [stage, recs, perIp, auth] of [
    ["test", created, 2000, 100],
    ["production", production(), 10000, 300],
  ] as const) {
    const acls = recs.filter((r) => r.type === T.waf);
    assert.equal(acls.length, 1, stage);
    const acl = acls[0]!;
    assert.equal(acl.inputs.scope, "CLOUDFRONT");
    assert.deepEqual(acl.inputs.defaultAction, { allow: {} });
    const rules = Object.fromEntries((acl.inputs.rules as any[]).map((r) => [r.name, r]));
    assert.equal(rules.AWSManagedRulesCommonRuleSet?.statement.managedRuleGroupStatement.vendorName, "AWS");
    assert.equal(rules.AWSManagedRulesKnownBadInputsRuleSet?.statement.managedRuleGroupStatement.name, "AWSManagedRulesKnownBadInputsRuleSet");
    assert.equal(rules.RateLimitPerIP?.statement.rateBasedStatement.limit, perIp);
    const authRule = rules.AuthRateLimitPerIP?.statement.rateBasedStatement;
    assert.equal(authRule?.limit, auth, `${stage}: auth rate limit`);
    assert.deepEqual(authRule.scopeDownStatement.byteMatchStatement.fieldToMatch, { uriPath: {} });
    assert.equal(authRule.scopeDownStatement.byteMatchStatement.positionalConstraint, "STARTS_WITH");
    assert.equal(authRule.scopeDownStatement.byteMatchStatement.searchString, "/api/auth/");
    assert.deepEqual(rules.AuthRateLimitPerIP.action, { block: {} });
    const priorities = (acl.inputs.rules as any[]).map((r) => r.priority);
    assert.equal(new Set(priorities).size, priorities.length, "unique priorities");
  }
  const distribution = ofType("aws:cloudfront/distribution:Distribution")[0]!;
  assert.equal(unwrap(distribution.inputs.webAclId), `arn:aws:mock:us-east-1:123456789012:${ofType(T.waf)[0]!.name}`, "the web ACL is on the distribution");
  // (Wrapped as a secret: its viewer-request function carries the origin-verify value.)
  assert.ok(unwrap(distribution.inputs.defaultCacheBehavior).responseHeadersPolicyId, "the security headers policy is still there");
});

test("edge: API Gateway throttling per stage on the HTTP and the WebSocket API", () => {
  const limits = (recs: Rec[]) =>
    Object.fromEntries(
      recs.filter((r) => r.type === T.stage).map((s) => [s.name, [s.inputs.defaultRouteSettings?.throttlingRateLimit, s.inputs.defaultRouteSettings?.throttlingBurstLimit]]),
    );
  assert.deepEqual(limits(created), { ApiStage: [50, 100], RealtimeStage: [20, 50] });
  assert.deepEqual(limits(production()), { ApiStage: [500, 1000], RealtimeStage: [200, 500] });
});

test("every function: a log group kept 2 weeks (a year in production), X-Ray active tracing and its permissions", () => {
  for (const [stage, recs, days] of [
    ["test", created, 14],
    ["production", production(), 365],
  ] as const) {
    const fns = recs.filter((r) => r.type === T.fn);
    const groups = new Map(recs.filter((r) => r.type === T.logGroup).map((g) => [g.name, g.inputs]));
    for (const fn of fns) {
      const group = groups.get(fn.name.replace(/Function$/, "LogGroup"));
      assert.ok(group, `${stage}: ${fn.name} has its log group`);
      assert.equal(group.retentionInDays, days, `${stage}: ${fn.name} retention`);
      assert.equal(fn.inputs.tracingConfig?.mode, "Active", `${stage}: ${fn.name} traced`);
    }
    // The API Gateway access logs and the billing state machine's log group follow the same rule.
    for (const name of ["ApiAccessLog", "RealtimeAccessLog", "BillingWorkflowLogs"]) assert.equal(groups.get(name)?.retentionInDays, days, `${stage}: ${name}`);
  }
  const policies = JSON.stringify(created.filter((c) => c.type === "aws:iam/role:Role").map((r) => r.inputs));
  assert.match(policies, /xray:PutTraceSegments/);
  const machine = one("aws:sfn/stateMachine:StateMachine", "BillingWorkflow");
  assert.deepEqual(machine.inputs.tracingConfiguration, { enabled: true });
});

// ---- Capacity and bundling (ops3: docs/capacity.md, bench/lambdas.ts) ----

test("capacity: every function holding PostgreSQL connections is bounded, and together they fit max_connections", async () => {
  const { MAX_CONNECTIONS, dbInstanceClass } = await import("../../stacks/capacity");
  const instance = dbInstanceClass("test");
  assert.equal(ofType("aws:rds/instance:Instance")[0]!.inputs.instanceClass, `db.${instance}`);
  let peak = 5; // RDS's own reserved sessions
  const unbounded: string[] = [];
  for (const b of builds.filter((x) => "Database" in x.links)) {
    const fn = ofType("aws:lambda/function:Function").find((f) => f.name === `${b.functionID}Function`);
    assert.ok(fn, `function resource for ${b.functionID}`);
    const pool = Number(unwrap(fn.inputs.environment?.variables)?.CAREBEAT_DB_POOL ?? 5);
    const reserved = fn.inputs.reservedConcurrentExecutions;
    if (typeof reserved === "number") peak += reserved * pool;
    else unbounded.push(b.functionID);
  }
  // The migrator runs once per deploy; Analytics is driven by its MSK mapping: one batch per partition.
  assert.deepEqual(unbounded.sort(), ["Analytics", "Migrator"]);
  peak += 1 + 6;
  assert.ok(peak <= MAX_CONNECTIONS[instance], `peak ${peak} connections ≤ ${MAX_CONNECTIONS[instance]} on ${instance}`);
  assert.equal(one("aws:lambda/function:Function", "ApiHandlerFunction").inputs.reservedConcurrentExecutions > 10, true, "the API keeps most of the budget");
});

test("capacity: production's reservations fit db.m7g.large and leave Lambda's 100 unreserved", async () => {
  const { MAX_CONNECTIONS, dbConcurrency, peakConnections } = await import("../../stacks/capacity");
  for (const instance of ["t4g.micro", "m7g.large"] as const) {
    assert.ok(peakConnections(instance) <= MAX_CONNECTIONS[instance], instance);
    const c = dbConcurrency(instance);
    const reserved =
      c.api +
      5 * c.billingTask +
      c.renderPdf +
      c.realtimeDefault +
      2 /* relay */ +
      1 /* sweeper */ +
      1 /* mail sender */ +
      2 /* notifications */ +
      2 /* reminder check */ +
      1; /* SES events */
    assert.ok(reserved <= 1000 - 100, `${instance}: ${reserved} reserved of the default 1,000`);
  }
  assert.ok(dbConcurrency("m7g.large").api >= 300, "production API: ~9,000 requests/s at ~35 ms each");
});

test("bundling: every function gets the project's esbuild plugins and its splitting; every handler is one bench/lambdas.ts measures", async () => {
  const { ESBUILD_PLUGINS, INSTALL, SPLITTING, handlerFile } = await import("../../packages/functions/build/bundling");
  const { lambdaHandlers } = await import("../../packages/functions/build/handlers");
  const measured = new Set(lambdaHandlers(process.cwd()));
  for (const b of builds) {
    assert.equal((b.properties as any).plugins, ESBUILD_PLUGINS, b.functionID);
    const file = handlerFile(b.handler);
    assert.ok(measured.has(file), `${b.functionID}: ${file} is measured by npm run bench`);
    assert.deepEqual(Object.keys(b.properties.install ?? {}).sort(), [...(INSTALL[file] ?? [])].sort(), `${b.functionID} installs`);
    assert.equal(Boolean((b.properties as any).splitting), SPLITTING.includes(file), `${b.functionID} splitting`);
  }
  // The API's domains are chunks loaded on first use (packages/functions/src/api/domains.ts).
  assert.equal((build("ApiHandler").properties as any).splitting, true, "the API is bundled with splitting");
});

test("API paths: the gateway routes and the router's paths come from packages/functions/src/api/paths.ts", async () => {
  const { API_ROUTES, API_PREFIXES } = await import("../../packages/functions/src/api/paths");
  const routes = created.filter((c) => c.type === "aws:apigatewayv2/route:Route" && /^(ANY|GET) \//.test(c.inputs.routeKey)).map((r) => r.inputs.routeKey);
  assert.deepEqual([...new Set(routes)].sort(), [...API_ROUTES].sort());
  // FHIR R4 (docs/fhir.md) is served by the same Lambda in both homes: its gateway route and router path.
  assert.ok(routes.includes("ANY /fhir/{proxy+}"), "API Gateway routes /fhir/*");
  assert.ok(
    ofType("sst:aws:RouterUrlRoute").some((c) => c.name.replace("RouterRoute", "") === "/fhir"),
    "CloudFront sends /fhir to the API",
  );
  assert.deepEqual(
    ofType("sst:aws:RouterUrlRoute")
      .map((c) => c.name.replace("RouterRoute", ""))
      .sort(),
    [...API_PREFIXES].sort(),
  );
});

test("edge: CloudFront writes the per-stage origin-verify value the API Lambda is linked to, so the execute-api URL alone is refused (issue 23.8)", async () => {
  const { ORIGIN_VERIFY_HEADER } = await import("../../packages/functions/src/api/origin-verify");
  // HMAC-SHA256 of the stage's JwtSigningKey secret (the harness sets it), under a fixed label.
  const { createHmac } = await import("node:crypto");
  const expected = createHmac("sha256", process.env.SST_SECRET_JwtSigningKey!).update("carebeat/origin-verify/v1").digest("base64url");
  assert.equal(expected.length, 43, "256 bits, base64url: a plain header value");
  assert.ok(!expected.includes(process.env.SST_SECRET_JwtSigningKey!), "the key itself is never the value");
  // No @pulumi/random: sst install evaluates the config before the platform holds it.
  assert.deepEqual(
    created.filter((c) => c.type.startsWith("random:") && /Origin/.test(c.name)).map((c) => c.name),
    [],
  );
  // The Router's viewer-request function (every request, before SST's routing code) sets it.
  const functions = ofType("aws:cloudfront/function:Function").filter((f) => String(unwrap(f.inputs.code)).includes(ORIGIN_VERIFY_HEADER));
  assert.equal(functions.length, 1, `one viewer-request function sets ${ORIGIN_VERIFY_HEADER}`);
  const code = String(unwrap(functions[0]!.inputs.code));
  assert.ok(code.includes(`event.request.headers[${JSON.stringify(ORIGIN_VERIFY_HEADER)}] = { value: "${expected}" };`), code.slice(0, 400));
  assert.ok(code.indexOf(ORIGIN_VERIFY_HEADER) < code.indexOf("getRoutes"), "written before routing, on every request");
  // The API Lambda checks the same value (Resource.OriginVerify.value).
  assert.equal(build("ApiHandler").links.OriginVerify!.value, expected);
  // Nothing else is linked to it: only the API needs it.
  assert.deepEqual(
    builds.filter((b) => "OriginVerify" in b.links).map((b) => b.functionID),
    ["ApiHandler"],
  );
});

test("MSK mappings run in provisioned poller mode, where Lambda accepts their retry and bisect settings (issue 23.2)", () => {
  // AWS, "Configuring error handling controls for Kafka event sources" (kafka-retry-configurations):
  // MaximumRetryAttempts / BisectBatchOnFunctionError on a Kafka mapping need provisioned mode.
  const mappings = ofType("aws:lambda/eventSourceMapping:EventSourceMapping");
  assert.equal(mappings.length, 5);
  for (const m of mappings) {
    const pollers = unwrap(m.inputs.provisionedPollerConfig);
    assert.ok(pollers?.minimumPollers >= 1, `${m.name}: provisioned mode (minimumPollers ≥ 1)`);
    assert.ok(pollers.maximumPollers >= pollers.minimumPollers, m.name);
    // 5 concurrent invocations per poller must cover one batch per partition.
    assert.ok(pollers.maximumPollers * 5 >= 6, `${m.name}: enough pollers for 6 partitions`);
    assert.equal(m.inputs.bisectBatchOnFunctionError, true, m.name);
  }
});

test("an SQS interface endpoint in the cluster's VPC, so the mappings' on-failure queues are reachable (issue 23.3)", () => {
  // AWS, "Capturing discarded batches for an Amazon MSK event source" (with-msk-on-failure).
  const sqs = one("aws:ec2/vpcEndpoint:VpcEndpoint", "VpcSqsEndpoint");
  assert.equal(sqs.inputs.vpcEndpointType, "Interface");
  assert.equal(sqs.inputs.serviceName, "com.amazonaws.us-east-1.sqs");
  assert.equal(sqs.inputs.privateDnsEnabled, true, "the regional SQS name resolves to the endpoint");
  assert.deepEqual(sqs.inputs.subnetIds, PRIVATE_SUBNETS, "the subnets the cluster is in");
  const cluster = one("aws:msk/serverlessCluster:ServerlessCluster", "KafkaCluster");
  assert.equal(unwrap(sqs.inputs.vpcId), unwrap(one("aws:ec2/securityGroup:SecurityGroup", "KafkaSecurityGroup").inputs.vpcId), "same VPC as the cluster");
  assert.deepEqual(cluster.inputs.vpcConfigs[0].subnetIds, sqs.inputs.subnetIds);
  const sg = one("aws:ec2/securityGroup:SecurityGroup", "VpcEndpointSecurityGroup");
  assert.deepEqual(
    sg.inputs.ingress.map((i: any) => [i.fromPort, i.toPort]),
    [[443, 443]],
  );
  assert.ok(!JSON.stringify(sg.inputs.ingress).includes("0.0.0.0/0"));
  for (const m of ofType("aws:lambda/eventSourceMapping:EventSourceMapping"))
    assert.ok(
      m.dependsOn.some((urn) => urn.endsWith("::VpcSqsEndpoint")),
      `${m.name} is created after the endpoint`,
    );
});

test("free gateway endpoints for DynamoDB and S3 on the private route tables, so that traffic skips the NAT (issue 23.12)", () => {
  for (const [name, service] of [
    ["VpcDynamoDbEndpoint", "dynamodb"],
    ["VpcS3Endpoint", "s3"],
  ] as const) {
    const e = one("aws:ec2/vpcEndpoint:VpcEndpoint", name);
    assert.equal(e.inputs.vpcEndpointType, "Gateway", name);
    assert.equal(e.inputs.serviceName, `com.amazonaws.us-east-1.${service}`, name);
    const tables = unwrap(e.inputs.routeTableIds) as string[];
    assert.equal(tables.length, 2, `${name}: both private route tables`);
    assert.ok(
      tables.every((t) => /Private/i.test(t)),
      `${name}: ${tables}`,
    );
  }
});

test("reserved concurrency fits the account: the stages sharing one account sum below its quota less 100 unreserved, scaled or off on small quotas (issue 23.5)", async () => {
  const {
    reservations,
    reservedTotal,
    accountQuota,
    UNRESERVED_MINIMUM,
    CapacityError,
    peakConnections,
    dbInstanceClass: cls,
    MAX_CONNECTIONS,
    dbConcurrency,
    POOL,
  } = await import("../../stacks/capacity");
  // The synthesized stage uses exactly what reservations() says for it.
  const r = reservations("test")!;
  assert.equal(one("aws:lambda/function:Function", "ApiHandlerFunction").inputs.reservedConcurrentExecutions, r.api);
  assert.equal(one("aws:lambda/function:Function", "EventRelayFunction").inputs.reservedConcurrentExecutions, r.relay);
  assert.equal(one("aws:lambda/function:Function", "BillingSweeperHandlerFunction").inputs.reservedConcurrentExecutions, r.sweeper);
  assert.equal(one("aws:lambda/function:Function", "MailSenderFunction").inputs.reservedConcurrentExecutions, r.mail);
  assert.equal(one("aws:lambda/function:Function", "NotificationsFunction").inputs.reservedConcurrentExecutions, r.notifications);
  assert.equal(one("aws:lambda/function:Function", "ReminderCheckFunction").inputs.reservedConcurrentExecutions, r.reminders);
  // Every layout: all stages of one account together leave 100 unreserved.
  const layouts = [
    { name: "production alone, default quota", stage: "production", quota: { concurrency: 1000, stages: 1 } },
    { name: "five previews in one account", stage: "pr-1", quota: { concurrency: 1000, stages: 5 } },
    { name: "twenty previews in one account", stage: "pr-1", quota: { concurrency: 1000, stages: 20 } },
    { name: "production beside staging", stage: "production", quota: { concurrency: 1000, stages: 2 } },
    { name: "a raised quota", stage: "production", quota: { concurrency: 3000, stages: 1 } },
    { name: "a small quota", stage: "alice", quota: { concurrency: 150, stages: 2 } },
  ];
  for (const l of layouts) {
    const mine = reservations(l.stage, l.quota);
    assert.ok(mine, l.name);
    const sum = l.quota.stages * reservedTotal(mine);
    assert.ok(sum <= l.quota.concurrency - UNRESERVED_MINIMUM, `${l.name}: ${l.quota.stages} × ${reservedTotal(mine)} = ${sum} of ${l.quota.concurrency}`);
    assert.ok(
      Object.values(mine).every((n) => Number.isInteger(n) && n >= 1),
      `${l.name}: ${JSON.stringify(mine)}`,
    );
    // Scaled reservations never exceed the connection-sized ones.
    assert.ok(mine.api <= dbConcurrency(cls(l.stage)).api, l.name);
  }
  // The default account reserves the full, connection-sized numbers.
  assert.deepEqual(reservations("production", { concurrency: 1000, stages: 1 })!.api, dbConcurrency("m7g.large").api);
  assert.ok(peakConnections(cls("production")) <= MAX_CONNECTIONS[cls("production")]);
  // A new account (quota 10): reservations off; the account itself bounds containers × pool.
  assert.equal(reservations("alice", { concurrency: 10, stages: 1 }), undefined);
  assert.ok(dbConcurrency("t4g.micro").fixed + 10 * POOL.api <= MAX_CONNECTIONS["t4g.micro"]);
  // Off but unsafe: refused with a message that says what to change.
  assert.throws(() => reservations("alice", { concurrency: 105, stages: 3 }), CapacityError);
  assert.throws(() => reservations("alice", { concurrency: 105, stages: 3 }), /CAREBEAT_STAGES_PER_ACCOUNT/);
  // The setting: defaults, and bad values refused.
  assert.deepEqual(accountQuota("production", {}), { concurrency: 1000, stages: 1 });
  assert.deepEqual(accountQuota("pr-7", {}), { concurrency: 1000, stages: 5 });
  assert.deepEqual(accountQuota("pr-7", { CAREBEAT_LAMBDA_CONCURRENCY: "10", CAREBEAT_STAGES_PER_ACCOUNT: "2" }), { concurrency: 10, stages: 2 });
  assert.throws(() => accountQuota("pr-7", { CAREBEAT_LAMBDA_CONCURRENCY: "lots" }), /CAREBEAT_LAMBDA_CONCURRENCY/);
  assert.throws(() => accountQuota("pr-7", { CAREBEAT_STAGES_PER_ACCOUNT: "0" }), /CAREBEAT_STAGES_PER_ACCOUNT/);
});

test("topics and consumer groups carry the stage, the relay adds the same prefix, and IAM grants only the stage's names (issue 23.12)", async () => {
  const { topicOf } = await import("../../packages/core/src/events/define");
  const relay = one("aws:lambda/function:Function", "EventRelayFunction");
  const prefix = unwrap(relay.inputs.environment?.variables)?.CAREBEAT_TOPIC_PREFIX;
  assert.equal(prefix, "test.");
  // What the relay's code publishes to, with the prefix the stack gives it, is a topic the deploy creates.
  const saved = process.env.CAREBEAT_TOPIC_PREFIX;
  process.env.CAREBEAT_TOPIC_PREFIX = prefix;
  try {
    const created = JSON.parse(unwrap(one("aws:lambda/invocation:Invocation", "KafkaTopicsOnDeploy").inputs.input)).topics;
    assert.ok(created.includes(topicOf("appointment.booked")) && created.includes(topicOf("invoice.issued")), `${created}`);
  } finally {
    if (saved === undefined) delete process.env.CAREBEAT_TOPIC_PREFIX;
    else process.env.CAREBEAT_TOPIC_PREFIX = saved;
  }
  assert.equal(topicOf("appointment.booked"), "appointment-events", "offline: no prefix");
  for (const m of ofType("aws:lambda/eventSourceMapping:EventSourceMapping"))
    assert.match(String(unwrap(m.inputs.amazonManagedKafkaEventSourceConfig)?.consumerGroupId), /^test\.carebeat-/, m.name);
  const policies = JSON.stringify(created.filter((c) => c.type.startsWith("aws:iam/") || c.type === "aws:lambda/function:Function").map((c) => c.inputs));
  // (The mock cluster ARN has no ":cluster/" for within() to turn into ":topic/"; the suffix is what matters.)
  assert.ok(!policies.includes('KafkaCluster/*\\"'), "no grant on every topic of the cluster");
  assert.ok(policies.includes("KafkaCluster/test.*"), "grants name the stage's topics");
  assert.ok(policies.includes("KafkaCluster/test.carebeat-analytics") && policies.includes("KafkaCluster/test.carebeat-invoice-push"), "and its groups");
});

test("every stage's budget sits above what it costs idle, and sharing a cluster is what makes previews cheap (issue 23.12)", async () => {
  const { monthlyFloor, monthlyBudgetUsd, DB_INITIAL_GB, PRICES, HOURS, ALARMS } = await import("../../stacks/cost");
  const alarms = ofType("aws:cloudwatch/metricAlarm:MetricAlarm").length;
  assert.ok(alarms > 0 && alarms <= ALARMS, `the floor prices ${ALARMS} alarms; the stage has ${alarms}`);
  assert.equal(ofType("aws:rds/instance:Instance")[0]!.inputs.allocatedStorage, DB_INITIAL_GB, "the floor prices the storage SST allocates");
  for (const [stage, owns] of [
    ["production", true],
    ["staging", true],
    ["pr-42", false],
    ["alice", false],
  ] as const) {
    const floor = monthlyFloor(stage, owns);
    assert.ok(monthlyBudgetUsd(stage, owns) >= floor.total * 1.1, `${stage}: budget ${monthlyBudgetUsd(stage, owns)} above floor ${floor.total}`);
  }
  // The cluster alone passes a flat 100: a stage that owns one gets a budget that says so.
  assert.ok(PRICES.mskClusterHour * HOURS > 100);
  assert.ok(monthlyFloor("staging", true).total > 500);
  // A stage sharing another's VPC and cluster costs a tenth or less.
  assert.ok(monthlyFloor("pr-42", false).total * 10 < monthlyFloor("pr-42", true).total, JSON.stringify(monthlyFloor("pr-42", false)));
  assert.equal(monthlyBudgetUsd("pr-42", false), 100);
});

test("the stacks import no package: `sst install` evaluates the config on a fresh checkout, before .sst/platform holds any", () => {
  // A stacks/edge.ts that imported @pulumi/random passed every mocks test here (the platform was
  // already installed) and broke `npm test` on a clean clone: ERR_MODULE_NOT_FOUND from sst install.
  // Only Node built-ins, relative files, and the globals SST injects (sst, aws, $util…).
  const files = [
    "sst.config.ts",
    ...fs
      .readdirSync("stacks")
      .filter((f) => f.endsWith(".ts"))
      .map((f) => `stacks/${f}`),
  ];
  const bare: string[] = [];
  for (const file of files) {
    const src = fs.readFileSync(file, "utf8");
    for (const m of src.matchAll(/(?:^|\n)\s*(?:import|export)[^;]*?from\s+"([^"]+)"|import\("([^"]+)"\)/g)) {
      const spec = m[1] ?? m[2]!;
      if (!spec.startsWith(".") && !spec.startsWith("node:")) bare.push(`${file}: ${spec}`);
    }
  }
  assert.deepEqual(bare, []);
});
