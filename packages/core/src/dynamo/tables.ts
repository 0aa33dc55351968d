/**
 * The DynamoDB tables, defined once. `stacks/storage.ts` passes each definition to
 * `sst.aws.Dynamo`, and the offline runtime creates the same tables in dynalite.
 * The shape is SST's DynamoArgs subset (fields, primaryIndex, globalIndexes).
 */
export interface TableDefinition {
  fields: Record<string, "string" | "number" | "binary">;
  primaryIndex: { hashKey: string; rangeKey?: string };
  globalIndexes?: Record<string, { hashKey: string; rangeKey?: string; projection?: "all" | "keys-only" }>;
  ttl?: string;
}

export const tables = {
  /**
   * Patient records (docs/patients.md). `byEmail` (sparse: only records with a contact email)
   * serves exact email lookup. Name order and name search page through the Postgres patient
   * directory: the former `byName`/`byGivenName` indexes had one constant partition key, a hot
   * partition (docs/capacity.md #8), and were removed.
   */
  Patients: {
    fields: { id: "string", email: "string" },
    primaryIndex: { hashKey: "id" },
    globalIndexes: {
      byEmail: { hashKey: "email" },
    },
  },
  /**
   * Open API Gateway WebSocket connections (docs/realtime.md). Two kinds of item share the
   * connection id as hash key: the connection itself (`sk = "connection"`: role, user, doctor)
   * and one item per channel it subscribed to (`sk = "sub#<channel>"`, with `channel` set).
   * Only subscriptions carry `channel`, so the sparse `byChannel` index holds exactly the
   * subscribers of each channel: a broadcast is one Query, and a disconnect is one Query on the
   * connection id. `expiresAt` (epoch seconds) lets DynamoDB drop what a lost `$disconnect`
   * left behind; `ttl` itself is a DynamoDB reserved word, hence the name.
   */
  Connections: {
    fields: { connectionId: "string", sk: "string", channel: "string" },
    primaryIndex: { hashKey: "connectionId", rangeKey: "sk" },
    globalIndexes: {
      byChannel: { hashKey: "channel", rangeKey: "connectionId" },
    },
    ttl: "expiresAt",
  },
  /**
   * Which DynamoDB migrations (packages/core/src/dynamo/migrations) have run: one item per
   * applied version. Kept in DynamoDB, beside the data it describes, so a table restored from
   * a backup and its record of backfills travel together (docs/local-runtime.md, "Upgrades").
   */
  Migrations: {
    fields: { version: "number" },
    primaryIndex: { hashKey: "version" },
  },
} satisfies Record<string, TableDefinition>;

export type TableName = keyof typeof tables;
