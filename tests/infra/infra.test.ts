import { test, before } from "node:test";
import assert from "node:assert/strict";
import { synth, appConfig, type Rec, type Build } from "./harness";
import { tables as definitions, type TableDefinition } from "../../packages/core/src/dynamo/tables";
import { definition as billingDefinition, billingTasks, billingTaskNames, type TaskArns } from "../../packages/core/src/billing/workflow";

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
/** Mocked inputs that were Outputs may arrive wrapped as { <secret-sig>: ..., value }. */
const unwrap = (v: any) => (v && typeof v === "object" && "value" in v && Object.keys(v).length <= 3 ? v.value : v);
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

test("the config only makes CLI calls the harness answers", () => {
  assert.deepEqual(unknownRpc, []);
});

test("DynamoDB tables are exactly the shared definitions", () => {
  assert.deepEqual(
    ofType("aws:dynamodb/table:Table").map((t) => t.name).sort(),
    Object.keys(definitions).map((n) => `${n}Table`).sort(),
  );
  for (const [name, def] of Object.entries(definitions as Record<string, TableDefinition>)) {
    const table = one("aws:dynamodb/table:Table", `${name}Table`);
    assert.equal(table.inputs.hashKey, def.primaryIndex.hashKey, `${name} hash key`);
    assert.equal(table.inputs.rangeKey, def.primaryIndex.rangeKey, `${name} range key`);
    const gsis = (table.inputs.globalSecondaryIndexes ?? [])
      .map((g: any) => [g.name, g.hashKey, g.rangeKey, g.projectionType])
      .sort();
    const expected = Object.entries(def.globalIndexes ?? {})
      .map(([n, g]) => [n, g.hashKey, g.rangeKey, g.projection === "keys-only" ? "KEYS_ONLY" : "ALL"])
      .sort();
    assert.deepEqual(gsis, expected, `${name} global indexes`);
    const attributes = (table.inputs.attributes as { name: string }[]).map((a) => a.name).sort();
    assert.deepEqual(attributes, Object.keys(def.fields).sort(), `${name} attributes`);
    assert.equal(table.inputs.ttl?.attributeName, def.ttl, `${name} ttl`);
    assert.equal(table.inputs.pointInTimeRecovery?.enabled, true, `${name} has point-in-time recovery`);
    assert.equal(table.inputs.deletionProtectionEnabled, false, "deletion protection only in production");
  }
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
  assert.deepEqual(created.filter((c) => /bastion/i.test(c.name)).map((c) => c.name), []);
});

/** The mocked id of the one API Gateway v2 API of this protocol (HTTP or WEBSOCKET). */
const apiIdOf = (protocol: "HTTP" | "WEBSOCKET") => {
  const apis = ofType("aws:apigatewayv2/api:Api").filter((a) => a.inputs.protocolType === protocol);
  assert.equal(apis.length, 1, `one ${protocol} API`);
  return `${apis[0]!.name}-id`;
};
const onApi = (type: string, protocol: "HTTP" | "WEBSOCKET") => ofType(type).filter((r) => unwrap(r.inputs.apiId) === apiIdOf(protocol));

test("the API routes are exactly these, all to the one API function", () => {
  const routes = onApi("aws:apigatewayv2/route:Route", "HTTP").map((r) => r.inputs.routeKey).sort();
  assert.deepEqual(routes, ["ANY /api/{proxy+}", "GET /docs", "GET /docs/interactive", "GET /health", "GET /openapi.json"]);
  const integrations = onApi("aws:apigatewayv2/integration:Integration", "HTTP").map((i) => unwrap(i.inputs.integrationUri));
  assert.equal(integrations.length, routes.length);
  assert.equal(new Set(integrations).size, 1, "every route integrates the same Lambda");
  assert.match(String(integrations[0]), /ApiHandler/);
});

test("every Lambda runs nodejs22.x", () => {
  const fns = ofType("aws:lambda/function:Function");
  assert.deepEqual(fns.map((f) => f.name).sort(), [
    "AnalyticsFunction",
    "ApiHandlerFunction",
    "BillingSweeperHandlerFunction",
    "EventRelayFunction",
    "InvoicePushFunction",
    "KafkaTopicsFunction",
    "MigratorFunction",
    "RealtimeRouteConnectHandlerFunction",
    "RealtimeRouteDefaultHandlerFunction",
    "RealtimeRouteDisconnectHandlerFunction",
    ...Object.values(billingTasks).map((t) => `${t.functionName}Function`),
  ].sort());
  for (const f of fns) assert.equal(f.inputs.runtime, "nodejs22.x", f.name);
  for (const b of builds) assert.equal(b.runtime, "nodejs22.x", b.functionID);
});

test("the API function: in the VPC, sized, linked to the database, key, tables and bucket", () => {
  const fn = one("aws:lambda/function:Function", "ApiHandlerFunction");
  assert.equal(fn.inputs.memorySize, 1024);
  assert.equal(fn.inputs.timeout, 20);
  assert.deepEqual(fn.inputs.vpcConfig?.subnetIds, PRIVATE_SUBNETS);
  assert.equal(fn.inputs.environment?.variables?.CAREBEAT_DB_SSL, "require");
  const api = build("ApiHandler");
  assert.equal(api.handler, "packages/functions/src/api.handler");
  assert.deepEqual(
    Object.keys(api.links).sort(),
    ["BillingWorkflow", "Database", "EventRelay", "Invoices", "JwtSigningKey", ...Object.keys(definitions)].sort(),
  );
  // What the app reads as Resource.Database.{host,port,username,password,database}.
  for (const key of ["host", "port", "username", "password", "database"]) {
    assert.notEqual(api.links.Database![key], undefined, `Database link has ${key}`);
  }
  assert.ok("value" in api.links.JwtSigningKey!, "Resource.JwtSigningKey.value");
  assert.ok(api.properties.install && "@node-rs/argon2" in api.properties.install, "argon2 installed, not bundled");
  const policies = JSON.stringify(created.filter((c) => c.type.startsWith("aws:iam/")).map((c) => c.inputs));
  assert.match(policies, /dynamodb:\*/, "DynamoDB permissions from the table links");
  assert.match(policies, /s3:\*/, "S3 permissions from the bucket link");
});

test("migrations run on every deploy, in AWS, before the API code is published", () => {
  const fn = one("aws:lambda/function:Function", "MigratorFunction");
  const env = fn.inputs.environment?.variables ?? {};
  assert.equal(env.CAREBEAT_MIGRATIONS_DIR, "/var/task/migrations");
  assert.equal(env.CAREBEAT_DB_SSL, "require");
  assert.deepEqual(fn.inputs.vpcConfig?.subnetIds, PRIVATE_SUBNETS);
  const migrator = build("Migrator");
  assert.equal(migrator.handler, "packages/functions/src/migrate.handler");
  assert.deepEqual(Object.keys(migrator.links), ["Database"]);
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
  assert.ok(api.dependsOn.some((urn) => urn.endsWith("::MigrateOnDeploy")), `API Lambda waits for the migration: ${api.dependsOn}`);
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
  const apiPaths = ofType("sst:aws:RouterUrlRoute").map((c) => c.name.replace("RouterRoute", "")).sort();
  assert.deepEqual(apiPaths, ["/api", "/docs", "/health", "/openapi.json"]);
  const policy = one("aws:cloudfront/cachePolicy:CachePolicy", "RouterServerCachePolicy");
  const headers = policy.inputs.parametersInCacheKeyAndForwardedToOrigin.headersConfig;
  assert.equal(headers.headerBehavior, "whitelist");
  assert.ok(headers.headers.items.includes("authorization"), "Bearer tokens are forwarded on GET");
  assert.equal(policy.inputs.defaultTtl, 0, "API responses are not cached unless they say so");
  assert.deepEqual(Object.keys(sites), ["Web"]);
  assert.equal(sites.Web.path, "web");
  assert.deepEqual(sites.Web.build, { command: "npm run build", output: "dist" });
  assert.ok(sites.Web.router?.instance, "the site is served through the router");
  assert.deepEqual(Object.keys(outputs).sort(), ["api", "database", "migrated", "realtime", "site", "url"]);
});

test("an alarm watches the API function's errors", () => {
  const alarm = one("aws:cloudwatch/metricAlarm:MetricAlarm", "ApiErrors");
  assert.equal(alarm.inputs.metricName, "Errors");
  assert.equal(alarm.inputs.namespace, "AWS/Lambda");
  const fn = one("aws:lambda/function:Function", "ApiHandlerFunction");
  assert.equal(unwrap(alarm.inputs.dimensions)?.FunctionName, unwrap(fn.inputs.name));
});

// ---- Realtime (stacks/realtime.ts, docs/realtime.md) ----

test("the WebSocket API: routes $connect, $disconnect and $default, each to its own handler", () => {
  const api = ofType("aws:apigatewayv2/api:Api").find((a) => a.inputs.protocolType === "WEBSOCKET");
  assert.equal(api?.inputs.routeSelectionExpression, "$request.body.action");
  const routes = onApi("aws:apigatewayv2/route:Route", "WEBSOCKET");
  assert.deepEqual(routes.map((r) => r.inputs.routeKey).sort(), ["$connect", "$default", "$disconnect"]);
  const integrations = onApi("aws:apigatewayv2/integration:Integration", "WEBSOCKET").map((i) => String(unwrap(i.inputs.integrationUri)));
  for (const route of ["Connect", "Disconnect", "Default"]) {
    assert.equal(integrations.filter((uri) => uri.includes(`RealtimeRoute${route}Handler`)).length, 1, `${route} integration`);
  }
  const handlers = Object.fromEntries(builds.filter((b) => b.functionID.startsWith("RealtimeRoute")).map((b) => [b.functionID, b]));
  assert.equal(handlers.RealtimeRouteConnectHandler?.handler, "packages/functions/src/realtime/connect.handler");
  assert.equal(handlers.RealtimeRouteDisconnectHandler?.handler, "packages/functions/src/realtime/disconnect.handler");
  assert.equal(handlers.RealtimeRouteDefaultHandler?.handler, "packages/functions/src/realtime/default.handler");
});

test("realtime links: $connect gets the key and the table; pushers get Resource.Realtime and ManageConnections", () => {
  const links = (id: string) => Object.keys(build(id).links).sort();
  assert.deepEqual(links("RealtimeRouteConnectHandler"), ["Connections", "JwtSigningKey"]);
  assert.deepEqual(links("RealtimeRouteDisconnectHandler"), ["Connections"]);
  assert.deepEqual(links("RealtimeRouteDefaultHandler"), ["Connections", "Database", "Realtime"]);
  assert.deepEqual(links("InvoicePush"), ["Connections", "Realtime"]);
  const realtime = build("InvoicePush").links.Realtime!;
  assert.ok("url" in realtime && "managementEndpoint" in realtime, "Resource.Realtime.{url,managementEndpoint}");
  assert.equal(build("InvoicePush").handler, "packages/functions/src/realtime/invoice-push.handler");
  const policies = JSON.stringify(created.filter((c) => c.type.startsWith("aws:iam/")).map((c) => c.inputs));
  assert.match(policies, /execute-api:ManageConnections/);
  // $default reads the analytics snapshot from PostgreSQL; the others stay out of the VPC.
  const fn = (name: string) => one("aws:lambda/function:Function", name);
  assert.deepEqual(fn("RealtimeRouteDefaultHandlerFunction").inputs.vpcConfig?.subnetIds, PRIVATE_SUBNETS);
  assert.equal(fn("RealtimeRouteDefaultHandlerFunction").inputs.environment?.variables?.CAREBEAT_DB_SSL, "require");
  for (const name of ["RealtimeRouteConnectHandlerFunction", "RealtimeRouteDisconnectHandlerFunction", "InvoicePushFunction"]) {
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
  assert.deepEqual(sg.inputs.ingress.map((i: any) => [i.fromPort, i.toPort]), [[9098, 9098]]);
  assert.ok(!JSON.stringify(sg.inputs.ingress).includes("0.0.0.0/0"), "not open to the internet");
});

test("topics are created on every deploy by a function (MSK Serverless has no auto-create)", () => {
  const inv = one("aws:lambda/invocation:Invocation", "KafkaTopicsOnDeploy");
  assert.deepEqual(JSON.parse(unwrap(inv.inputs.input)).topics, ["appointment-events", "invoice-events"]);
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
  const rule = ofType("aws:cloudwatch/eventRule:EventRule").find((r) => r.name.startsWith("EventRelaySweep"));
  assert.equal(rule?.inputs.scheduleExpression, "rate(1 minute)");
  const policies = JSON.stringify(created.filter((c) => c.type.startsWith("aws:iam/")).map((c) => c.inputs));
  assert.match(policies, /kafka-cluster:WriteData/);
  assert.match(policies, /kafka:GetBootstrapBrokers/);
});

test("event source mappings: analytics and invoice push, TRIM_HORIZON, no batching wait, failures to SQS", () => {
  const mappings = ofType("aws:lambda/eventSourceMapping:EventSourceMapping");
  const byTopic: Record<string, Rec> = Object.fromEntries(mappings.map((m) => [m.inputs.topics?.[0], m]));
  assert.deepEqual(Object.keys(byTopic).sort(), ["appointment-events", "invoice-events"]);
  for (const [topic, m] of Object.entries(byTopic)) {
    assert.equal(m.inputs.startingPosition, "TRIM_HORIZON", topic);
    assert.equal(m.inputs.batchSize, 500, topic);
    assert.equal(m.inputs.maximumBatchingWindowInSeconds, 0, topic);
    assert.equal(m.inputs.maximumRetryAttempts, 10, topic);
    assert.ok(String(unwrap(m.inputs.destinationConfig?.onFailure?.destinationArn)).includes("Failures"), `${topic} on-failure queue`);
    assert.match(String(unwrap(m.inputs.eventSourceArn)), /KafkaCluster/, `${topic} reads the MSK cluster`);
  }
  assert.match(String(unwrap(byTopic["appointment-events"]!.inputs.functionName)), /Analytics/);
  assert.match(String(unwrap(byTopic["invoice-events"]!.inputs.functionName)), /InvoicePush/);
  assert.equal(build("Analytics").handler, "packages/functions/src/analytics/handler.handler");
  assert.deepEqual(Object.keys(build("Analytics").links).sort(), ["Connections", "Database", "Realtime"]);
  const policies = JSON.stringify(created.filter((c) => c.type.startsWith("aws:iam/")).map((c) => c.inputs));
  for (const action of ["kafka-cluster:ReadData", "kafka-cluster:AlterGroup", "ec2:CreateNetworkInterface", "sqs:SendMessage"]) assert.ok(policies.includes(action), action);
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

test("billing: the machine's role may invoke exactly its task functions", () => {
  const policy = JSON.parse(unwrap(one("aws:iam/rolePolicy:RolePolicy", "BillingWorkflowPolicy").inputs.policy));
  const invoke = policy.Statement.filter((s: any) => [].concat(s.Action).some((a: string) => a.startsWith("lambda:")));
  assert.equal(invoke.length, 1);
  assert.deepEqual(invoke[0].Action, ["lambda:InvokeFunction"]);
  const expected = Object.values(mockTaskArns()).flatMap((a) => [a, `${a}:*`]).sort();
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

test("billing: the API links BillingWorkflow and may only start, describe, read history and redrive on it", () => {
  const api = build("ApiHandler");
  assert.equal(api.links.BillingWorkflow!.arn, "arn:aws:mock:us-east-1:123456789012:BillingWorkflow");
  const statesActions = created
    .filter((c) => c.type.startsWith("aws:iam/"))
    .flatMap((c) => JSON.stringify(c.inputs).match(/states:[A-Za-z]+/g) ?? []);
  assert.deepEqual([...new Set(statesActions)].sort(), ["states:DescribeExecution", "states:GetExecutionHistory", "states:RedriveExecution", "states:StartExecution"]);
  const iam = JSON.stringify(created.filter((c) => c.type.startsWith("aws:iam/")).map((c) => c.inputs));
  assert.ok(!/states:\*/.test(iam), "no states:* anywhere");
  assert.match(iam, /arn:aws:mock:us-east-1:123456789012:BillingWorkflow/);
  // Executions: the machine ARN with :stateMachine: → :execution: (the mock ARN has neither), plus :*.
  assert.match(iam, /arn:aws:mock:us-east-1:123456789012:BillingWorkflow:\*/);
});

test("billing: a sweeper cron starts forgotten executions", () => {
  const b = build("BillingSweeperHandler");
  assert.equal(b.handler, "packages/functions/src/billing/sweep.handler");
  assert.deepEqual(Object.keys(b.links).sort(), ["BillingWorkflow", "Database"]);
  const schedules = created.filter((c) => /schedule/i.test(c.type) && /BillingSweeper/.test(c.name));
  assert.ok(schedules.some((s) => JSON.stringify(s.inputs).includes("rate(5 minutes)")), JSON.stringify(schedules.map((s) => s.type)));
});

test("billing: the invoice bucket is encrypted and refuses plain HTTP", () => {
  const enc = one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "InvoicesEncryption");
  assert.equal(enc.inputs.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm, "AES256");
  const policy = JSON.stringify(created.filter((c) => c.type === "aws:s3/bucketPolicy:BucketPolicy" && /Invoices/.test(c.name)).map((c) => c.inputs));
  assert.match(policy, /aws:SecureTransport/);
  assert.match(policy, /Deny/);
});
