import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { waitUntilTableExists, DynamoDBClient, CreateTableCommand, DescribeTableCommand, DeleteTableCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import { tables } from "@carebeat/core/dynamo";
import { createId } from "@carebeat/core/util/id";
import { nameKey, givenKey } from "@carebeat/core/patient/keys";
import { createTableInput, startDynamo } from "./dynamo";
import { freePort } from "./ports";
import { startLocalStack } from "./stack";

/**
 * Upgrading a `.data/` written by the previous schema: the Patients table with the list indexes
 * `byName`/`byGivenName` (one constant partition key; removed, docs/capacity.md #8), and records
 * carrying their attributes, exactly as that version wrote them.
 */
const require = createRequire(import.meta.url);
const dynalite = require("dynalite") as (opts: Record<string, unknown>) => import("node:http").Server;
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The Patients definition before the list moved to the Postgres directory (git history: tables.ts). */
const previousPatients = {
  fields: { id: "string", listKey: "string", nameKey: "string", givenKey: "string", email: "string" },
  primaryIndex: { hashKey: "id" },
  globalIndexes: {
    byName: { hashKey: "listKey", rangeKey: "nameKey" },
    byGivenName: { hashKey: "listKey", rangeKey: "givenKey" },
    byEmail: { hashKey: "email" },
  },
} as const;

const GIVEN = ["Zoë", "Zora", "Zoltan", "Zofia", "Zorro"];

/** Runs `work` against dynalite on `dir` as the previous version would have, then closes it. */
async function withOldDynalite(dir: string, work: (raw: DynamoDBClient, doc: DynamoDBDocumentClient) => Promise<void>) {
  const server = dynalite({ path: dir, createTableMs: 0, deleteTableMs: 0 });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", () => r()));
  const raw = new DynamoDBClient({ endpoint: `http://127.0.0.1:${port}`, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
  try {
    await work(raw, DynamoDBDocumentClient.from(raw));
  } finally {
    raw.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  }
}

async function writePreviousVersion(dir: string, table: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  await withOldDynalite(dir, async (raw, doc) => {
    await raw.send(new CreateTableCommand(createTableInput(table, previousPatients)));
    // dynalite creates the table on a timer even with createTableMs 0: a put before it is ACTIVE
    // is refused (ResourceNotFoundException), which a loaded machine reaches.
    await waitUntilTableExists({ client: raw, maxWaitTime: 30 }, { TableName: table });
    for (let i = 0; i < count; i++) {
      const id = createId("patient");
      ids.push(id);
      const name = { given: GIVEN[i % GIVEN.length]!, family: `Upgrade${String(i).padStart(3, "0")}` };
      const now = new Date().toISOString();
      // What the previous toItem() wrote: the list indexes' attributes, `email` when there is one.
      const email = i % 10 === 0 ? `upgrade${i}@example.com` : undefined;
      const item = {
        id,
        name,
        ...(email ? { contact: { email }, email } : {}),
        version: 1,
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
        listKey: "patient",
        nameKey: nameKey(name, id),
        givenKey: givenKey(name, id),
      };
      await doc.send(new PutCommand({ TableName: table, Item: item }));
    }
    const { Table } = await raw.send(new DescribeTableCommand({ TableName: table }));
    assert.deepEqual(Table!.GlobalSecondaryIndexes!.map((g) => g.IndexName).sort(), ["byEmail", "byGivenName", "byName"], "the old schema");
  });
  return ids;
}

/** The stack's real app, with a staff account on it (what testing.ts does, on a kept data directory). */
async function staffCaller() {
  const { app } = await import("@carebeat/functions/api");
  const { withActor } = await import("@carebeat/core/actor");
  const { Auth } = await import("@carebeat/core/auth");
  const email = `staff-${Date.now().toString(36)}@upgrade.test`;
  await withActor({ type: "system", name: "test" }, () =>
    Auth.createUser({ email, password: "upgrade-password-1", name: "Staff", role: "staff", patientId: null, doctorId: null }),
  );
  const login = await app.request("/api/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: "upgrade-password-1" }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  /** Every id a name (or `email=`) search returns, following cursors. */
  return async function search(q: string, by: "q" | "email" = "q"): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const qs = new URLSearchParams({ [by]: q, limit: "7", ...(cursor ? { cursor } : {}) });
      const res = await app.request(`/api/patients?${qs}`, { headers: { authorization: `Bearer ${accessToken}` } });
      assert.equal(res.status, 200);
      const body = (await res.json()) as { items: { id: string }[]; nextCursor: string | null };
      ids.push(...body.items.map((p) => p.id));
      cursor = body.nextCursor;
    } while (cursor);
    return ids;
  };
}

test("a data directory from before the directory-backed list upgrades in place: list indexes removed, directory keyed, all found", { timeout: 120_000 }, async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "carebeat-upgrade-"));
  dirs.push(dataDir);
  const ids = await writePreviousVersion(path.join(dataDir, "dynamodb"), "carebeat-test-Patients", 60);

  const lines: string[] = [];
  const stack = await startLocalStack({ dataDir, stage: "test", log: (l) => lines.push(l) });
  try {
    assert.ok(
      lines.some((l) => /dynamodb Patients: removed index byName, byGivenName \(table recreated, 60 items copied\)/.test(l)),
      lines.join("\n"),
    );
    // Migration 1 (the givenKey backfill) has no purpose any more: a no-op, still recorded once.
    assert.ok(
      lines.some((l) => /dynamodb migration 1 patients-given-key: done in \d+ ms \{\}/.test(l)),
      lines.join("\n"),
    );
    const { useDynamo, tableName } = await import("@carebeat/core/dynamo");
    const raw0 = new DynamoDBClient({ endpoint: stack.resources.dynamoEndpoint, region: "us-east-1", credentials: stack.resources.credentials });
    const { Table } = await raw0.send(new DescribeTableCommand({ TableName: tableName("Patients") }));
    raw0.destroy();
    assert.deepEqual(
      Table!.GlobalSecondaryIndexes!.map((g) => g.IndexName),
      ["byEmail"],
      "only the email index is left",
    );
    assert.deepEqual(Table!.AttributeDefinitions!.map((a) => a.AttributeName).sort(), ["email", "id"]);

    // The start's directory backfill keyed every record: names are found through Postgres.
    const search = await staffCaller();
    // "zo" matches no family name, so every hit comes through the given-name phase.
    assert.deepEqual((await search("zo")).sort(), [...ids].sort(), "every record found by given name");
    assert.equal((await search("zora")).length, 12);
    assert.deepEqual((await search("upgrade")).sort(), [...ids].sort(), "and by family name");
    assert.deepEqual(await search("upgrade"), [...ids], "in name order");
    assert.deepEqual(await search("upgrade30@example.com", "email"), [ids[30]], "byEmail survived the rebuild");

    // What the next start (or deploy) does: nothing — the schema matches and version 1 is recorded.
    const { migrateDynamo } = await import("@carebeat/core/dynamo/migrations");
    const { ensureTable } = await import("./dynamo");
    const raw = new DynamoDBClient({ endpoint: stack.resources.dynamoEndpoint, region: "us-east-1", credentials: stack.resources.credentials });
    const rerun = await migrateDynamo({ schema: { ensure: ({ name, definition }) => ensureTable(raw, name, definition) } });
    raw.destroy();
    assert.deepEqual(rerun, { schema: [], applied: [] });
    const { ScanCommand: DocScan } = await import("@aws-sdk/lib-dynamodb");
    const recorded = (await useDynamo().send(new DocScan({ TableName: tableName("Migrations") }))).Items!;
    assert.deepEqual(
      recorded.map((r) => [r.version, r.name, r.result]),
      [[1, "patients-given-key", {}]],
    );

    // Patient.reindex() drops the removed indexes' attributes from old items (paced, idempotent).
    const { Patient } = await import("@carebeat/core/patient");
    assert.deepEqual(await Patient.reindex(), { scanned: 60, updated: 60 });
    assert.deepEqual(await Patient.reindex(), { scanned: 60, updated: 0 });
    const left = (await useDynamo().send(new DocScan({ TableName: tableName("Patients") }))).Items!;
    assert.ok(left.every((i) => !("listKey" in i) && !("nameKey" in i) && !("givenKey" in i)));
    assert.equal(left.filter((i) => i.email).length, 6, "email kept where there is one");

    // A backfill that fails is not recorded, so the next start or deploy runs it again.
    const { dynamoMigrations, checkSchema } = await import("@carebeat/core/dynamo/migrations");
    const noSchema = { ensure: async () => [] };
    let calls = 0;
    const flaky = { version: 2, name: "flaky", why: "test", run: async () => (++calls === 1 ? Promise.reject(new Error("cut short")) : { touched: 1 }) };
    await assert.rejects(migrateDynamo({ schema: noSchema, steps: [...dynamoMigrations, flaky] }), /cut short/);
    assert.deepEqual(
      (await migrateDynamo({ schema: noSchema, steps: [...dynamoMigrations, flaky] })).applied.map((m) => [m.version, m.result]),
      [[2, { touched: 1 }]],
    );
    assert.deepEqual((await migrateDynamo({ schema: noSchema, steps: [...dynamoMigrations, flaky] })).applied, []);
    await assert.rejects(migrateDynamo({ schema: noSchema, steps: [{ ...flaky, version: 3 }] }), /versions are 1, 2, 3/);

    // In AWS the migrator only checks the schema the stack made, and refuses a missing index.
    const aws = new DynamoDBClient({ endpoint: stack.resources.dynamoEndpoint, region: "us-east-1", credentials: stack.resources.credentials });
    assert.deepEqual(await checkSchema(aws).ensure({ logical: "Patients", name: tableName("Patients"), definition: tables.Patients }), []);
    await aws.send(new CreateTableCommand(createTableInput("carebeat-test-Old", { fields: { id: "string" }, primaryIndex: { hashKey: "id" } })));
    await assert.rejects(checkSchema(aws).ensure({ logical: "Patients", name: "carebeat-test-Old", definition: tables.Patients }), /lacks index byEmail/);
    aws.destroy();
  } finally {
    await stack.stop();
  }
});

test("a rebuild cut short after the table was deleted resumes from the holding table", { timeout: 60_000 }, async () => {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "carebeat-upgrade-")), "dynamodb");
  dirs.push(path.dirname(dir));
  const table = "carebeat-cut-Patients";
  const ids = await writePreviousVersion(dir, table, 30);
  // The state a crash leaves between "delete the table" and "recreate it": only the holding copy.
  await withOldDynalite(dir, async (raw, doc) => {
    await raw.send(new CreateTableCommand(createTableInput(`${table}.rebuild`, tables.Patients)));
    await waitUntilTableExists({ client: raw, maxWaitTime: 30 }, { TableName: `${table}.rebuild` });
    const items = (await raw.send(new ScanCommand({ TableName: table }))).Items!;
    for (const item of items) await raw.send(new (await import("@aws-sdk/client-dynamodb")).PutItemCommand({ TableName: `${table}.rebuild`, Item: item }));
    await raw.send(new DeleteTableCommand({ TableName: table }));
    // dynalite deletes on a timer: let it finish before this "process" goes away.
    for (
      let i = 0;
      i < 100 &&
      (await raw.send(new DescribeTableCommand({ TableName: table })).then(
        () => true,
        () => false,
      ));
      i++
    )
      await new Promise((r) => setTimeout(r, 10));
    void doc;
  });

  const lines: string[] = [];
  const dynamo = await startDynamo({ path: dir, prefix: "carebeat-cut", log: (l) => lines.push(l), credentials: { accessKeyId: "x", secretAccessKey: "x" } });
  try {
    assert.ok(
      lines.some((l) => /Patients: finished an interrupted rebuild \(30 items restored/.test(l)),
      lines.join("\n"),
    );
    const raw = new DynamoDBClient({ endpoint: dynamo.endpoint, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
    const { Table } = await raw.send(new DescribeTableCommand({ TableName: table }));
    assert.deepEqual(Table!.GlobalSecondaryIndexes!.map((g) => g.IndexName).sort(), ["byEmail"]);
    const kept = (await raw.send(new ScanCommand({ TableName: table }))).Items!.map((i) => i.id!.S!);
    assert.deepEqual(kept.sort(), [...ids].sort(), "no record lost");
    await assert.rejects(raw.send(new DescribeTableCommand({ TableName: `${table}.rebuild` })), { name: "ResourceNotFoundException" });
    raw.destroy();
  } finally {
    await dynamo.stop();
  }
});

test("the offline DynamoDB answers only requests signed with the runtime's key pair", async () => {
  const { startDynamo: start } = await import("./dynamo");
  const { ListTablesCommand } = await import("@aws-sdk/client-dynamodb");
  const dynamo = await start({ prefix: "carebeat-auth", credentials: { accessKeyId: "AKIALOCALTEST", secretAccessKey: "right" } });
  const as = (accessKeyId: string, secretAccessKey: string) =>
    new DynamoDBClient({ endpoint: dynamo.endpoint, region: "us-east-1", credentials: { accessKeyId, secretAccessKey } });
  try {
    const ok = await as("AKIALOCALTEST", "right").send(new ListTablesCommand({}));
    assert.ok(ok.TableNames!.includes("carebeat-auth-Patients"));
    await assert.rejects(as("AKIAOTHERUSER0000000", "x").send(new ListTablesCommand({})), (e: Error) => e.name === "UnrecognizedClientException");
    await assert.rejects(as("AKIALOCALTEST", "wrong").send(new ListTablesCommand({})), (e: Error) => e.name === "InvalidSignatureException");
    const unsigned = await fetch(dynamo.endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "DynamoDB_20120810.Scan" },
      body: JSON.stringify({ TableName: "carebeat-auth-Patients" }),
    });
    assert.equal(unsigned.status, 400);
    assert.equal(unsigned.headers.get("x-amzn-errortype"), "MissingAuthenticationTokenException");
  } finally {
    await dynamo.stop();
  }
});
