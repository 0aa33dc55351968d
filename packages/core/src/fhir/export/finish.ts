import { operationOutcome } from "../outcome";
import { fileExists, fileKey, putFile } from "./files";
import * as Jobs from "./jobs";
import type { TypeResult } from "./tasks";

/** The workflow's Finish and Fail states (workflow.ts): apart from ./tasks.ts, so their function does not load the type registry. */

/**
 * The manifest, once every file it lists exists: a resumed or retried execution can only
 * reach here with the results of iterations that returned, whose files were written before they
 * returned — the HEAD checks make "never a manifest pointing at a missing file" a check, not a hope.
 */
export async function finish(input: { jobId: string; results: TypeResult[] }): Promise<{ status: string }> {
  const output = input.results.flatMap((r) => r.files);
  for (const f of output) if (!(await fileExists(f.key))) return failJob({ jobId: input.jobId, error: "Export.FileMissing" });
  return { status: (await Jobs.complete(input.jobId, output)) ? "completed" : "unchanged" };
}

/** The error as an OperationOutcome file (the manifest's `error`), then job → failed. The ASL error name only: a cause can quote data. */
export async function failJob(input: { jobId: string; error: string }): Promise<{ status: string }> {
  const job = await Jobs.get(input.jobId);
  if (job?.status !== "in-progress") return { status: "unchanged" };
  const key = fileKey(job.id, "OperationOutcome-1.ndjson");
  const outcome = operationOutcome(500, "fhir.export_failed", `The export failed (${input.error}); start a new one.`);
  await putFile(key, `${JSON.stringify(outcome)}\n`);
  return { status: (await Jobs.fail(job.id, input.error, [{ type: "OperationOutcome", key, count: 1 }])) ? "failed" : "unchanged" };
}
