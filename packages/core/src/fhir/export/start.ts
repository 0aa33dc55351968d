import { links } from "../../util/links";
import { useSfn } from "../../billing/sfn";

/** `Resource.FhirExportWorkflow.arn` (stacks/fhir-export.ts; offline, packages/local/src/stack.ts). */
const machineArn = () => (links as unknown as { FhirExportWorkflow: { arn: string } }).FhirExportWorkflow.arn;

/** The execution name is the job id: a repeated start of one job can never run it twice. */
export async function startExecution(jobId: string, types: string[]): Promise<string | undefined> {
  const { sdk, client } = await useSfn();
  const out = await client.send(new sdk.StartExecutionCommand({ stateMachineArn: machineArn(), name: jobId, input: JSON.stringify({ jobId, types }) }));
  return out.executionArn;
}

/** A cancel: the execution stops; a task already running sees the cancelled row at its next page. */
export async function stopExecution(executionArn: string) {
  const { sdk, client } = await useSfn();
  try {
    await client.send(new sdk.StopExecutionCommand({ executionArn, error: "Export.Cancelled", cause: "DELETE on the status URL" }));
  } catch (err) {
    // Already ended: nothing to stop.
    if ((err as { name?: string }).name !== "ExecutionDoesNotExist") throw err;
  }
}
