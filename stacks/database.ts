import { vpc } from "./network";
import { dbInstanceClass } from "./capacity";
import { isProduction } from "./stage";

const production = isProduction($app.stage);

/**
 * Users, doctors, appointments, invoices, outbox, audit: RDS PostgreSQL 17 (SST's default
 * major version; RDS picks the minor, and minor drift is not a diff) in the VPC's private
 * subnets. Linked as `Resource.Database` ({ host, port, username, password, database }).
 *
 * At rest: storage encrypted (KMS, the account's RDS key) on every stage. Automated backups
 * are kept 14 days in production (point-in-time restore over two weeks) and 1 day elsewhere
 * (a preview's data is disposable, backups cost storage). Production also refuses deletion
 * and, should the instance ever be deleted anyway, first takes a final snapshot and keeps
 * its automated backups; other stages are removed whole without one.
 */
export const database = new sst.aws.Postgres("Database", {
  vpc,
  // Its connection limit sizes every function's reserved concurrency (stacks/capacity.ts).
  instance: dbInstanceClass($app.stage),
  storage: production ? "100 GB" : "20 GB",
  multiAz: production,
  transform: {
    instance: (args) => {
      args.storageEncrypted = true;
      args.backupRetentionPeriod = production ? 14 : 1;
      args.copyTagsToSnapshot = true;
      args.deletionProtection = production;
      args.skipFinalSnapshot = !production;
      if (production) {
        args.finalSnapshotIdentifier = `${$app.name}-${$app.stage}-database-final`;
        args.deleteAutomatedBackups = false;
      }
    },
  },
});
