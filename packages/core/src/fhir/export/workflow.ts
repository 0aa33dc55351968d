/**
 * The `$export` state machine (docs/fhir.md, "Bulk export"), defined once as data (ASL, JSONPath)
 * and run by AWS Step Functions (stacks/fhir-export.ts) and the local endpoint
 * (packages/local/src/fhir-export.ts). Only the task ARNs differ between the two homes.
 *
 * Execution input: `{ jobId, types: [...] }` (ids and type names only: no patient data in the
 * history). ExportTypes (a Map, one iteration per type, a few at a time) → Finish; any error →
 * Fail, which writes an OperationOutcome file and marks the job failed. Every task is idempotent:
 * an iteration run again (a retry, a resume after a crash) rewrites the same keys, and Finish
 * and Fail change only a job still in progress.
 */
export const exportTasks = {
  ExportType: { functionName: "FhirExportType", handler: "packages/functions/src/fhir-export/export-type.handler" },
  Finish: { functionName: "FhirExportFinish", handler: "packages/functions/src/fhir-export/finish.handler" },
} as const;

export type ExportTask = keyof typeof exportTasks;
export type ExportTaskArns = Record<ExportTask, string>;
export const exportTaskNames = Object.keys(exportTasks) as ExportTask[];

/** Types exported at once per job: each holds one database connection and one page in memory. */
export const MAP_CONCURRENCY = 3;

/** A type's task may run this long (Lambda's 15-minute ceiling, less a margin). */
export const TYPE_TIMEOUT_SECONDS = 840;

const lambdaTransient = {
  ErrorEquals: ["Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException"],
  IntervalSeconds: 1,
  MaxAttempts: 3,
  BackoffRate: 2,
};

export function exportDefinition(arns: ExportTaskArns) {
  return {
    Comment: "Carebeat FHIR Bulk Data $export: one execution per job (execution name = job id); NDJSON files in S3, the manifest in the bulk_exports row.",
    StartAt: "ExportTypes",
    TimeoutSeconds: 3600,
    States: {
      ExportTypes: {
        Type: "Map",
        Comment: "One iteration per resource type: pages in key order, NDJSON parts to S3.",
        ItemsPath: "$.types",
        MaxConcurrency: MAP_CONCURRENCY,
        ItemSelector: { "jobId.$": "$.jobId", "type.$": "$$.Map.Item.Value" },
        ItemProcessor: {
          StartAt: "ExportType",
          States: {
            ExportType: {
              Type: "Task",
              Resource: arns.ExportType,
              TimeoutSeconds: TYPE_TIMEOUT_SECONDS,
              Retry: [lambdaTransient, { ErrorEquals: ["States.TaskFailed"], IntervalSeconds: 2, MaxAttempts: 2, BackoffRate: 2 }],
              End: true,
            },
          },
        },
        ResultPath: "$.results",
        Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "Fail" }],
        Next: "Finish",
      },
      Finish: {
        Type: "Task",
        Comment: "Checks every file exists, then writes the manifest (job → completed).",
        Resource: arns.Finish,
        Parameters: { "jobId.$": "$.jobId", "results.$": "$.results" },
        TimeoutSeconds: 60,
        Retry: [lambdaTransient],
        Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "Fail" }],
        End: true,
      },
      Fail: {
        Type: "Task",
        Comment: "An OperationOutcome file naming the error, then job → failed.",
        Resource: arns.Finish,
        Parameters: { "jobId.$": "$.jobId", "error.$": "$.error.Error" },
        TimeoutSeconds: 60,
        Retry: [lambdaTransient, { ErrorEquals: ["States.ALL"], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2 }],
        End: true,
      },
    },
  };
}

export const localExportTaskArns = (stage: string): ExportTaskArns =>
  Object.fromEntries(exportTaskNames.map((t) => [t, `arn:aws:lambda:us-east-1:000000000000:function:carebeat-${stage}-${exportTasks[t].functionName}`])) as ExportTaskArns;
export const localExportMachineName = (stage: string) => `carebeat-${stage}-fhir-export`;
