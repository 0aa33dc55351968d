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
/**
 * What every function that connects gets: TLS with the server's certificate verified against the
 * Amazon root CAs the Lambda Node.js runtime ships (/var/runtime/ca-cert.pem, which holds the RDS
 * CAs; Node 20+ runtimes no longer load it by default), read by packages/core/src/drizzle/tls.ts
 * for database connections only, so other TLS clients keep Node's own store and cold start.
 * `pool`: connections per container, counted in stacks/capacity.ts.
 */
export const dbEnvironment = (pool: number) => ({
  CAREBEAT_DB_SSL: "verify-full",
  CAREBEAT_DB_CA: "/var/runtime/ca-cert.pem",
  CAREBEAT_DB_POOL: String(pool),
});

/**
 * Storage: SST allocates 20 GB and sets `storage` as the autoscaling ceiling (maxAllocatedStorage,
 * postgres.ts); RDS grows the volume when free space stays under 10 % of it. The free-storage
 * alarm (stacks/monitoring.ts) is sized from `initialGb`, what is really allocated at first.
 */
export const DB_STORAGE = { initialGb: 20, maxGb: production ? 100 : 20 } as const;

export const database = new sst.aws.Postgres("Database", {
  vpc,
  // Its connection limit sizes every function's reserved concurrency (stacks/capacity.ts).
  instance: dbInstanceClass($app.stage),
  storage: `${DB_STORAGE.maxGb} GB`,
  multiAz: production,
  transform: {
    // SST's group sets rds.force_ssl=0; TLS is forced here, so a client that forgets it is refused
    // by the server rather than sending passwords and patient data in the clear (issue 23.6). The
    // functions verify the server's certificate too (CAREBEAT_DB_SSL=verify-full, dbEnvironment).
    parameterGroup: (args) => {
      args.parameters = $output(args.parameters).apply((params) => [...(params ?? []).filter((p) => p.name !== "rds.force_ssl"), { name: "rds.force_ssl", value: "1" }]);
    },
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
