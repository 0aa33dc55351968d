import { exportDefinition, exportTasks, exportTaskNames, TYPE_TIMEOUT_SECONDS, type ExportTask, type ExportTaskArns } from "../packages/core/src/fhir/export/workflow";
import { vpc } from "./network";
import { database, dbEnvironment } from "./database";
import { afterMigrations } from "./migrations";
import { tables } from "./storage";
import { reserve } from "./capacity";
import { logRetentionDays } from "./observability";

/**
 * FHIR Bulk Data `$export` (docs/fhir.md, "Bulk export"): the files' bucket, one Lambda per task
 * and the state machine from the one definition in packages/core/src/fhir/export/workflow.ts —
 * the offline runtime executes the same object (packages/local/src/fhir-export.ts). The API
 * links `exportBucket` (to serve the files behind the token) and `fhirExportWorkflow` (start, stop).
 */

/**
 * `bulk/<job>/<Type>-<n>.ndjson`. Private (SST blocks public access), SSE-S3, and every object
 * expires after a day: a manifest's files are for fetching now, and leftovers of a cancelled job
 * or a superseded attempt go away without a sweeper.
 */
export const exportBucket = new sst.aws.Bucket("Exports", { lifecycle: [{ id: "expire-exports", expiresIn: "1 day" }] });
new aws.s3.BucketServerSideEncryptionConfiguration("ExportsEncryption", {
  bucket: exportBucket.nodes.bucket.id,
  rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: true }],
});

/** What each task touches: ExportType reads PostgreSQL and the patient table and writes files; Finish checks and writes files. */
const taskLinks: Record<ExportTask, any[]> = {
  ExportType: [database, tables.Patients, exportBucket],
  Finish: [database, exportBucket],
};

export const fhirExportFunctions = Object.fromEntries(
  exportTaskNames.map((task) => {
    const { functionName, handler } = exportTasks[task];
    return [
      task,
      new sst.aws.Function(
        functionName,
        {
          handler,
          vpc,
          link: taskLinks[task],
          // A type's whole walk runs in one invocation (pages in key order), within Lambda's 15 minutes.
          timeout: task === "ExportType" ? `${TYPE_TIMEOUT_SECONDS} seconds` : "1 minute",
          memory: "512 MB",
          environment: dbEnvironment(1),
          concurrency: reserve($app.stage, "fhirExport"),
        },
        afterMigrations,
      ),
    ];
  }),
) as Record<ExportTask, sst.aws.Function>;

const machineName = `${$app.name}-${$app.stage}-fhir-export`;
const logGroup = new aws.cloudwatch.LogGroup("FhirExportWorkflowLogs", { name: `/aws/vendedlogs/states/${machineName}`, retentionInDays: logRetentionDays });
const taskArns = exportTaskNames.map((t) => fhirExportFunctions[t].arn);

/** Inline policy, as the billing machine's role (stacks/billing.ts: CreateStateMachine checks it up front). */
const role = new aws.iam.Role("FhirExportWorkflowRole", {
  assumeRolePolicy: aws.iam.assumeRolePolicyForPrincipal({ Service: "states.amazonaws.com" }),
  inlinePolicies: [
    {
      name: "FhirExportWorkflowPolicy",
      policy: $resolve(taskArns).apply((arns) =>
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: arns.flatMap((a) => [a, `${a}:*`]) },
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

export const fhirExportStateMachine = new aws.sfn.StateMachine("FhirExportWorkflow", {
  name: machineName,
  type: "STANDARD",
  roleArn: role.arn,
  definition: $resolve(taskArns).apply((arns) => JSON.stringify(exportDefinition(Object.fromEntries(exportTaskNames.map((t, i) => [t, arns[i]])) as ExportTaskArns))),
  // Job ids, type names and file keys only in the history; ERROR level without execution data all the same.
  loggingConfiguration: { logDestination: $interpolate`${logGroup.arn}:*`, includeExecutionData: false, level: "ERROR" },
});

const executions = fhirExportStateMachine.arn.apply((arn) => `${arn.replace(":stateMachine:", ":execution:")}:*`);

/** `Resource.FhirExportWorkflow.arn` for the API: start a job's execution, stop it on a DELETE. */
export const fhirExportWorkflow = new sst.Linkable("FhirExportWorkflow", {
  properties: { arn: fhirExportStateMachine.arn },
  include: [
    sst.aws.permission({ actions: ["states:StartExecution"], resources: [fhirExportStateMachine.arn] }),
    sst.aws.permission({ actions: ["states:StopExecution", "states:DescribeExecution"], resources: [executions] }),
  ],
});
