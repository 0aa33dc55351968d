import { monthlyBudgetUsd } from "./cost";
import { shared } from "./network";
import { api, apiHandler } from "./api";
import { migrator } from "./migrations";
import { billingFunctions, billingStateMachine, billingSweeperHandler } from "./billing";
import { mailSender, mailEventsHandler } from "./mail";
import { fhirExportFunctions } from "./fhir-export";
import { notifications, notificationsFailures, reminderCheck, reminderStateMachine } from "./notifications";
import { eventRelay, analytics, topicAdmin, analyticsFailures, invoicePushFailures } from "./events";
import { realtime, invoicePush, disconnectRoute, defaultHandler } from "./realtime";
import { database, DB_STORAGE } from "./database";
import { tables } from "./storage";
import { production } from "./observability";
import { apiThrottle } from "./edge";
import { MetricName, NAMESPACE, SERVICE } from "../packages/core/src/observability/names";

/**
 * Alarms, a dashboard and a budget (docs/observability.md, "Alarms"). Every alarm notifies one
 * SNS topic; the email behind it is a per-stage secret, never an address in the code:
 *   npx sst secret set AlarmEmail oncall@your-clinic.example --stage production
 * Until it is set (its placeholder is not an address) the topic has no subscriber and the
 * alarms are still visible in the console and on the dashboard.
 *
 * The thresholds follow the seed's SLO: p95 < 500 ms and 99.9 % availability of the API.
 */
const stage = $app.stage;

export const alarmEmail = new sst.Secret("AlarmEmail", "unset");
export const alarmTopic = new aws.sns.Topic("Alarms", { name: `${$app.name}-${stage}-alarms` });

/** Only a real address gets a subscription (SNS rejects anything else, which would fail the deploy). */
export const alarmSubscription = alarmEmail.value.apply((email) =>
  /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)
    ? new aws.sns.TopicSubscription("AlarmEmailSubscription", { topic: alarmTopic.arn, protocol: "email", endpoint: alarmEmail.value })
    : undefined,
);

/**
 * Who may publish: CloudWatch alarms and AWS Budgets — of this account only (issue 23.9). A service
 * principal alone would let any account's alarm or budget publish here (the confused deputy);
 * `aws:SourceAccount` and `aws:SourceArn` pin it to this account's alarms and budgets
 * (SNS developer guide, "Amazon SNS topic policies for ... CloudWatch"; AWS Budgets user guide,
 * "Creating an Amazon SNS topic for budget notifications").
 */
const account = aws.getCallerIdentityOutput().accountId;
const region = aws.getRegionOutput().region;
new aws.sns.TopicPolicy("AlarmsPolicy", {
  arn: alarmTopic.arn,
  policy: $jsonStringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "CloudWatchAlarms",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "sns:Publish",
        Resource: alarmTopic.arn,
        Condition: {
          StringEquals: { "aws:SourceAccount": account },
          ArnLike: { "aws:SourceArn": $interpolate`arn:aws:cloudwatch:${region}:${account}:alarm:*` },
        },
      },
      {
        Sid: "Budgets",
        Effect: "Allow",
        Principal: { Service: "budgets.amazonaws.com" },
        Action: "sns:Publish",
        Resource: alarmTopic.arn,
        Condition: {
          StringEquals: { "aws:SourceAccount": account },
          ArnLike: { "aws:SourceArn": $interpolate`arn:aws:budgets::${account}:*` },
        },
      },
    ],
  }),
});

const notify = { alarmActions: [alarmTopic.arn], okActions: [alarmTopic.arn], treatMissingData: "notBreaching" };
type AlarmArgs = Omit<aws.cloudwatch.MetricAlarmArgs, "alarmActions" | "okActions">;
export const alarms: Record<string, aws.cloudwatch.MetricAlarm> = {};
const alarm = (name: string, description: string, args: AlarmArgs) =>
  (alarms[name] = new aws.cloudwatch.MetricAlarm(name, { name: `${$app.name}-${stage}-${name}`, alarmDescription: description, ...notify, ...args }));

// ---- API (HTTP API, payload v2: metrics `5xx`, `Count`, `Latency` by ApiId) ----
const apiId = api.nodes.api.id;

/**
 * 5xx rate over 5 minutes, above 1 % in two of three periods — ten times the error budget of a
 * 99.9 % month, so it pages on a real outage and not on one unlucky request (fewer than 20
 * requests in a period count as 0 %).
 */
alarm("Api5xxRate", "API 5xx responses above 1 % of requests (SLO: 99.9 % availability)", {
  comparisonOperator: "GreaterThanThreshold",
  threshold: 1,
  evaluationPeriods: 3,
  datapointsToAlarm: 2,
  metricQueries: [
    { id: "errors", metric: { namespace: "AWS/ApiGateway", metricName: "5xx", dimensions: { ApiId: apiId }, stat: "Sum", period: 300 } },
    { id: "requests", metric: { namespace: "AWS/ApiGateway", metricName: "Count", dimensions: { ApiId: apiId }, stat: "Sum", period: 300 } },
    { id: "rate", expression: "IF(requests >= 20, 100 * errors / requests, 0)", label: "5xx %", returnData: true },
  ],
});

/** p95 latency above 500 ms (the seed's SLO) for 10 of 15 minutes. */
alarm("ApiLatencyP95", "API p95 latency above 500 ms (SLO)", {
  namespace: "AWS/ApiGateway",
  metricName: "Latency",
  dimensions: { ApiId: apiId },
  extendedStatistic: "p95",
  period: 300,
  evaluationPeriods: 3,
  datapointsToAlarm: 2,
  threshold: 500,
  comparisonOperator: "GreaterThanThreshold",
});

/** Traffic above 80 % of the stage throttle (stacks/edge.ts) for 3 of 5 minutes: raise it before requests get 429s. */
alarm("ApiNearThrottle", `API requests above 80 % of the stage throttle (${apiThrottle.rate} rps)`, {
  namespace: "AWS/ApiGateway",
  metricName: "Count",
  dimensions: { ApiId: apiId },
  statistic: "Sum",
  period: 60,
  evaluationPeriods: 5,
  datapointsToAlarm: 3,
  threshold: apiThrottle.rate * 60 * 0.8,
  comparisonOperator: "GreaterThanThreshold",
});

// ---- Every Lambda: errors and throttles ----
/** Logical key → the function's physical name. `Api` keeps the name of the first alarm (`ApiErrors`). */
export const monitoredFunctions: Record<string, $util.Input<string>> = {
  Api: apiHandler.name,
  Migrator: migrator.name,
  KafkaTopics: topicAdmin.name,
  EventRelay: eventRelay.name,
  Analytics: analytics.name,
  InvoicePush: invoicePush.name,
  RealtimeDisconnect: disconnectRoute.nodes.function.name,
  // $connect runs in this function too (stacks/realtime.ts).
  RealtimeDefault: defaultHandler.name,
  BillingSweeper: billingSweeperHandler.name,
  MailSender: mailSender.name,
  MailEvents: mailEventsHandler.name,
  Notifications: notifications.name,
  ReminderCheck: reminderCheck.name,
  ...Object.fromEntries(Object.entries(billingFunctions).map(([task, fn]) => [`Billing${task}`, fn.name])),
  ...Object.fromEntries(Object.entries(fhirExportFunctions).map(([task, fn]) => [`FhirExport${task}`, fn.name])),
};

// Errors: any unhandled error (an API 500, a failed task attempt, a batch the mapping will retry).
// Throttles: reserved concurrency (the relay's 2) or the account's limit reached.
const perFunction = [
  ["Errors", "function errors"],
  ["Throttles", "throttled invocations"],
] as const;
for (const [key, functionName] of Object.entries(monitoredFunctions)) {
  for (const [metricName, what] of perFunction) {
    alarm(`${key}${metricName}`, `${key}: ${what}`, {
      namespace: "AWS/Lambda",
      metricName,
      dimensions: { FunctionName: functionName },
      statistic: "Sum",
      period: 300,
      evaluationPeriods: 1,
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
    });
  }
}
/** The first alarm of the project, kept by name. */
export const apiErrors = alarms.ApiErrors!;

// ---- Billing (Step Functions) ----
const machine = { StateMachineArn: billingStateMachine.arn };
alarm("BillingExecutionsFailed", "Billing executions failed (the invoice is marked failed; retry from the API)", {
  namespace: "AWS/States",
  metricName: "ExecutionsFailed",
  dimensions: machine,
  statistic: "Sum",
  period: 300,
  evaluationPeriods: 1,
  threshold: 0,
  comparisonOperator: "GreaterThanThreshold",
});
alarm("BillingExecutionsTimedOut", "Billing executions timed out (300 s)", {
  namespace: "AWS/States",
  metricName: "ExecutionsTimedOut",
  dimensions: machine,
  statistic: "Sum",
  period: 300,
  evaluationPeriods: 1,
  threshold: 0,
  comparisonOperator: "GreaterThanThreshold",
});

// ---- Mail and reminders ----
alarm("MailFailed", "Mail given up on (SES refused it, retries ran out, or the address bounced): see mail_outbox.last_error", {
  namespace: NAMESPACE,
  metricName: MetricName.MailFailed,
  dimensions: { service: SERVICE, stage },
  statistic: "Sum",
  period: 300,
  evaluationPeriods: 1,
  threshold: 0,
  comparisonOperator: "GreaterThanThreshold",
});
// A reminder execution that fails has exhausted its Check retries (about an hour of a database outage): that reminder is lost.
for (const metricName of ["ExecutionsFailed", "ExecutionsTimedOut"]) {
  alarm(`Reminder${metricName}`, `Reminder executions: ${metricName}`, {
    namespace: "AWS/States",
    metricName,
    dimensions: { StateMachineArn: reminderStateMachine.arn },
    statistic: "Sum",
    period: 300,
    evaluationPeriods: 1,
    threshold: 0,
    comparisonOperator: "GreaterThanThreshold",
  });
}

// ---- Events: consumers keeping up, and nothing set aside ----
/**
 * OffsetLag (AWS/Lambda, Kafka event source mappings): records written to the topic and not yet
 * processed by the mapping's consumer group. Lambda publishes it per function (FunctionName);
 * each consumer function has exactly one mapping, so this is the lag of that mapping. More than
 * two batches (1,000 records) behind for 15 minutes means the consumer is not keeping up.
 */
const consumers = {
  Analytics: { fn: analytics.name, queue: analyticsFailures },
  InvoicePush: { fn: invoicePush.name, queue: invoicePushFailures },
  // Two mappings (appointment and invoice events): OffsetLag is the larger of the two.
  Notifications: { fn: notifications.name, queue: notificationsFailures },
};
for (const [key, { fn, queue }] of Object.entries(consumers)) {
  alarm(`${key}OffsetLag`, `${key}: Kafka consumer more than 1,000 records behind`, {
    namespace: "AWS/Lambda",
    metricName: "OffsetLag",
    dimensions: { FunctionName: fn },
    statistic: "Maximum",
    period: 300,
    evaluationPeriods: 3,
    threshold: 1000,
    comparisonOperator: "GreaterThanThreshold",
  });
  // A batch the mapping gave up on: its offsets are in the queue, to be replayed (docs/analytics.md).
  alarm(`${key}FailuresVisible`, `${key}: batches set aside in the on-failure queue`, {
    namespace: "AWS/SQS",
    metricName: "ApproximateNumberOfMessagesVisible",
    dimensions: { QueueName: queue.nodes.queue.name },
    statistic: "Maximum",
    period: 300,
    evaluationPeriods: 1,
    threshold: 0,
    comparisonOperator: "GreaterThanThreshold",
  });
}

// ---- RDS ----
const dbId = database.nodes.instance!.identifier;
/**
 * max_connections for PostgreSQL on RDS is LEAST(DBInstanceClassMemory / 9531392, 5000):
 * about 80 on a t4g.micro (1 GiB, other stages) and about 850 on an m7g.large (8 GiB,
 * production). The alarm fires at 80 % of that.
 */
const maxConnections = production ? 850 : 80;
alarm("DatabaseCpu", "RDS CPU above 80 % for 15 minutes", {
  namespace: "AWS/RDS",
  metricName: "CPUUtilization",
  dimensions: { DBInstanceIdentifier: dbId },
  statistic: "Average",
  period: 300,
  evaluationPeriods: 3,
  threshold: 80,
  comparisonOperator: "GreaterThanThreshold",
});
/**
 * Free storage under 10 % of what SST allocates at first (2 GB of 20) for 30 minutes. RDS storage
 * autoscaling adds space within minutes of the same condition, so a short dip is not an alarm; a
 * sustained one means autoscaling did not act — the ceiling (`DB_STORAGE.maxGb`) is reached, or the
 * last scaling was under 6 hours ago. (It used to assume all 100 GB were allocated in production,
 * so it fired at 50 % used of the 20 GB really there; issue 23.11.)
 */
const freeStorageGb = DB_STORAGE.initialGb * 0.1;
alarm("DatabaseFreeStorage", `RDS free storage below ${freeStorageGb} GB for 30 minutes (autoscaling up to ${DB_STORAGE.maxGb} GB did not keep up)`, {
  namespace: "AWS/RDS",
  metricName: "FreeStorageSpace",
  dimensions: { DBInstanceIdentifier: dbId },
  statistic: "Minimum",
  period: 300,
  evaluationPeriods: 6,
  datapointsToAlarm: 6,
  threshold: freeStorageGb * 1024 ** 3,
  comparisonOperator: "LessThanThreshold",
});
alarm("DatabaseConnections", `RDS connections above 80 % of ~${maxConnections}`, {
  namespace: "AWS/RDS",
  metricName: "DatabaseConnections",
  dimensions: { DBInstanceIdentifier: dbId },
  statistic: "Maximum",
  period: 300,
  evaluationPeriods: 2,
  threshold: Math.floor(maxConnections * 0.8),
  comparisonOperator: "GreaterThanThreshold",
});

// ---- DynamoDB: any throttled read or write on a table (on-demand tables throttle at their limits) ----
for (const [name, table] of Object.entries(tables)) {
  const dims = { TableName: table.name };
  alarm(`${name}TableThrottles`, `DynamoDB ${name}: throttled reads or writes`, {
    comparisonOperator: "GreaterThanThreshold",
    threshold: 0,
    evaluationPeriods: 1,
    metricQueries: [
      { id: "reads", metric: { namespace: "AWS/DynamoDB", metricName: "ReadThrottleEvents", dimensions: dims, stat: "Sum", period: 300 } },
      { id: "writes", metric: { namespace: "AWS/DynamoDB", metricName: "WriteThrottleEvents", dimensions: dims, stat: "Sum", period: 300 } },
      { id: "throttles", expression: "reads + writes", label: "throttled requests", returnData: true },
    ],
  });
}

// ---- Budget: the stage's monthly cost, by SST's `sst:stage` tag ----
/**
 * USD per month. The filter needs `sst:stage` activated once as a cost allocation tag (Billing
 * console → Cost allocation tags); until then AWS Budgets sees no cost for it.
 */
export const monthlyBudget = monthlyBudgetUsd($app.stage, !shared);
export const budget = new aws.budgets.Budget("Budget", {
  name: `${$app.name}-${stage}`,
  budgetType: "COST",
  timeUnit: "MONTHLY",
  limitAmount: String(monthlyBudget),
  limitUnit: "USD",
  costFilters: [{ name: "TagKeyValue", values: [`user:sst:stage$${stage}`] }],
  notifications: [
    { notificationType: "ACTUAL", comparisonOperator: "GREATER_THAN", threshold: 80, thresholdType: "PERCENTAGE", subscriberSnsTopicArns: [alarmTopic.arn] },
    { notificationType: "FORECASTED", comparisonOperator: "GREATER_THAN", threshold: 100, thresholdType: "PERCENTAGE", subscriberSnsTopicArns: [alarmTopic.arn] },
  ],
});

// ---- Dashboard ----
const fnNames = $resolve(Object.values(monitoredFunctions).map((n) => $output(n)));
export const dashboard = new aws.cloudwatch.Dashboard("Dashboard", {
  dashboardName: `${$app.name}-${stage}`,
  dashboardBody: $resolve([
    region,
    apiId,
    realtime.nodes.api.id,
    fnNames,
    billingStateMachine.arn,
    analytics.name,
    invoicePush.name,
    analyticsFailures.nodes.queue.name,
    invoicePushFailures.nodes.queue.name,
    dbId,
    $resolve(Object.values(tables).map((t) => t.name)),
    $resolve(Object.values(alarms).map((a) => a.arn)),
  ]).apply(([region, apiId, wsId, functions, machineArn, analyticsFn, pushFn, analyticsQueue, pushQueue, dbId, tableNames, alarmArns]) => {
    const w = (title: string, metrics: unknown[][], extra: Record<string, unknown> = {}) => ({
      type: "metric",
      width: 12,
      height: 6,
      properties: { title, region, metrics, period: 300, view: "timeSeries", ...extra },
    });
    const carebeat = (name: string, stat = "Sum") => [NAMESPACE, name, "service", SERVICE, "stage", stage, { stat }];
    const widgets = [
      { type: "alarm", width: 24, height: 4, properties: { title: "Alarms", alarms: alarmArns } },
      w("API requests and errors", [
        ["AWS/ApiGateway", "Count", "ApiId", apiId, { stat: "Sum" }],
        ["AWS/ApiGateway", "4xx", "ApiId", apiId, { stat: "Sum" }],
        ["AWS/ApiGateway", "5xx", "ApiId", apiId, { stat: "Sum" }],
      ]),
      w(
        "API latency (SLO p95 < 500 ms)",
        ["p50", "p95", "p99"].map((stat) => ["AWS/ApiGateway", "Latency", "ApiId", apiId, { stat }]),
        { annotations: { horizontal: [{ label: "SLO p95", value: 500 }] } },
      ),
      w(
        "Lambda errors",
        (functions as string[]).map((fn) => ["AWS/Lambda", "Errors", "FunctionName", fn, { stat: "Sum" }]),
      ),
      w(
        "Lambda throttles",
        (functions as string[]).map((fn) => ["AWS/Lambda", "Throttles", "FunctionName", fn, { stat: "Sum" }]),
      ),
      w("Clinic activity", [carebeat(MetricName.BookingsCreated), carebeat(MetricName.InvoicesIssued), carebeat(MetricName.BillingFailures)]),
      w("Events", [carebeat(MetricName.EventsPublished), carebeat(MetricName.EventsApplied), carebeat(MetricName.DuplicatesSkipped), carebeat(MetricName.RecordsSkipped)]),
      w(
        "Push latency (batch → subscribers)",
        ["p50", "p95", "Maximum"].map((stat) => carebeat(MetricName.PushLatency, stat)),
      ),
      w(
        "Billing executions",
        ["ExecutionsStarted", "ExecutionsSucceeded", "ExecutionsFailed", "ExecutionsTimedOut"].map((m) => ["AWS/States", m, "StateMachineArn", machineArn, { stat: "Sum" }]),
      ),
      w(
        "Kafka consumer lag (OffsetLag)",
        [analyticsFn, pushFn].map((fn) => ["AWS/Lambda", "OffsetLag", "FunctionName", fn, { stat: "Maximum" }]),
      ),
      w(
        "Batches set aside (on-failure queues)",
        [analyticsQueue, pushQueue].map((q) => ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", q, { stat: "Maximum" }]),
      ),
      w("RDS CPU % and connections", [
        ["AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", dbId, { stat: "Average" }],
        ["AWS/RDS", "DatabaseConnections", "DBInstanceIdentifier", dbId, { stat: "Maximum", yAxis: "right" }],
      ]),
      w("RDS free storage (bytes)", [["AWS/RDS", "FreeStorageSpace", "DBInstanceIdentifier", dbId, { stat: "Minimum" }]]),
      w(
        "DynamoDB throttles",
        (tableNames as string[]).flatMap((t) => ["ReadThrottleEvents", "WriteThrottleEvents"].map((m) => ["AWS/DynamoDB", m, "TableName", t, { stat: "Sum" }])),
      ),
      w("WebSocket connections and messages", [
        ["AWS/ApiGateway", "ConnectCount", "ApiId", wsId, { stat: "Sum" }],
        ["AWS/ApiGateway", "MessageCount", "ApiId", wsId, { stat: "Sum" }],
        ["AWS/ApiGateway", "ClientError", "ApiId", wsId, { stat: "Sum" }],
      ]),
    ];
    // The alarm list across the top, then two columns in the order above.
    const [alarmList, ...graphs] = widgets;
    return JSON.stringify({ widgets: [{ ...alarmList, x: 0, y: 0 }, ...graphs.map((g, i) => ({ ...g, x: (i % 2) * 12, y: 4 + Math.floor(i / 2) * 6 }))] });
  }),
});
