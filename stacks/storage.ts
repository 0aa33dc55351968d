import { tables as definitions, type TableDefinition, type TableName } from "../packages/core/src/dynamo/tables";
import { isProduction } from "./stage";

/**
 * DynamoDB tables from the one shared definition (the offline runtime creates the same
 * tables in dynalite). Clinic data gets point-in-time recovery, and deletion protection
 * in production. Exported by name (`tables.Patients`) so later stacks can link them.
 */
export const tables = Object.fromEntries(
  Object.entries(definitions as Record<TableName, TableDefinition>).map(([name, def]) => [
    name,
    new sst.aws.Dynamo(name, {
      // Retired indexes stay deployed for one release (tables.ts `retiredIndexes`: no deploy window
      // in which the previous release's code queries an index that is already gone).
      fields: { ...def.fields, ...Object.assign({}, ...Object.values(def.retiredIndexes ?? {}).map((r) => r.fields)) },
      primaryIndex: def.primaryIndex,
      globalIndexes: def.retiredIndexes
        ? { ...def.globalIndexes, ...Object.fromEntries(Object.entries(def.retiredIndexes).map(([n, { fields: _f, ...index }]) => [n, index])) }
        : def.globalIndexes,
      ttl: def.ttl,
      transform: {
        table: (args) => {
          args.pointInTimeRecovery = { enabled: true };
          args.deletionProtectionEnabled = isProduction($app.stage);
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
