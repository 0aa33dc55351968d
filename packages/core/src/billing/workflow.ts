/**
 * The billing state machine, defined once as data (Amazon States Language, JSONPath) and
 * deployed by stacks/billing.ts to AWS Step Functions and by packages/local to the local
 * endpoint. Only the task ARNs differ between the two homes.
 *
 * LoadContext → PriceVisit → CreateInvoice → [still pending?] → AssignNumber → RenderPdf →
 * IssueInvoice; any error → MarkFailed → BillingFailed. See docs/billing.md.
 */

/** The task states, their Lambda (logical name in stacks/) and handler file in packages/functions/src/billing/. */
export const billingTasks = {
  LoadContext: { functionName: "BillingLoadContext", handler: "load-context" },
  PriceVisit: { functionName: "BillingPriceVisit", handler: "price-visit" },
  CreateInvoice: { functionName: "BillingCreateInvoice", handler: "create-invoice" },
  AssignNumber: { functionName: "BillingAssignNumber", handler: "assign-number" },
  RenderPdf: { functionName: "BillingRenderPdf", handler: "render-pdf" },
  IssueInvoice: { functionName: "BillingIssueInvoice", handler: "issue-invoice" },
  MarkFailed: { functionName: "BillingMarkFailed", handler: "mark-failed" },
} as const;

export type BillingTask = keyof typeof billingTasks;
export type TaskArns = Record<BillingTask, string>;
export const billingTaskNames = Object.keys(billingTasks) as BillingTask[];

/** Transient Lambda service errors: worth retrying on every task (AWS's own advice). */
const lambdaTransient = {
  ErrorEquals: ["Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException"],
  IntervalSeconds: 1,
  MaxAttempts: 3,
  BackoffRate: 2,
};

/** Every task's failure ends up on the invoice: MarkFailed reads `$.error` ({ Error, Cause }). */
const catchAll = [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "MarkFailed" }];

/**
 * Every task also gets the execution input (`executionInput`: `{ appointmentId, correlationId }`,
 * ids only) from the context object, for its `correlationId` (docs/observability.md): the request
 * that booked. The whole input, not `$$.Execution.Input.correlationId`: a path to a missing
 * field is a States.Runtime failure no Catch handles, and executions started before the id
 * existed (or by hand) have none.
 */
function task(resource: string, comment: string, rest: { Parameters?: Record<string, unknown> } & Record<string, unknown>) {
  const Parameters = rest.Parameters && { ...rest.Parameters, "executionInput.$": "$$.Execution.Input" };
  return { Type: "Task", Comment: comment, Resource: resource, TimeoutSeconds: 30, ...rest, ...(Parameters ? { Parameters } : {}) };
}

/**
 * The definition with the given Lambda ARNs. The Lambdas are called by ARN (not through
 * `arn:aws:states:::lambda:invoke`), so a task's result is the handler's return value.
 * Execution input: `{ "appointmentId": "apt_…", "correlationId"?: "req_…" }`.
 */
export function definition(arns: TaskArns) {
  return {
    Comment: "Carebeat billing: one execution per appointment (execution name = appointment id) ends with an issued invoice and its PDF, or a failed invoice that says why.",
    StartAt: "LoadContext",
    TimeoutSeconds: 300,
    States: {
      LoadContext: task(arns.LoadContext, "Appointment, doctor and fee from PostgreSQL; checks the patient record exists in DynamoDB (names stay out of the history).", {
        Parameters: { "appointmentId.$": "$.appointmentId" },
        ResultPath: "$.context",
        Retry: [lambdaTransient],
        Catch: catchAll,
        Next: "PriceVisit",
      }),
      PriceVisit: task(arns.PriceVisit, "Line items, tax and total in integer cents.", {
        Parameters: { "visit.$": "$.context" },
        ResultPath: "$.priced",
        Retry: [lambdaTransient],
        Catch: catchAll,
        Next: "CreateInvoice",
      }),
      CreateInvoice: task(arns.CreateInvoice, "The appointment's one invoice (idempotent on appointment id), pending; born void if the appointment is already cancelled.", {
        Parameters: { "appointmentId.$": "$.appointmentId", "priced.$": "$.priced" },
        ResultSelector: { "id.$": "$.id", "status.$": "$.status" },
        ResultPath: "$.invoice",
        Retry: [lambdaTransient],
        Catch: catchAll,
        Next: "StillPending",
      }),
      StillPending: {
        Type: "Choice",
        Comment: "A repeated execution finds the invoice already issued, paid or void: nothing left to do.",
        Choices: [{ Variable: "$.invoice.status", StringEquals: "pending", Next: "AssignNumber" }],
        Default: "AlreadySettled",
      },
      AssignNumber: task(arns.AssignNumber, "Next gapless number of the year (counter row locked FOR UPDATE) with issue and due dates; idempotent.", {
        Parameters: { "invoiceId.$": "$.invoice.id" },
        ResultSelector: { "id.$": "$.id", "status.$": "$.status", "number.$": "$.number" },
        ResultPath: "$.invoice",
        Retry: [lambdaTransient],
        Catch: catchAll,
        Next: "RenderPdf",
      }),
      RenderPdf: task(arns.RenderPdf, "Render with pdfkit and store at invoices/{id}.pdf in S3 (one task: the PDF bytes never pass through the 256 KiB state payload).", {
        Parameters: { "invoiceId.$": "$.invoice.id" },
        ResultPath: "$.pdf",
        Retry: [{ ErrorEquals: ["States.ALL"], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2, MaxDelaySeconds: 8 }],
        Catch: catchAll,
        Next: "IssueInvoice",
      }),
      IssueInvoice: task(arns.IssueInvoice, "Mark issued and write invoice.issued to the outbox in the same transaction (the relay publishes it).", {
        Parameters: { "invoiceId.$": "$.invoice.id", "pdfKey.$": "$.pdf.pdfKey" },
        ResultSelector: { "id.$": "$.id", "status.$": "$.status", "number.$": "$.number" },
        ResultPath: "$.invoice",
        Retry: [lambdaTransient],
        Catch: catchAll,
        End: true,
      }),
      AlreadySettled: { Type: "Succeed", Comment: "The invoice was already issued, paid or void." },
      MarkFailed: task(arns.MarkFailed, "Record the error on the invoice (status failed, invoice.failed event) so the API shows it and retry can restart billing.", {
        Parameters: { "appointmentId.$": "$.appointmentId", "error.$": "$.error.Error", "cause.$": "$.error.Cause" },
        ResultPath: "$.failed",
        Retry: [{ ErrorEquals: ["States.ALL"], IntervalSeconds: 1, MaxAttempts: 5, BackoffRate: 2 }],
        Next: "BillingFailed",
      }),
      BillingFailed: { Type: "Fail", Comment: "The execution fails with the original error.", ErrorPath: "$.error.Error", CausePath: "$.error.Cause" },
    },
  };
}

/** The offline Lambda ARNs (docs/stepfunctions-local.md): the same shape AWS uses, in the local account. */
export function localTaskArns(stage: string): TaskArns {
  return Object.fromEntries(billingTaskNames.map((t) => [t, `arn:aws:lambda:us-east-1:000000000000:function:carebeat-${stage}-${billingTasks[t].functionName}`])) as TaskArns;
}

/** The offline state machine name/ARN (docs/stepfunctions-local.md). */
export const localMachineName = (stage: string) => `carebeat-${stage}-billing`;

/** First execution: the appointment id itself; each retry: `<id>-retry-<n>` (names are unique for 90 days). */
export function executionNameFor(appointmentId: string, attempt = 1): string {
  return attempt <= 1 ? appointmentId : `${appointmentId}-retry-${attempt}`;
}

/** `…:stateMachine:<machine>` + name → `…:execution:<machine>:<name>`. */
export function executionArnOf(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(":stateMachine:", ":execution:")}:${name}`;
}
