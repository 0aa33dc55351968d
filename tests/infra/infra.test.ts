import { test, before } from "node:test";
import assert from "node:assert/strict";
import { synth, appConfig, type Rec } from "./harness";
import { tables as definitions } from "../../packages/core/src/dynamo/tables";

/**
 * The whole sst.config.ts evaluated offline under Pulumi mocks: what `sst deploy` would
 * create, asserted from the same definitions the offline runtime uses.
 */
let created: Rec[];
let outputs: Record<string, unknown>;
const ofType = (type: string) => created.filter((c) => c.type === type);
const unwrap = (v: any) => (v && typeof v === "object" && "value" in v && Object.keys(v).length <= 3 ? v.value : v);

before(async () => {
  ({ created, outputs } = await synth("test"));
});

test("stages: production retains and protects, others are removed whole", async () => {
  const prod = await appConfig("production");
  assert.equal(prod.removal, "retain");
  assert.equal(prod.protect, true);
  const dev = await appConfig("dev");
  assert.equal(dev.removal, "remove");
  assert.equal(dev.protect, false);
  assert.equal(prod.name, "carebeat");
});

test("DynamoDB tables match the shared definitions", () => {
  const tables = ofType("aws:dynamodb/table:Table");
  assert.equal(tables.length, Object.keys(definitions).length);
  for (const [name, def] of Object.entries(definitions)) {
    const table = tables.find((t) => t.name.startsWith(name));
    assert.ok(table, `table ${name}`);
    assert.equal(table.inputs.hashKey, def.primaryIndex.hashKey);
    assert.equal(table.inputs.rangeKey, (def.primaryIndex as { rangeKey?: string }).rangeKey);
    const gsis = (table.inputs.globalSecondaryIndexes ?? []).map((g: any) => [g.name, g.hashKey, g.rangeKey]).sort();
    const expected = Object.entries(("globalIndexes" in def ? def.globalIndexes : {}) as Record<string, { hashKey: string; rangeKey?: string }>)
      .map(([n, g]) => [n, g.hashKey, g.rangeKey])
      .sort();
    assert.deepEqual(gsis, expected);
    assert.equal(table.inputs.pointInTimeRecovery?.enabled, true, "clinic data has point-in-time recovery");
  }
});

test("one PostgreSQL instance in the VPC", () => {
  const dbs = ofType("aws:rds/instance:Instance");
  assert.equal(dbs.length, 1);
  assert.equal(dbs[0]!.inputs.engine, "postgres");
  assert.ok(ofType("aws:ec2/vpc:Vpc").length === 1);
});

test("the API routes are exactly the declared ones, all to one function", async () => {
  // Imported after synth: stacks/ only evaluate once the SST globals exist.
  const { apiRoutes } = await import("../../stacks/api");
  const routes = ofType("aws:apigatewayv2/route:Route").map((r) => r.inputs.routeKey).sort();
  assert.deepEqual(routes, [...apiRoutes].sort());
  // Mocked outputs arrive wrapped as { <secret-sig>, value }.
  const integrations = ofType("aws:apigatewayv2/integration:Integration").map((i) => unwrap(i.inputs.integrationUri));
  assert.ok(integrations.length >= 1);
  assert.match(String(integrations[0]), /ApiHandler/);
  assert.equal(new Set(integrations).size, 1, "every route integrates the same Lambda");
});

test("every Lambda runs nodejs22.x", () => {
  const fns = ofType("aws:lambda/function:Function");
  assert.ok(fns.length >= 2, `functions: ${fns.map((f) => f.name)}`);
  for (const f of fns) assert.equal(f.inputs.runtime, "nodejs22.x", f.name);
});

test("the API function is linked to the database, the signing key, the tables and the bucket", () => {
  const fn = ofType("aws:lambda/function:Function").find((f) => f.name.startsWith("ApiHandler"));
  assert.ok(fn, "ApiHandler function");
  const env = fn.inputs.environment?.variables ?? {};
  assert.equal(env.CAREBEAT_DB_SSL, "require");
  assert.ok(fn.inputs.vpcConfig?.subnetIds, "runs in the VPC");
  const policies = JSON.stringify(created.filter((c) => c.type.startsWith("aws:iam/")).map((c) => c.inputs));
  assert.match(policies, /dynamodb:\*/, "DynamoDB permissions from the table links");
  assert.match(policies, /s3:\*/, "S3 permissions from the bucket link");
});

test("migrations run on every deploy through the migrate function", () => {
  const inv = ofType("aws:lambda/invocation:Invocation");
  assert.equal(inv.length, 1);
  assert.ok(inv[0]!.inputs.triggers?.deployedAt);
  const migrator = ofType("aws:lambda/function:Function").find((f) => f.name.startsWith("Migrator"));
  assert.ok(migrator);
  assert.equal(migrator.inputs.environment?.variables?.CAREBEAT_MIGRATIONS_DIR, "migrations");
});

test("the JWT signing key is a secret and the invoice bucket is private", () => {
  assert.ok(created.some((c) => c.type === "sst:sst:Secret" && c.name === "JwtSigningKey"), "JwtSigningKey secret");
  const buckets = ofType("aws:s3/bucketV2:BucketV2").concat(ofType("aws:s3/bucket:Bucket"));
  assert.ok(buckets.some((b) => b.name.startsWith("Invoices")), "Invoices bucket");
  const blocks = ofType("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").filter((b) => b.name.startsWith("Invoices"));
  assert.ok(blocks.length >= 1 && blocks.every((b) => unwrap(b.inputs.blockPublicAcls) === true), "public access blocked");
});

test("site and API share one CloudFront origin (Router)", () => {
  assert.ok(ofType("aws:cloudfront/distribution:Distribution").length >= 1);
  assert.ok(Object.keys(outputs).includes("url"));
});
