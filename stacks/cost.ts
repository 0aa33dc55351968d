import { dbInstanceClass } from "./capacity";
import { isProduction } from "./stage";

/**
 * What a stage costs per month before anyone uses it (issue 23.12): the parts billed by the hour
 * whatever the traffic. Requests (Lambda, API Gateway, CloudFront, DynamoDB on demand, SQS,
 * Step Functions, S3) cost nothing idle and are left out. us-east-1 list prices, USD, 730 hours a
 * month, as published when this was written — check https://aws.amazon.com/pricing before relying
 * on them. Plain data: tests/infra checks every stage's budget (stacks/monitoring.ts) sits above
 * its floor, and docs/capacity.md and docs/infrastructure.md print the table.
 *
 * Not included: the MSK mappings' provisioned event pollers (1 minimum each, 2 per stage; billed
 * per event-poller-unit hour, see Lambda pricing, "Provisioned mode for event source mappings"),
 * data processed by NAT and MSK, logs ingested, and backup storage beyond the database's size.
 */
export const HOURS = 730;
export const PRICES = {
  /** MSK Serverless: per cluster-hour, and per partition-hour. */
  mskClusterHour: 0.75,
  mskPartitionHour: 0.0015,
  /** NAT: managed gateway per hour; fck-nat on a t4g.nano per hour; a public IPv4 address per hour. */
  natGatewayHour: 0.045,
  natInstanceHour: 0.0042,
  publicIpv4Hour: 0.005,
  /** An interface VPC endpoint, per AZ-hour (the SQS one, in 2 AZs). */
  interfaceEndpointAzHour: 0.01,
  /** RDS PostgreSQL single-AZ per hour (Multi-AZ doubles it), and gp2/gp3 storage per GB-month. */
  rdsHour: { "t4g.micro": 0.016, "m7g.large": 0.168 },
  rdsStorageGbMonth: 0.115,
  /** WAF: a web ACL and each rule, per month. */
  wafAclMonth: 5,
  wafRuleMonth: 1,
  /** CloudWatch: a standard alarm per month, a dashboard per month. */
  alarmMonth: 0.1,
  dashboardMonth: 3,
} as const;

const AZS = 2;
/** GB SST allocates at first (stacks/database.ts DB_STORAGE.initialGb; tests/infra checks they agree). */
export const DB_INITIAL_GB = 20;
/** Topics per stage (stacks/events.ts) × partitions each (packages/functions/src/events/topics.ts). */
const PARTITIONS_PER_STAGE = 2 * 6;
/** WAF rules: the per-IP limit, three managed groups, the /api/auth/ limit (stacks/edge.ts). */
const WAF_RULES = 5;
/** Alarms per stage, rounded up (stacks/monitoring.ts: per function, per table, RDS, Kafka, queues). */
export const ALARMS = 64;

export type Floor = { lines: Record<string, number>; total: number };

/** `owns`: the stage creates its VPC and Kafka cluster (false when it shares another's, stacks/sharing.ts). */
export function monthlyFloor(stage: string, owns: boolean): Floor {
  const production = isProduction(stage);
  const instance = dbInstanceClass(stage);
  const p = PRICES;
  const lines: Record<string, number> = {
    "MSK Serverless cluster": owns ? p.mskClusterHour * HOURS : 0,
    "MSK partitions (this stage's topics)": PARTITIONS_PER_STAGE * p.mskPartitionHour * HOURS,
    NAT: owns ? AZS * ((production ? p.natGatewayHour : p.natInstanceHour) + p.publicIpv4Hour) * HOURS : 0,
    "SQS interface endpoint": owns ? AZS * p.interfaceEndpointAzHour * HOURS : 0,
    [`RDS db.${instance}${production ? " Multi-AZ" : ""}`]: p.rdsHour[instance] * (production ? 2 : 1) * HOURS,
    "RDS storage": DB_INITIAL_GB * p.rdsStorageGbMonth * (production ? 2 : 1),
    WAF: p.wafAclMonth + WAF_RULES * p.wafRuleMonth,
    "CloudWatch alarms and dashboard": ALARMS * p.alarmMonth + p.dashboardMonth,
  };
  const rounded = Object.fromEntries(Object.entries(lines).map(([k, v]) => [k, Math.round(v * 100) / 100]));
  return { lines: rounded, total: Math.round(Object.values(lines).reduce((a, b) => a + b, 0) * 100) / 100 };
}

/**
 * The stage's budget (stacks/monitoring.ts): production 1,500; a stage that shares another's VPC
 * and cluster 100; a non-production stage that owns them 100 above its floor, rounded up to 50 —
 * a flat 100 would alarm on its first day, because the cluster alone costs ~550.
 */
export function monthlyBudgetUsd(stage: string, owns: boolean): number {
  if (isProduction(stage)) return 1500;
  if (!owns) return 100;
  return Math.ceil((monthlyFloor(stage, owns).total + 100) / 50) * 50;
}
