import { DynamoDBClient, DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { PutCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { useDynamo, tableName } from "../index";
import { tables, type TableName, type TableDefinition } from "../tables";
import { dynamoMigrations, type DynamoMigration } from "./steps";

export { dynamoMigrations, type DynamoMigration } from "./steps";

/**
 * How a home brings a table to its definition before the backfills run. Offline the runtime
 * creates tables and adds missing indexes (packages/local/src/dynamo.ts); in AWS the stack
 * (stacks/storage.ts) already did, and `checkSchema()` only verifies it. Returns what changed.
 */
export interface SchemaDriver {
  ensure(table: { logical: TableName; name: string; definition: TableDefinition }): Promise<string[]>;
}

interface AppliedMigration {
  version: number;
  name: string;
  result: Record<string, number>;
  ms: number;
}

/**
 * The AWS driver: every index of the definition must exist. Pulumi adds an index and waits for
 * it before the migrator function (which links the tables) is updated and invoked, so a missing
 * one means the deploy did not apply the stack: fail before any backfill relies on it.
 */
export function checkSchema(client = new DynamoDBClient({})): SchemaDriver {
  return {
    async ensure({ logical, name, definition }) {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
      const have = new Set((Table?.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName));
      const missing = Object.keys(definition.globalIndexes ?? {}).filter((n) => !have.has(n));
      if (missing.length) throw new Error(`DynamoDB table ${logical} (${name}) lacks index ${missing.join(", ")}: indexes come from the deploy (stacks/storage.ts)`);
      return [];
    },
  };
}

function validate(steps: DynamoMigration[]) {
  steps.forEach((s, i) => {
    if (!Number.isInteger(s.version) || s.version !== i + 1) throw new Error(`DynamoDB migration "${s.name}" has version ${s.version}; versions are 1, 2, 3… in order`);
  });
}

/** Versions recorded in the Migrations table (a handful of items: one Scan). */
async function appliedVersions(): Promise<Set<number>> {
  const seen = new Set<number>();
  let start: Record<string, unknown> | undefined;
  do {
    const res = await useDynamo().send(new ScanCommand({ TableName: tableName("Migrations"), ConsistentRead: true, ExclusiveStartKey: start }));
    for (const item of res.Items ?? []) seen.add(Number(item.version));
    start = res.LastEvaluatedKey;
  } while (start);
  return seen;
}

/**
 * Bring DynamoDB up to this code: every table to its definition (through `schema`), then each
 * backfill not yet recorded, in order, each recorded once it finished. Run by the offline
 * runtime at start and by the deploy-time migrator in AWS, after the SQL migrations.
 */
export async function migrateDynamo(opts: { schema: SchemaDriver; steps?: DynamoMigration[]; log?: (line: string) => void }) {
  const steps = opts.steps ?? dynamoMigrations;
  const log = opts.log ?? (() => {});
  validate(steps);
  const schema: string[] = [];
  for (const [logical, definition] of Object.entries(tables) as [TableName, TableDefinition][]) {
    for (const change of await opts.schema.ensure({ logical, name: tableName(logical), definition })) {
      schema.push(`${logical}: ${change}`);
      log(`dynamodb ${logical}: ${change}`);
    }
  }
  const done = await appliedVersions();
  const applied: AppliedMigration[] = [];
  for (const step of steps) {
    if (done.has(step.version)) continue;
    const started = Date.now();
    log(`dynamodb migration ${step.version} ${step.name}: running`);
    const result = await step.run();
    const ms = Date.now() - started;
    await useDynamo().send(
      new PutCommand({
        TableName: tableName("Migrations"),
        Item: { version: step.version, name: step.name, appliedAt: new Date().toISOString(), result, ms },
      }),
    );
    log(`dynamodb migration ${step.version} ${step.name}: done in ${ms} ms ${JSON.stringify(result)}`);
    applied.push({ version: step.version, name: step.name, result, ms });
  }
  const unknown = [...done].filter((v) => v > steps.length);
  if (unknown.length) log(`dynamodb: versions ${unknown.join(", ")} are recorded but unknown to this code (a newer release ran here)`);
  return { schema, applied };
}
