import { createRequire } from "node:module";
import { DynamoDBClient, CreateTableCommand, DescribeTableCommand, UpdateTimeToLiveCommand, type CreateTableCommandInput } from "@aws-sdk/client-dynamodb";
import { tables, type TableDefinition } from "@carebeat/core/dynamo";
import { freePort } from "./ports";

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

export interface RunningDynamo {
  endpoint: string;
  tableNames: Record<string, string>;
  stop(): Promise<void>;
}

/** dynalite on loopback, LevelDB on disk under `.data/` (or in memory for tests). */
export async function startDynamo(opts: { path?: string; prefix: string }): Promise<RunningDynamo> {
  const server = dynalite({ path: opts.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", () => resolve()));
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  const tableNames: Record<string, string> = {};
  for (const [logical, def] of Object.entries(tables)) {
    const name = `${opts.prefix}-${logical}`;
    tableNames[logical] = name;
    const exists = await client.send(new DescribeTableCommand({ TableName: name })).then(() => true, () => false);
    if (!exists) {
      await client.send(new CreateTableCommand(createTableInput(name, def as TableDefinition)));
      if ((def as TableDefinition).ttl) await enableTtl(client, name, (def as TableDefinition).ttl!);
    }
  }
  client.destroy();
  return {
    endpoint,
    tableNames,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
