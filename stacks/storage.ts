import { tables as definitions } from "../packages/core/src/dynamo/tables";

/**
 * DynamoDB tables from the one shared definition (the offline runtime creates the same
 * tables in dynalite). Clinic data gets point-in-time recovery, and deletion protection
 * in production.
 */
export const tables = Object.fromEntries(
  Object.entries(definitions).map(([name, def]) => [
    name,
    new sst.aws.Dynamo(name, {
      fields: def.fields,
      primaryIndex: def.primaryIndex,
      globalIndexes: "globalIndexes" in def ? def.globalIndexes : undefined,
      transform: {
        table: (args) => {
          args.pointInTimeRecovery = { enabled: true };
          args.deletionProtectionEnabled = $app.stage === "production";
        },
      },
    }),
  ]),
) as Record<keyof typeof definitions, sst.aws.Dynamo>;

/** Invoice PDFs. Private: downloads go through short-lived presigned URLs only. */
export const invoices = new sst.aws.Bucket("Invoices");
