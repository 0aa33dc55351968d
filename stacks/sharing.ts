import { isProduction } from "./stage";

/**
 * Non-production stages can share one VPC and one MSK Serverless cluster (issue 23.12): a cluster
 * is billed per cluster-hour whatever its traffic (docs/capacity.md), so every preview owning one
 * would cost more than the rest of the stage together. One stage (say `dev`) is deployed as usual
 * and owns them; others are deployed with its outputs:
 *
 *   CAREBEAT_SHARED_VPC_ID=<dev's vpc output> CAREBEAT_SHARED_KAFKA_ARN=<dev's kafka output> \
 *     npx sst deploy --stage pr-42
 *
 * Such a stage creates no VPC, NAT, VPC endpoints, cluster or Kafka security group, and its topics
 * and consumer groups carry its name (`pr-42.appointment-events`, stacks/events.ts), with IAM
 * granting only those — so stages in one cluster never read each other's events. The VPC must be
 * the cluster's (the Kafka security group admits the VPC's own CIDR; the SQS endpoint the
 * on-failure destinations need lives there). Production never shares.
 *
 * Plain data (no SST globals): tests/infra calls it directly.
 */
export type Shared = { vpcId: string; kafkaArn: string };

export class SharingError extends Error {}

export function sharedInfrastructure(stage: string, env: Record<string, string | undefined> = process.env): Shared | undefined {
  const vpcId = env.CAREBEAT_SHARED_VPC_ID?.trim() || undefined;
  const kafkaArn = env.CAREBEAT_SHARED_KAFKA_ARN?.trim() || undefined;
  if (!vpcId && !kafkaArn) return undefined;
  if (isProduction(stage))
    throw new SharingError(`stage "${stage}" is production and never shares a VPC or Kafka cluster: unset CAREBEAT_SHARED_VPC_ID and CAREBEAT_SHARED_KAFKA_ARN`);
  if (!vpcId || !kafkaArn)
    throw new SharingError(
      "set both CAREBEAT_SHARED_VPC_ID and CAREBEAT_SHARED_KAFKA_ARN (the owning stage's `vpc` and `kafka` outputs), or neither: the cluster is reachable only from its own VPC",
    );
  if (!/^vpc-[0-9a-f]{8,17}$/.test(vpcId)) throw new SharingError(`CAREBEAT_SHARED_VPC_ID must be a VPC id (vpc-…), not "${vpcId}"`);
  if (!/^arn:aws[a-z-]*:kafka:[a-z0-9-]+:\d{12}:cluster\/[^/]+\/[0-9a-f-]+(-s\d+)?$/.test(kafkaArn))
    throw new SharingError(`CAREBEAT_SHARED_KAFKA_ARN must be an MSK cluster ARN (arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>), not "${kafkaArn}"`);
  return { vpcId, kafkaArn };
}
