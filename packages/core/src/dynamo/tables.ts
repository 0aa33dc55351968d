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
   * Patient records (docs/patients.md). `byName` ("family given#id") lists in name order and
   * serves family-name prefix search, `byGivenName` ("given family#id") given-name prefix search,
   * `byEmail` (sparse: only records with a contact email) exact email lookup.
   */
  Patients: {
    fields: { id: "string", listKey: "string", nameKey: "string", givenKey: "string", email: "string" },
    primaryIndex: { hashKey: "id" },
    globalIndexes: {
      byName: { hashKey: "listKey", rangeKey: "nameKey" },
      byGivenName: { hashKey: "listKey", rangeKey: "givenKey" },
      byEmail: { hashKey: "email" },
    },
  },
} satisfies Record<string, TableDefinition>;

export type TableName = keyof typeof tables;
