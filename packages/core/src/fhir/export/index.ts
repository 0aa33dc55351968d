import { Audit } from "../../audit";
import { Doctor } from "../../doctor";
import { VisibleError } from "../../util/error";
import { fromFhirId } from "../ids";
import { assertMayExport, assertOwnJob, assertTypesAllowed } from "./access";
import { deleteJobFiles, readFile } from "./files";
import * as Jobs from "./jobs";
import { parseKickoff, prefersAsync } from "./kickoff";
import { startExecution, stopExecution } from "./start";
import { manifest, notFound, progressText, retryAfter, tooSoon } from "./poll";
import type { Scope } from "./registry";

/**
 * FHIR Bulk Data `$export` (docs/fhir.md, "Bulk export"): kick-off, status, cancel and files over
 * the job rows (jobs.ts), the workflow (workflow.ts) and the Exports bucket (files.ts). The
 * routes in packages/functions/src/api/routes/fhir-export.ts are thin calls into this.
 */
export namespace FhirExport {
  export interface KickoffInput {
    /** Absolute FHIR base, e.g. https://clinic.example/fhir/R4. */
    base: string;
    /** The kick-off URL as received (the manifest's `request`). */
    url: string;
    level: Scope["level"];
    /** `Group/{id}`: the Practitioner's FHIR id (a Group is a doctor's patients). */
    groupId?: string;
    query: Record<string, string[]>;
    prefer?: string;
    lenient: boolean;
  }

  export async function kickoff(input: KickoffInput): Promise<{ jobId: string; statusUrl: string }> {
    const who = await assertMayExport(null);
    // Parameters and the client's scope first: a client outside its grant hears 403, whatever it preferred.
    const params = parseKickoff(input.query, input.level, input.lenient);
    await assertTypesAllowed(params.types, null);
    if (!prefersAsync(input.prefer))
      throw new VisibleError("input", "fhir.prefer_async_required", "$export is asynchronous: send Prefer: respond-async.", [
        { field: "header.prefer", message: "Must be respond-async" },
      ]);
    let scope: Scope = { level: input.level } as Scope;
    if (input.level === "group") {
      const doctorId = fromFhirId(input.groupId ?? "");
      if (!doctorId.startsWith("doc_") || !(await Doctor.get(doctorId)))
        throw new VisibleError("not-found", "fhir.group_not_found", "No such Group (a Group id is a Practitioner id).");
      scope = { level: "group", doctorId };
    }
    const job = await Jobs.create({ scope, types: params.types, since: params.since, request: input.url, ...who });
    await Audit.record({
      action: "fhir.export.kickoff",
      resourceType: "bulk_export",
      resourceId: job.id,
      detail: { level: job.level, types: job.types, since: job.since?.toISOString() ?? null },
    });
    try {
      const arn = await startExecution(job.id, job.types);
      if (arn) await Jobs.setExecution(job.id, arn);
    } catch (err) {
      // Never a job that polls "in progress" forever: it reports the failure in its manifest.
      await Jobs.fail(job.id, "Export.StartFailed", []);
      throw err;
    }
    return { jobId: job.id, statusUrl: `${input.base}/bulkstatus/${job.id}` };
  }

  export type StatusAnswer = { status: 202; headers: Record<string, string> } | { status: 200; body: ReturnType<typeof manifest> };

  export async function status(jobId: string, base: string): Promise<StatusAnswer> {
    await assertMayExport(jobId);
    const job = await assertOwnJob(await Jobs.get(jobId), jobId);
    if (job.status === "cancelled") throw notFound();
    if (job.status === "in-progress") {
      if (!(await Jobs.recordPoll(job.id, Number(process.env.CAREBEAT_EXPORT_POLL_SECONDS ?? 2)))) throw tooSoon();
      return { status: 202, headers: { "x-progress": progressText(job), "retry-after": retryAfter() } };
    }
    return { status: 200, body: manifest(job, base) };
  }

  /** DELETE on the status URL: the job is cancelled (later polls 404), the execution stopped, its files deleted. */
  export async function cancel(jobId: string): Promise<void> {
    await assertMayExport(jobId);
    await assertOwnJob(await Jobs.get(jobId), jobId);
    const job = await Jobs.cancel(jobId);
    if (!job) throw notFound();
    await Audit.record({ action: "fhir.export.cancel", resourceType: "bulk_export", resourceId: job.id });
    if (job.executionArn) await stopExecution(job.executionArn);
    await deleteJobFiles(job.id);
  }

  /** One file of a finished job's manifest, as a stream; only names the manifest lists. */
  export async function file(jobId: string, name: string): Promise<ReadableStream> {
    await assertMayExport(jobId);
    const job = await assertOwnJob(await Jobs.get(jobId), jobId);
    if (job.status !== "completed" && job.status !== "failed") throw notFound();
    const f = [...(job.output ?? []), ...(job.errorFiles ?? [])].find((x) => x.key.split("/").pop() === name);
    if (!f) throw notFound();
    const body = await readFile(f.key);
    if (!body) throw notFound();
    // The disclosure itself was audited per page, by patient id, when the file was written (tasks.ts).
    await Audit.record({ action: "fhir.export.download", resourceType: "bulk_export", resourceId: job.id, detail: { file: name, type: f.type, count: f.count } });
    return body;
  }
}
