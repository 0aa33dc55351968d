/**
 * A recorded DynamoDB data change: runs once per environment, in version order, after the
 * tables match their definitions (docs/local-runtime.md, "Upgrades"). `run` must be idempotent
 * and safe beside live traffic (it may be cut short by a timeout and run again: a version is
 * recorded only after `run` returned) and returns counts for the log, never item contents.
 *
 * Indexes and tables are not steps: they are declared in ../tables.ts and reconciled on every
 * start or deploy (offline by the runtime, in AWS by the stack), because a schema is a state to
 * reach, while a backfill is an event that must happen exactly once after its schema exists.
 */
export interface DynamoMigration {
  /** 1, 2, 3…: never reuse or reorder a released version. */
  version: number;
  name: string;
  /** Why the data must change: what breaks for records written before. */
  why: string;
  run(): Promise<Record<string, number>>;
}

export const dynamoMigrations: DynamoMigration[] = [
  {
    version: 1,
    name: "patients-given-key",
    why: "records written before the byGivenName index have no givenKey, so given-name search misses them",
    // No purpose any more: byName/byGivenName were removed (lists page through the Postgres
    // patient directory, whose keys the directory backfill writes at every start and deploy).
    // Kept as a no-op so the version stays taken: environments that ran it keep their record,
    // the others record it as done, and no later step ever reuses number 1.
    run: async () => ({}),
  },
];
