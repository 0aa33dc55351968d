import { vpc } from "./network";
import { database, dbEnvironment } from "./database";
import { afterMigrations } from "./migrations";
import { reserve } from "./capacity";
import { mfaKey } from "./secrets";
import { tables } from "./storage";
import { logRetentionDays } from "./observability";
import { TOPICS, TOPIC_PREFIX, mapping, consumerPermissions } from "./events";
import { mailSender } from "./mail";
import { reminderDefinition, reminderTask } from "../packages/core/src/notification/reminder-workflow";

/**
 * Patient email that follows every booking change, and the reminders (docs/notifications.md).
 *
 * - `Notifications`: the consumer of `appointment-events` and `invoice-events` (one mapping and
 *   consumer group each: AWS wants a group id per mapping) — renders and enqueues confirmations,
 *   new times, cancellations and invoice notices into the mail outbox, and starts or stops the
 *   reminder execution of each booking.
 * - `ReminderWorkflow`: the state machine from packages/core (Check → Wait → Check …), whose
 *   Check task (`ReminderCheck`) decides against the database and enqueues the reminder.
 *
 * Both write only into the mail outbox: the sender (stacks/mail.ts) is the one function that
 * calls SES. Both read the patient's address from DynamoDB and sign the opt-out link (MfaKey).
 */
const GROUPS = { appointments: `${TOPIC_PREFIX}carebeat-notifications`, invoices: `${TOPIC_PREFIX}carebeat-notifications-invoices` };
const clinicName: Record<string, string> = process.env.CAREBEAT_CLINIC_NAME ? { CAREBEAT_CLINIC_NAME: process.env.CAREBEAT_CLINIC_NAME } : {};

export const reminderCheck = new sst.aws.Function(
  reminderTask.functionName,
  {
    handler: reminderTask.handler,
    vpc,
    link: [database, mfaKey, mailSender, tables.Patients],
    timeout: "30 seconds",
    environment: { ...dbEnvironment(1), ...clinicName },
    concurrency: reserve($app.stage, "reminders"),
  },
  afterMigrations,
);

const machineName = `${$app.name}-${$app.stage}-reminders`;
const logGroup = new aws.cloudwatch.LogGroup("ReminderWorkflowLogs", { name: `/aws/vendedlogs/states/${machineName}`, retentionInDays: logRetentionDays });

/** Inline policy, as the billing machine's role (stacks/billing.ts: CreateStateMachine checks it up front). */
const role = new aws.iam.Role("ReminderWorkflowRole", {
  assumeRolePolicy: aws.iam.assumeRolePolicyForPrincipal({ Service: "states.amazonaws.com" }),
  inlinePolicies: [
    {
      name: "ReminderWorkflowPolicy",
      policy: reminderCheck.arn.apply((arn) =>
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: [arn, `${arn}:*`] },
            {
              Effect: "Allow",
              Action: [
                "logs:CreateLogDelivery",
                "logs:GetLogDelivery",
                "logs:UpdateLogDelivery",
                "logs:DeleteLogDelivery",
                "logs:ListLogDeliveries",
                "logs:PutResourcePolicy",
                "logs:DescribeResourcePolicies",
                "logs:DescribeLogGroups",
              ],
              Resource: "*",
            },
          ],
        }),
      ),
    },
  ],
});

export const reminderStateMachine = new aws.sfn.StateMachine("ReminderWorkflow", {
  name: machineName,
  type: "STANDARD",
  roleArn: role.arn,
  definition: reminderCheck.arn.apply((arn) => JSON.stringify(reminderDefinition(arn))),
  // Ids and times only in the input; ERROR level without execution data all the same.
  loggingConfiguration: { logDestination: $interpolate`${logGroup.arn}:*`, includeExecutionData: false, level: "ERROR" },
});

const executions = reminderStateMachine.arn.apply((arn) => `${arn.replace(":stateMachine:", ":execution:")}:*`);

/** `Resource.ReminderWorkflow.arn` for the consumer: start an execution per booking, stop one that no longer holds. */
export const reminderWorkflow = new sst.Linkable("ReminderWorkflow", {
  properties: { arn: reminderStateMachine.arn },
  include: [
    sst.aws.permission({ actions: ["states:StartExecution"], resources: [reminderStateMachine.arn] }),
    sst.aws.permission({ actions: ["states:StopExecution", "states:DescribeExecution"], resources: [executions] }),
  ],
});

export const notificationsFailures = new sst.aws.Queue("NotificationsFailures", { transform: { queue: { messageRetentionSeconds: 14 * 24 * 3600 } } });

export const notifications = new sst.aws.Function(
  "Notifications",
  {
    handler: "packages/functions/src/notification/consumer.handler",
    vpc,
    link: [database, mfaKey, mailSender, reminderWorkflow, tables.Patients],
    timeout: "1 minute",
    environment: { ...dbEnvironment(1), ...clinicName },
    concurrency: reserve($app.stage, "notifications"),
    permissions: [...consumerPermissions(GROUPS.appointments), ...consumerPermissions(GROUPS.invoices), { actions: ["sqs:SendMessage"], resources: [notificationsFailures.arn] }],
  },
  afterMigrations,
);

export const notificationsAppointmentsTrigger = mapping("NotificationsAppointmentsTrigger", notifications, TOPICS[0]!, GROUPS.appointments, notificationsFailures);
export const notificationsInvoicesTrigger = mapping("NotificationsInvoicesTrigger", notifications, TOPICS[1]!, GROUPS.invoices, notificationsFailures);
