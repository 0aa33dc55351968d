import { isProduction } from "./stage";

/**
 * PostgreSQL connections are the first thing a large clinic runs out of (docs/capacity.md):
 * every Lambda container that talks to the database holds its own pool, and Lambda scales
 * containers up to the account's 1,000 concurrent executions, while RDS accepts
 * `max_connections` = LEAST(DBInstanceClassMemory / 9531392, 5000). So each function that
 * connects gets a reserved concurrency, and their sum times their pool sizes stays inside the
 * instance's connection limit. Plain data (no SST globals) so tests/infra can check the sum.
 *
 * Reserved concurrency, not RDS Proxy (docs/capacity.md, "Why not RDS Proxy first"): it costs
 * nothing, adds no hop, and keeps session features the code relies on (the relay's advisory
 * lock, prepared statements per connection) — which would pin RDS Proxy sessions anyway.
 */

export type DbInstanceClass = "t4g.micro" | "m7g.large";

export const dbInstanceClass = (stage: string): DbInstanceClass => (isProduction(stage) ? "m7g.large" : "t4g.micro");

/**
 * RDS PostgreSQL's default `max_connections` per class, rounded down: DBInstanceClassMemory is
 * the class memory less what RDS keeps for itself, so it is below RAM / 9531392 (8 GiB → ~850
 * observed, 1 GiB → ~80). Check with `SHOW max_connections` after a deploy.
 */
export const MAX_CONNECTIONS: Record<DbInstanceClass, number> = { "t4g.micro": 80, "m7g.large": 850 };

/** Connections each container of a function opens (CAREBEAT_DB_POOL). */
export const POOL = { api: 2, worker: 1 } as const;

/**
 * Reserved concurrency per database-connected function, per instance class. `fixed` counts
 * connections held outside these reservations: 5 for RDS itself (superuser_reserved_connections
 * and the RDS admin/monitoring sessions), 1 migrator, 2 relay (its own reserved 2, stacks/events.ts),
 * 6 analytics (the MSK event source mapping runs at most one batch per partition, 6 partitions),
 * 1 billing sweeper (a five-minute cron, reserved 1, that finishes in seconds).
 */
export function dbConcurrency(instance: DbInstanceClass) {
  const max = MAX_CONNECTIONS[instance];
  const fixed = 5 + 1 + 2 + 6 + 1;
  const small = instance === "t4g.micro";
  /**
   * Each billing task that connects (LoadContext, CreateInvoice, AssignNumber, IssueInvoice,
   * MarkFailed), and RenderPdf (pdfkit + S3, the slow one: ~0.3 s). Every booking starts one
   * execution, so these bound invoices/s: 40 renders at ~0.3 s ≈ 130/s ≈ 370× a busy clinic's peak.
   */
  const billingTask = small ? 2 : 20;
  const renderPdf = small ? 2 : 40;
  const billingTasks = 5 * billingTask + renderPdf;
  /** The WebSocket `$default` route (subscribe → snapshot read). */
  const realtimeDefault = small ? 4 : 20;
  const api = Math.floor((max - fixed - billingTasks * POOL.worker - realtimeDefault * POOL.worker) / POOL.api);
  return { maxConnections: max, fixed, api, billingTask, renderPdf, realtimeDefault };
}

/** Connections the reservations above can open at most (tests/infra asserts ≤ max_connections). */
export function peakConnections(instance: DbInstanceClass) {
  const c = dbConcurrency(instance);
  return c.fixed + c.api * POOL.api + (5 * c.billingTask + c.renderPdf) * POOL.worker + c.realtimeDefault * POOL.worker;
}
