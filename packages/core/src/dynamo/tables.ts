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
  /**
   * Indexes nothing reads or writes any more, kept in AWS for one release: a deploy updates a
   * table before the functions that link it, so removing an index in the same deploy as the code
   * that stops using it would fail the old code's queries for the minutes in between. The next
   * release deletes the entry (and the stack then drops the index). Offline, where no old code
   * runs, the runtime removes them at once.
   */
  retiredIndexes?: Record<string, { hashKey: string; rangeKey?: string; fields: Record<string, "string" | "number" | "binary"> }>;
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
    // Retired with the directory-backed list (docs/capacity.md #8); delete in the release after it.
    // New and updated items no longer carry listKey/nameKey/givenKey, so these sparse indexes only shrink.
    retiredIndexes: {
      byName: { hashKey: "listKey", rangeKey: "nameKey", fields: { listKey: "string", nameKey: "string" } },
      byGivenName: { hashKey: "listKey", rangeKey: "givenKey", fields: { listKey: "string", givenKey: "string" } },
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
