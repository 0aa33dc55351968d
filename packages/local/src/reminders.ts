import { reminderDefinition, localReminderArn, localReminderMachineName } from "@carebeat/core/notification/reminder-workflow";
import { handler as reminderCheck } from "@carebeat/functions/notification/reminder-check";

/**
 * The reminder machine for the local Step Functions endpoint: the one definition from
 * packages/core with the offline Lambda ARN of its Check task. Its executions mostly sit in a
 * Wait (a timer each), so they have a limit of their own instead of the billing machine's 16.
 */
export function reminderMachine(stage: string) {
  const arn = localReminderArn(stage);
  return {
    name: localReminderMachineName(stage),
    definition: reminderDefinition(arn),
    handlers: { [arn]: reminderCheck as (event: any) => Promise<any> },
    maxConcurrency: 100_000,
  };
}
