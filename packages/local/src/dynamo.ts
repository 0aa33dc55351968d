import { createRequire } from "node:module";
import {
  DynamoDBClient,
  CreateTableCommand,
  DescribeTableCommand,
  DeleteTableCommand,
  ScanCommand,
  BatchWriteItemCommand,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
  type TableDescription,
  type WriteRequest,
  type BatchWriteItemCommandOutput,
} from "@aws-sdk/client-dynamodb";
import { tables, type TableDefinition, type TableName } from "@carebeat/core/dynamo";
import type { SchemaDriver } from "@carebeat/core/dynamo/migrations";
import { freePort } from "./ports";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { signedOnly } from "./signed-front";
import { localCredentials } from "./credentials";
import type { LocalCredentials } from "./sigv4";

const require = createRequire(import.meta.url);
const dynalite = require("dynalite") as (opts: Record<string, unknown>) => import("node:http").Server;

const attributeType = { string: "S", number: "N", binary: "B" } as const;

/** Translate the shared (SST-shaped) table definition into a CreateTable request. */
export function createTableInput(name: string, def: TableDefinition): CreateTableCommandInput {
  const key = (hashKey: string, rangeKey?: string) => [
    { AttributeName: hashKey, KeyType: "HASH" as const },
    ...(rangeKey ? [{ AttributeName: rangeKey, KeyType: "RANGE" as const }] : []),
  ];
  const gsis = Object.entries(def.globalIndexes ?? {});
  return {
    TableName: name,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: Object.entries(def.fields).map(([AttributeName, t]) => ({ AttributeName, AttributeType: attributeType[t] })),
    KeySchema: key(def.primaryIndex.hashKey, def.primaryIndex.rangeKey),
    GlobalSecondaryIndexes: gsis.length
      ? gsis.map(([IndexName, g]) => ({
          IndexName,
          KeySchema: key(g.hashKey, g.rangeKey),
          Projection: { ProjectionType: g.projection === "keys-only" ? ("KEYS_ONLY" as const) : ("ALL" as const) },
        }))
      : undefined,
  };
}

/**
 * Turn on TTL where the endpoint supports it. dynalite 4 implements DescribeTimeToLive but
 * not UpdateTimeToLive (UnknownOperationException) and never expires items, so readers of
 * a TTL table must also ignore expired items themselves (the realtime store does).
 */
async function enableTtl(client: DynamoDBClient, name: string, attribute: string) {
  try {
    await client.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: attribute, Enabled: true } }));
  } catch (err) {
    if ((err as Error).name !== "UnknownOperationException") throw err;
  }
}

async function describe(client: DynamoDBClient, name: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
  } catch (err) {
    if ((err as Error).name === "ResourceNotFoundException") return undefined;
    throw err;
  }
}

/** dynalite creates and deletes tables on a timer (0 ms here): wait until it is done. */
async function waitFor(client: DynamoDBClient, name: string, want: "ACTIVE" | "GONE") {
  for (let i = 0; i < 500; i++) {
    const t = await describe(client, name);
    if (want === "GONE" ? !t : t?.TableStatus === "ACTIVE") return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`dynalite: table ${name} did not become ${want}`);
}

async function createTable(client: DynamoDBClient, name: string, def: TableDefinition) {
  await client.send(new CreateTableCommand(createTableInput(name, def)));
  await waitFor(client, name, "ACTIVE");
  if (def.ttl) await enableTtl(client, name, def.ttl);
}

/** Every item of `from` into `to`, as stored (puts: copying twice is harmless). */
async function copyItems(client: DynamoDBClient, from: string, to: string): Promise<number> {
  let start: Record<string, any> | undefined;
  let copied = 0;
  do {
    const page = await client.send(new ScanCommand({ TableName: from, ExclusiveStartKey: start, ConsistentRead: true }));
    const items = page.Items ?? [];
    for (let i = 0; i < items.length; i += 25) {
      let pending: WriteRequest[] | undefined = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending?.length; attempt++) {
        if (attempt > 8) throw new Error(`copying ${from} to ${to}: writes left unprocessed`);
        const res: BatchWriteItemCommandOutput = await client.send(new BatchWriteItemCommand({ RequestItems: { [to]: pending } }));
        pending = res.UnprocessedItems?.[to];
      }
    }
    copied += items.length;
    start = page.LastEvaluatedKey;
  } while (start);
  return copied;
}

/** Where a table's items wait while the table is recreated. Its existence at start means a rebuild was cut short. */
const holdingTable = (name: string) => `${name}.rebuild`;

/**
 * Bring one table to its definition: create it, or add the indexes it lacks and remove the ones
 * it no longer declares. dynalite 4
 * validates UpdateTable's `GlobalSecondaryIndexUpdates: [{ Create }]` and then ignores it (no
 * index appears), so an index is added (or removed) by recreating the table: copy every item to a holding
 * table, delete and recreate the table with all its indexes (dynalite indexes items as they are
 * written), copy the items back, drop the holding table. The original is deleted only once the
 * holding table holds every item, so a start cut short anywhere resumes from the holding table
 * on the next start (see docs/local-runtime.md). In AWS, `UpdateTable` adds or deletes the index in place.
 */
export async function ensureTable(client: DynamoDBClient, name: string, def: TableDefinition): Promise<string[]> {
  const changes: string[] = [];
  const holding = holdingTable(name);
  if (await describe(client, holding)) {
    if (!(await describe(client, name))) await createTable(client, name, def);
    const n = await copyItems(client, holding, name);
    await client.send(new DeleteTableCommand({ TableName: holding }));
    await waitFor(client, holding, "GONE");
    changes.push(`finished an interrupted rebuild (${n} items restored from ${holding})`);
  }
  const table = await describe(client, name);
  if (!table) {
    await createTable(client, name, def);
    return [...changes, "created"];
  }
  const have = new Set((table.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName!));
  const declared = Object.keys(def.globalIndexes ?? {});
  const missing = declared.filter((n) => !have.has(n));
  // An index removed from the definition goes too: dynalite ignores UpdateTable's `Delete` as it
  // ignores `Create`, and a stale index would keep its attributes' definitions on the table.
  const removed = [...have].filter((n) => !declared.includes(n));
  if (!missing.length && !removed.length) return changes;

  await createTable(client, holding, def);
  const n = await copyItems(client, name, holding);
  await client.send(new DeleteTableCommand({ TableName: name }));
  await waitFor(client, name, "GONE");
  await createTable(client, name, def);
  await copyItems(client, holding, name);
  await client.send(new DeleteTableCommand({ TableName: holding }));
  await waitFor(client, holding, "GONE");
  const what = [missing.length ? `added index ${missing.join(", ")}` : "", removed.length ? `removed index ${removed.join(", ")}` : ""].filter(Boolean).join(", ");
  return [...changes, `${what} (table recreated, ${n} items copied)`];
}

function schemaDriver(client: DynamoDBClient, tableNames: Record<string, string>): SchemaDriver {
  return {
    ensure: ({ logical, definition }: { logical: TableName; definition: TableDefinition }) => ensureTable(client, tableNames[logical]!, definition),
  };
}

/** A dynalite started on another thread (threads.ts) gets its schema driver here, over its endpoint. */
export function withSchemaDriver(running: Omit<RunningDynamo, "schema">, credentials: LocalCredentials): RunningDynamo {
  const client = new DynamoDBClient({ endpoint: running.endpoint, region: "us-east-1", credentials });
  return {
    ...running,
    schema: schemaDriver(client, running.tableNames),
    stop: async () => {
      client.destroy();
      await running.stop();
    },
  };
}

export interface RunningDynamo {
  endpoint: string;
  tableNames: Record<string, string>;
  /** The offline SchemaDriver for `migrateDynamo` (@carebeat/core/dynamo/migrations). */
  schema: SchemaDriver;
  stop(): Promise<void>;
}

/**
 * dynalite on loopback, LevelDB on disk under `.data/` (or in memory for tests). Every table is
 * brought to its definition before anything uses it: missing tables created, missing indexes
 * added to existing ones (`ensureTable`). The backfills run later, from `migrateDynamo`, once
 * the resources are published.
 */
export async function startDynamo(opts: {
  path?: string;
  prefix: string;
  log?: (line: string) => void;
  /** The key pair requests must be signed with (the runtime's, credentials.ts); a fresh one if omitted. */
  credentials?: LocalCredentials;
}): Promise<RunningDynamo> {
  const credentials = opts.credentials ?? localCredentials();
  // dynalite accepts any credentials and checks no signature, so it listens on no port: our
  // server owns the port and hands it only requests signed with the runtime's pair (signed-front.ts).
  const store = dynalite({ path: opts.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const handler = store.listeners("request")[0] as (req: IncomingMessage, res: ServerResponse) => void;
  // 16 MB: DynamoDB's own request limit; dynalite answers 413 above it too.
  const server = http.createServer(signedOnly(handler, { service: "dynamodb", credentials, maxBytes: 16 * 1024 * 1024, refusalStatus: 400 }));
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", () => resolve()));
  const endpoint = `http://127.0.0.1:${port}`;
  // dynalite closes its LevelDB store only from its own server's close, which needs a listening
  // server: it listens on a Unix socket in a fresh 0700 directory that no other user can enter,
  // and nothing connects to it.
  const socketDir = mkdtempSync(path.join(tmpdir(), "carebeat-dynalite-"));
  await new Promise<void>((resolve) => store.listen(path.join(socketDir, "s"), () => resolve()));
  const closeAll = async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await new Promise<void>((resolve) => store.close(() => resolve()));
    rmSync(socketDir, { recursive: true, force: true });
  };
  const client = new DynamoDBClient({ endpoint, region: "us-east-1", credentials });
  const tableNames: Record<string, string> = {};
  try {
    for (const [logical, def] of Object.entries(tables)) {
      const name = `${opts.prefix}-${logical}`;
      tableNames[logical] = name;
      for (const change of await ensureTable(client, name, def as TableDefinition)) {
        // A fresh data directory creates every table: only upgrades are worth a line.
        if (change !== "created") opts.log?.(`dynamodb ${logical}: ${change}`);
      }
    }
  } catch (err) {
    client.destroy();
    await closeAll();
    throw err;
  }
  return {
    endpoint,
    tableNames,
    schema: schemaDriver(client, tableNames),
    stop: async () => {
      client.destroy();
      await closeAll();
    },
  };
}
