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
 * 1 billing sweeper (a five-minute cron, reserved 1, that finishes in seconds), 1 mail sender (reserved 1:
 * its rows are leased, so one sender at a time is all it needs; stacks/mail.ts), 2 notifications
 * consumer (reserved 2: a mapping's batch that is throttled is retried, so 2 only paces mail) and
 * 2 reminder checks (reserved 2: ~20 ms each, ~100 checks/s; a throttled Check is retried by the
 * workflow; stacks/notifications.ts), 1 SES event handler (bounces and complaints; stacks/mail.ts),
 * 4 FHIR export tasks (ExportType and Finish, reserved 2 each: a bulk export is rare and may queue; stacks/fhir-export.ts).
 */
export function dbConcurrency(instance: DbInstanceClass) {
  const max = MAX_CONNECTIONS[instance];
  const fixed = 5 + 1 + 2 + 6 + 1 + 1 + 2 + 2 + 1 + 2 * 2;
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

/**
 * Reserved concurrency against the AWS account (issue 23.5). Lambda keeps at least 100 of an
 * account's concurrent executions unreserved, and a new account starts with a quota of 10, not
 * 1,000: a stage whose reservations do not fit fails to deploy, and stages that share an account
 * add up. The setting, read when sst.config.ts runs (documented there and in docs/infrastructure.md,
 * "Before the first deploy"):
 *
 * - `CAREBEAT_LAMBDA_CONCURRENCY` — the account's "Concurrent executions" quota (Service Quotas →
 *   AWS Lambda; default 1000);
 * - `CAREBEAT_STAGES_PER_ACCOUNT` — how many stages are deployed into this account at once, this
 *   one included (default 1 for production, which should have an account of its own; 5 otherwise).
 *
 * Each stage may reserve `(quota − 100) / stages`. If its reservations fit, they are as sized
 * above; if not, each is scaled down (at least 1 each); if not even 1 each fits, reservations are
 * off — safe only because then the whole account runs so few containers that they cannot exhaust
 * the database's connections, which is checked (and the deploy refused if it were not).
 */
export const UNRESERVED_MINIMUM = 100;
export type AccountQuota = { concurrency: number; stages: number };
export type Reservations = {
  api: number;
  billingTask: number;
  renderPdf: number;
  realtimeDefault: number;
  relay: number;
  sweeper: number;
  mail: number;
  notifications: number;
  reminders: number;
  mailEvents: number;
  /** Each of the two FHIR export task functions. */
  fhirExport: number;
};
/** Functions per stage that reserve: API, 5 connecting billing tasks + RenderPdf, $default, relay, sweeper, mail sender, notifications, reminder check, SES events, 2 FHIR export tasks. */
const RESERVING_FUNCTIONS = 16;

export class CapacityError extends Error {}

const positive = (name: string, raw: string | undefined, fallback: number) => {
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new CapacityError(`${name} must be a whole number ≥ 1, not "${raw}"`);
  return n;
};

export function accountQuota(stage: string, env: Record<string, string | undefined> = process.env): AccountQuota {
  return {
    concurrency: positive("CAREBEAT_LAMBDA_CONCURRENCY", env.CAREBEAT_LAMBDA_CONCURRENCY, 1000),
    stages: positive("CAREBEAT_STAGES_PER_ACCOUNT", env.CAREBEAT_STAGES_PER_ACCOUNT, isProduction(stage) ? 1 : 5),
  };
}

export const reservedTotal = (r: Reservations) =>
  r.api + 5 * r.billingTask + r.renderPdf + r.realtimeDefault + r.relay + r.sweeper + r.mail + r.notifications + r.reminders + r.mailEvents + 2 * r.fhirExport;

/** What one stage reserves, or undefined when reservations are off (see above). */
export function reservations(stage: string, quota: AccountQuota = accountQuota(stage)): Reservations | undefined {
  const instance = dbInstanceClass(stage);
  const c = dbConcurrency(instance);
  const wanted: Reservations = {
    api: c.api,
    billingTask: c.billingTask,
    renderPdf: c.renderPdf,
    realtimeDefault: c.realtimeDefault,
    relay: 2,
    sweeper: 1,
    mail: 1,
    notifications: 2,
    reminders: 2,
    mailEvents: 1,
    fhirExport: 2,
  };
  const budget = Math.floor((quota.concurrency - UNRESERVED_MINIMUM) / quota.stages);
  if (reservedTotal(wanted) <= budget) return wanted;
  if (budget < RESERVING_FUNCTIONS) {
    // Off: the account itself bounds the containers; every one of them could hold the largest pool.
    const worst = c.fixed + quota.concurrency * POOL.api;
    if (worst > MAX_CONNECTIONS[instance])
      throw new CapacityError(
        `stage "${stage}": ${quota.stages} stage(s) cannot each reserve concurrency from an account quota of ${quota.concurrency}, ` +
          `and without reservations ${quota.concurrency} containers could open ${worst} connections (db.${instance} allows ${MAX_CONNECTIONS[instance]}): ` +
          `raise the account's Lambda concurrency quota, deploy fewer stages into this account, or set CAREBEAT_STAGES_PER_ACCOUNT / CAREBEAT_LAMBDA_CONCURRENCY to what is true`,
      );
    return undefined;
  }
  const factor = budget / reservedTotal(wanted);
  const scaled = Object.fromEntries(Object.entries(wanted).map(([k, v]) => [k, Math.max(1, Math.floor(v * factor))])) as Reservations;
  // Rounding up to 1 can overshoot by a little: the API gives it back.
  scaled.api = Math.max(1, scaled.api - Math.max(0, reservedTotal(scaled) - budget));
  return scaled;
}

/** `concurrency` for a function of this stage: `{ reserved }`, or undefined with reservations off. */
export const reserve = (stage: string, key: keyof Reservations) => {
  const r = reservations(stage);
  return r ? { reserved: r[key] } : undefined;
};
