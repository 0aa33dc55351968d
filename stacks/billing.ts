import { definition, billingTasks, billingTaskNames, type BillingTask, type TaskArns } from "../packages/core/src/billing/workflow";
import { vpc } from "./network";
import { database, dbEnvironment } from "./database";
import { afterMigrations } from "./migrations";
import { tables, invoices } from "./storage";
import { eventRelay } from "./events";
import { reserve } from "./capacity";
import { logRetentionDays } from "./observability";
import { pinnedInstall } from "./installs";

/**
 * Billing on Step Functions (docs/billing.md): the state machine deployed from the one
 * definition in packages/core/src/billing/workflow.ts — the offline runtime executes the
 * same object — with one Lambda per task, a sweeper cron, and IAM that lets the machine
 * invoke only its tasks and the API only start/inspect/redrive this machine.
 */

/** What each task touches; nothing else is linked (least privilege per function). */
const taskLinks: Record<BillingTask, any[]> = {
  LoadContext: [database, tables.Patients],
  PriceVisit: [],
  CreateInvoice: [database],
  AssignNumber: [database],
  RenderPdf: [database, tables.Patients, invoices],
  // They write invoice.* outbox rows, so they nudge the relay after commit (docs/analytics.md).
  IssueInvoice: [database, eventRelay],
  MarkFailed: [database, eventRelay],
};

export const billingFunctions = Object.fromEntries(
  billingTaskNames.map((task) => {
    const { functionName, handler } = billingTasks[task];
    const links = taskLinks[task];
    const usesDatabase = links.includes(database);
    return [
      task,
      new sst.aws.Function(
        functionName,
        {
          handler: `packages/functions/src/billing/${handler}.handler`,
          // Only the tasks that reach PostgreSQL need the VPC (PriceVisit is pure).
          vpc: usesDatabase ? vpc : undefined,
          link: links,
          timeout: "30 seconds",
          memory: task === "RenderPdf" ? "1024 MB" : "512 MB",
          environment: usesDatabase ? dbEnvironment(1) : {},
          // Bounded connections (stacks/capacity.ts); a throttled task is retried by the workflow (Lambda.TooManyRequestsException).
          concurrency: usesDatabase ? reserve($app.stage, task === "RenderPdf" ? "renderPdf" : "billingTask") : undefined,
          // pdfkit reads its font metrics (.afm) from its package folder at run time.
          nodejs: task === "RenderPdf" ? { install: pinnedInstall("pdfkit") } : undefined,
        },
        usesDatabase ? afterMigrations : undefined,
      ),
    ];
  }),
) as Record<BillingTask, sst.aws.Function>;

const machineName = `${$app.name}-${$app.stage}-billing`;

const logGroup = new aws.cloudwatch.LogGroup("BillingWorkflowLogs", {
  name: `/aws/vendedlogs/states/${machineName}`,
  retentionInDays: logRetentionDays,
});

const taskArns = billingTaskNames.map((t) => billingFunctions[t].arn);

/**
 * The machine's role with its policy inline: CreateStateMachine checks up front that the role may
 * deliver logs, so a separate RolePolicy resource would race the state machine and fail the deploy
 * now and then (issue 23.4). Inline, the permissions exist the moment the role does — as SST's own
 * `sst.aws.StepFunctions` does it.
 */
const role = new aws.iam.Role("BillingWorkflowRole", {
  assumeRolePolicy: aws.iam.assumeRolePolicyForPrincipal({ Service: "states.amazonaws.com" }),
  inlinePolicies: [
    {
      name: "BillingWorkflowPolicy",
      policy: $resolve(taskArns).apply((arns) =>
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            // Its own task functions (and their versions/aliases), nothing else.
            { Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: arns.flatMap((a) => [a, `${a}:*`]) },
            // CloudWatch Logs vended delivery and X-Ray: these actions take no resource ARN.
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
            { Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"], Resource: "*" },
          ],
        }),
      ),
    },
  ],
});

export const billingStateMachine = new aws.sfn.StateMachine("BillingWorkflow", {
  name: machineName,
  type: "STANDARD",
  roleArn: role.arn,
  definition: $resolve(taskArns).apply((arns) => JSON.stringify(definition(Object.fromEntries(billingTaskNames.map((t, i) => [t, arns[i]])) as TaskArns))),
  // ERROR without execution data: failures are logged, patient-adjacent payloads are not.
  loggingConfiguration: { logDestination: $interpolate`${logGroup.arn}:*`, includeExecutionData: false, level: "ERROR" },
  tracingConfiguration: { enabled: true },
});

const executions = billingStateMachine.arn.apply((arn) => `${arn.replace(":stateMachine:", ":execution:")}:*`);

/**
 * `Resource.BillingWorkflow.arn` for the API and the sweeper, with exactly the permissions
 * they use on this machine: start executions, read their state and history, redrive.
 */
export const billingWorkflow = new sst.Linkable("BillingWorkflow", {
  properties: { arn: billingStateMachine.arn },
  include: [
    sst.aws.permission({ actions: ["states:StartExecution"], resources: [billingStateMachine.arn] }),
    sst.aws.permission({ actions: ["states:DescribeExecution", "states:GetExecutionHistory", "states:RedriveExecution"], resources: [executions] }),
  ],
});

/**
 * The safety net for a crash between a booking's commit and its StartExecution. The function is
 * created here, not inside the cron, so it can wait for this deploy's migrations (a component's
 * options reach only its own children; issue 23.10); the name is the one CronV2 would give it.
 */
export const billingSweeperHandler = new sst.aws.Function(
  "BillingSweeperHandler",
  {
    handler: "packages/functions/src/billing/sweep.handler",
    vpc,
    link: [database, billingWorkflow],
    timeout: "2 minutes",
    environment: { ...dbEnvironment(1), CAREBEAT_SWEEP_AFTER_SECONDS: "120" },
    // One sweep at a time, one connection (counted in stacks/capacity.ts).
    concurrency: reserve($app.stage, "sweeper"),
  },
  afterMigrations,
);
export const billingSweeper = new sst.aws.CronV2("BillingSweeper", { schedule: "rate(5 minutes)", function: billingSweeperHandler.arn });

/** Invoice PDFs at rest: SSE-S3 stated explicitly (SST's Bucket already denies non-TLS access). */
new aws.s3.BucketServerSideEncryptionConfiguration("InvoicesEncryption", {
  bucket: invoices.nodes.bucket.id,
  rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: true }],
});
