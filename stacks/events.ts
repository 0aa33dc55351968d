import { vpc, sqsEndpoint, shared } from "./network";
import { database, dbEnvironment } from "./database";
import { migrateOnDeploy, afterMigrations } from "./migrations";
import { invoicePush, realtimeLinks } from "./realtime";
import { reserve } from "./capacity";

/**
 * Events (docs/analytics.md): the outbox is published to Amazon MSK Serverless by the relay,
 * and MSK event source mappings feed the consumers: `appointment-events` → Analytics,
 * `invoice-events` → InvoicePush (stacks/realtime.ts).
 *
 * MSK Serverless accepts IAM auth only (SASL OAUTHBEARER/SigV4 on 9098, TLS), lives in the
 * private subnets, and has no topic auto-creation: topics are created by a function invoked
 * on every deploy.
 */
/**
 * Topic and consumer-group names carry the stage (`<stage>.appointment-events`), the prefix the
 * relay's `topicOf()` adds too (CAREBEAT_TOPIC_PREFIX), and IAM grants only names with this
 * prefix: stages can share one cluster without reading or writing each other's events (issue 23.12).
 */
export const TOPIC_PREFIX = `${$app.stage}.`;
export const TOPICS = ["appointment-events", "invoice-events", "prescription-events"].map((t) => TOPIC_PREFIX + t);
const GROUPS = {
  analytics: `${TOPIC_PREFIX}carebeat-analytics`,
  prescriptionAnalytics: `${TOPIC_PREFIX}carebeat-analytics-prescriptions`,
  invoicePush: `${TOPIC_PREFIX}carebeat-invoice-push`,
};

// A stage sharing another's cluster (stacks/sharing.ts) reads it by ARN and creates neither.
const ownCluster = () => {
  const kafkaSecurityGroup = new aws.ec2.SecurityGroup("KafkaSecurityGroup", {
    vpcId: vpc.id,
    description: "MSK Serverless: IAM-authenticated Kafka (9098) from inside the VPC",
    ingress: [{ protocol: "tcp", fromPort: 9098, toPort: 9098, cidrBlocks: [vpc.nodes.vpc.cidrBlock] }],
    egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
  });

  return new aws.msk.ServerlessCluster("KafkaCluster", {
    clusterName: `${$app.name}-${$app.stage}-kafka`,
    vpcConfigs: [{ subnetIds: vpc.privateSubnets, securityGroupIds: [kafkaSecurityGroup.id] }],
    clientAuthentication: { sasl: { iam: { enabled: true } } },
  });
};
export const kafkaCluster = shared ? aws.msk.ServerlessCluster.get("KafkaCluster", shared.kafkaArn) : ownCluster();

/** `arn:aws:kafka:…:cluster/<name>/<uuid>` → the same cluster's topic or group ARNs (IAM resources). */
const within = (kind: "topic" | "group", name: string) => kafkaCluster.arn.apply((arn) => `${arn.replace(":cluster/", `:${kind}/`)}/${name}`);

/** `Resource.Kafka.arn`: packages/core/src/events/kafka.ts resolves the brokers from it. */
const kafka = new sst.Linkable("Kafka", {
  properties: { arn: kafkaCluster.arn },
  include: [
    sst.aws.permission({ actions: ["kafka:GetBootstrapBrokers", "kafka:DescribeClusterV2"], resources: [kafkaCluster.arn] }),
    sst.aws.permission({ actions: ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster"], resources: [kafkaCluster.arn] }),
  ],
});

/** Creates the topics on deploy (idempotent). */
export const topicAdmin = new sst.aws.Function("KafkaTopics", {
  handler: "packages/functions/src/events/topics.handler",
  vpc,
  link: [kafka],
  timeout: "2 minutes",
  dev: false,
  permissions: [{ actions: ["kafka-cluster:CreateTopic", "kafka-cluster:DescribeTopic"], resources: [within("topic", `${TOPIC_PREFIX}*`)] }],
});
const topicsOnDeploy = new aws.lambda.Invocation("KafkaTopicsOnDeploy", {
  functionName: topicAdmin.name,
  input: JSON.stringify({ topics: TOPICS }),
  triggers: { topics: TOPICS.join(",") },
});

/**
 * The relay. Invoked asynchronously by the API right after a commit that wrote outbox rows
 * (`Resource.EventRelay`, see packages/core/src/events/nudge.ts) and every minute by the sweep.
 * Reserved concurrency 2: one publishing, one queued on the advisory lock — enough to never
 * miss a nudge (the queued one reads after the running one commits) while bounding database
 * connections; further nudges are redundant and Lambda's async queue drops nothing.
 */
export const eventRelay = new sst.aws.Function(
  "EventRelay",
  {
    handler: "packages/functions/src/events/relay.handler",
    vpc,
    link: [database, kafka],
    timeout: "1 minute",
    concurrency: reserve($app.stage, "relay"),
    environment: { ...dbEnvironment(1), CAREBEAT_TOPIC_PREFIX: TOPIC_PREFIX },
    permissions: [
      {
        actions: ["kafka-cluster:WriteData", "kafka-cluster:DescribeTopic", "kafka-cluster:WriteDataIdempotently"],
        resources: [within("topic", `${TOPIC_PREFIX}*`), kafkaCluster.arn],
      },
    ],
  },
  { dependsOn: [topicsOnDeploy, migrateOnDeploy] },
);

/** Leftovers (a lost nudge, a broker outage): the fastest rate EventBridge offers. */
// CronV2 (EventBridge Scheduler): sst.aws.Cron is deprecated in SST 4 (issue 23.11).
new sst.aws.CronV2("EventRelaySweep", { schedule: "rate(1 minute)", function: eventRelay.arn });

/** What an MSK event source mapping's poller needs from the target function's role. */
export const consumerPermissions = (group: string) => [
  { actions: ["kafka:DescribeClusterV2", "kafka:GetBootstrapBrokers"], resources: ["*"] },
  { actions: ["kafka-cluster:Connect", "kafka-cluster:DescribeClusterDynamicConfiguration"], resources: [kafkaCluster.arn] },
  { actions: ["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"], resources: [within("topic", `${TOPIC_PREFIX}*`)] },
  { actions: ["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"], resources: [within("group", group)] },
  {
    actions: ["ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeVpcs", "ec2:DeleteNetworkInterface", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups"],
    resources: ["*"],
  },
];

/**
 * Where a batch goes when retries are exhausted: its metadata (topic, partition, offsets), not
 * the records, kept 14 days. Without a limit one batch that can never succeed would block its
 * partition forever; with one, it is set aside, the partition moves on, an alarm-worthy message
 * says exactly which offsets to replay, and replaying is safe because counting is idempotent.
 */
export const analyticsFailures = new sst.aws.Queue("AnalyticsFailures", {
  transform: { queue: { messageRetentionSeconds: 14 * 24 * 3600 } },
});
export const invoicePushFailures = new sst.aws.Queue("InvoicePushFailures", {
  transform: { queue: { messageRetentionSeconds: 14 * 24 * 3600 } },
});

/** Folds appointment events into the hourly windows and pushes the snapshot (Realtime). */
export const analytics = new sst.aws.Function(
  "Analytics",
  {
    handler: "packages/functions/src/analytics/handler.handler",
    vpc,
    link: [database, ...realtimeLinks],
    timeout: "1 minute",
    environment: dbEnvironment(1),
    permissions: [
      ...consumerPermissions(GROUPS.analytics),
      // …and the prescription-events mapping's group (below).
      { actions: ["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"], resources: [within("group", GROUPS.prescriptionAnalytics)] },
      { actions: ["sqs:SendMessage"], resources: [analyticsFailures.arn] },
    ],
  },
  afterMigrations,
);

/**
 * Batch size 500: a busy minute of a large clinic in one transaction (the handler writes it in
 * ~tens of ms, bench/). Batching window 0: the relay already batches, and a wait would eat the
 * one-second budget to the dashboard (MSK's default is 500 ms). TRIM_HORIZON: a new mapping
 * reads the topic from its start, so nothing published before it existed is skipped.
 * 10 retries, bisecting a failing batch, then the on-failure queue above.
 *
 * Provisioned poller mode (issue 23.2): Lambda accepts `maximumRetryAttempts` and
 * `bisectBatchOnFunctionError` on a Kafka mapping only in provisioned mode (AWS: "Configuring
 * error handling controls for Kafka event sources", kafka-retry-configurations). Kept rather than
 * dropped: without them a batch that can never succeed is retried until its records expire and
 * blocks its partition that long. One poller handles ~5 MB/s or 5 concurrent invocations, so
 * 1–2 cover the 6 partitions; each poller is billed per hour (docs/capacity.md).
 * After the SQS endpoint: the poller reaches the on-failure queue through it (issue 23.3).
 */
const KAFKA_POLLERS = { minimumPollers: 1, maximumPollers: 2 } as const;
export const mapping = (name: string, fn: sst.aws.Function, topic: string, group: string, onFailure: sst.aws.Queue, after: $util.Resource[] = []) =>
  new aws.lambda.EventSourceMapping(
    name,
    {
      eventSourceArn: kafkaCluster.arn,
      functionName: fn.arn,
      topics: [topic],
      startingPosition: "TRIM_HORIZON",
      batchSize: 500,
      maximumBatchingWindowInSeconds: 0,
      amazonManagedKafkaEventSourceConfig: { consumerGroupId: group },
      maximumRetryAttempts: 10,
      bisectBatchOnFunctionError: true,
      provisionedPollerConfig: KAFKA_POLLERS,
      destinationConfig: { onFailure: { destinationArn: onFailure.arn } },
    },
    { dependsOn: [topicsOnDeploy, ...(sqsEndpoint ? [sqsEndpoint] : []), ...after] },
  );

mapping("AnalyticsTrigger", analytics, TOPICS[0]!, GROUPS.analytics, analyticsFailures);

/**
 * prescription-events → the same Analytics function (it tells the families apart by topic):
 * prescriptions and dispenses per prescriber and day (docs/prescriptions.md). A group of its own,
 * as AWS wants one consumer group per mapping.
 */
mapping("PrescriptionAnalyticsTrigger", analytics, TOPICS[2]!, GROUPS.prescriptionAnalytics, analyticsFailures);

/** invoice-events → the realtime stream's InvoicePush function. */
const invoicePushKafka = new aws.iam.RolePolicy("InvoicePushKafka", {
  role: invoicePush.nodes.role.name,
  policy: $jsonStringify({
    Version: "2012-10-17",
    Statement: [
      ...consumerPermissions(GROUPS.invoicePush).map((p) => ({ Effect: "Allow", Action: p.actions, Resource: p.resources })),
      { Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [invoicePushFailures.arn] },
    ],
  }),
});
mapping("InvoicePushTrigger", invoicePush, TOPICS[1]!, GROUPS.invoicePush, invoicePushFailures, [invoicePushKafka]);
