/**
 * The reminder workflow (docs/notifications.md), defined once as data (ASL, JSONPath) and run by
 * AWS Step Functions (stacks/notifications.ts) and the local endpoint (packages/local). One
 * execution per (appointment, start time): its name is `reminder-<appointment>-<start epoch s>`,
 * so a redelivered event starts nothing twice and a reschedule starts the new time's execution.
 *
 * Check → (wait?) Wait until `$.check.until` → Check … → Done. Check decides everything against
 * the database at the moment it runs — still booked, still at this start, reminders still wanted,
 * lead time now — so an execution for a time that no longer holds ends without sending, whatever
 * stopped or did not stop it. It never waits more than a week at a time (MAX_WAIT_SECONDS), so a
 * changed lead time applies to visits far ahead, and no local timer outgrows setTimeout's 24.8 days.
 */
export const reminderTask = { functionName: "ReminderCheck", handler: "packages/functions/src/notification/reminder-check.handler" } as const;

export const MAX_WAIT_SECONDS = 7 * 86_400;

export function reminderDefinition(checkArn: string) {
  return {
    Comment: "Carebeat reminders: one execution per appointment and start time; sends the reminder once, at the lead time, if the visit still holds.",
    StartAt: "Check",
    // No TimeoutSeconds: a Standard execution may run a year (AWS's limit, and the furthest ahead a
    // visit is booked), and a timeout that long would overflow the local interpreter's timer
    // (setTimeout holds 24.8 days; a longer delay fires at once — the execution "timed out").
    States: {
      Check: {
        Type: "Task",
        Comment: "Still booked at this start? Due? Then enqueue the reminder (idempotent on appointment, kind, start) — or say how long to wait.",
        Resource: checkArn,
        Parameters: { "appointmentId.$": "$.appointmentId", "startsAt.$": "$.startsAt", "since.$": "$.since" },
        ResultPath: "$.check",
        TimeoutSeconds: 30,
        Retry: [
          {
            ErrorEquals: ["Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException"],
            IntervalSeconds: 1,
            MaxAttempts: 3,
            BackoffRate: 2,
          },
          // A database or DynamoDB outage: keep trying for about an hour; the reminder is still worth sending late rather than never.
          { ErrorEquals: ["States.ALL"], IntervalSeconds: 10, MaxAttempts: 8, BackoffRate: 2, MaxDelaySeconds: 900 },
        ],
        Next: "Due",
      },
      Due: {
        Type: "Choice",
        Choices: [{ Variable: "$.check.action", StringEquals: "wait", Next: "Wait" }],
        Default: "Done",
      },
      Wait: { Type: "Wait", TimestampPath: "$.check.until", Next: "Check" },
      Done: { Type: "Succeed", Comment: "Sent, or nothing to send ($.check.outcome says which)." },
    },
  };
}

export const localReminderArn = (stage: string) => `arn:aws:lambda:us-east-1:000000000000:function:carebeat-${stage}-${reminderTask.functionName}`;
export const localReminderMachineName = (stage: string) => `carebeat-${stage}-reminders`;

/** Execution names allow [A-Za-z0-9_-], 80 characters. */
export function reminderExecutionName(appointmentId: string, startsAt: string | Date): string {
  return `reminder-${appointmentId}-${Math.floor(new Date(startsAt).getTime() / 1000)}`.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 80);
}
