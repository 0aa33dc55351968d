import { tables as definitions, type TableDefinition, type TableName } from "../packages/core/src/dynamo/tables";

/**
 * DynamoDB tables from the one shared definition (the offline runtime creates the same
 * tables in dynalite). Clinic data gets point-in-time recovery, and deletion protection
 * in production. Exported by name (`tables.Patients`) so later stacks can link them.
 */
export const tables = Object.fromEntries(
  Object.entries(definitions as Record<TableName, TableDefinition>).map(([name, def]) => [
    name,
    new sst.aws.Dynamo(name, {
      fields: def.fields,
      primaryIndex: def.primaryIndex,
      globalIndexes: def.globalIndexes,
      ttl: def.ttl,
      transform: {
        table: (args) => {
          args.pointInTimeRecovery = { enabled: true };
          args.deletionProtectionEnabled = $app.stage === "production";
        },
      },
    }),
  ]),
) as Record<TableName, sst.aws.Dynamo>;

/**
 * Invoice PDFs (`invoices/{id}.pdf`). Private — SST blocks all public access by default —
 * and downloaded only through short-lived presigned URLs.
 */
export const invoices = new sst.aws.Bucket("Invoices");
