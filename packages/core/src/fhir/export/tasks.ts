import { withActor, type Actor, type Role } from "../../actor";
import { Audit } from "../../audit";
import { useTransaction } from "../../drizzle";
import { auditTable } from "../../audit/audit.sql";
import { operationOutcome } from "../outcome";
import type { ExportFile } from "./export.sql";
import { fileExists, fileKey, putFile } from "./files";
import * as Jobs from "./jobs";
import { exportType } from "./registry";

/**
 * The workflow's tasks (workflow.ts), called by the thin handlers in
 * packages/functions/src/fhir-export/. Memory stays bounded: one page of one type, and one file
 * part of at most `FILE_MAX_BYTES`, whatever the clinic's size.
 */

/** Resources read per page (CAREBEAT_EXPORT_PAGE_SIZE) (one keyset query, one DynamoDB BatchGet per 100 patients). */
const pageSize = () => Number(process.env.CAREBEAT_EXPORT_PAGE_SIZE ?? 500);

/**
 * A file is cut at 4 MiB: the download route returns it through the API Lambda, whose response
 * is at most 6 MB (docs/fhir.md, "Why behind the token"). A client sees several `output` entries
 * of one type, as the IG allows.
 */
const fileMaxBytes = () => Number(process.env.CAREBEAT_EXPORT_FILE_BYTES ?? 4 * 1024 * 1024);

export interface TypeResult {
  type: string;
  files: ExportFile[];
}

/** The export's disclosures are the requester's: their id on the audit rows, as if they had read each page. */
function requester(job: Jobs.Job): Actor {
  return job.requestedRole === "system"
    ? { type: "system", name: job.requestedBy.replace(/^system:/, "") }
    : { type: "user", userId: job.requestedBy, role: job.requestedRole as Role };
}

export async function exportOneType(input: { jobId: string; type: string }): Promise<TypeResult> {
  const job = await Jobs.get(input.jobId);
  const entry = exportType(input.type);
  if (!entry) throw new Error(`Unknown export type ${input.type}`);
  // Cancelled (or gone): nothing more to write; Finish will not overwrite the cancellation.
  if (job?.status !== "in-progress") return { type: input.type, files: [] };
  const scope = Jobs.scopeOf(job);
  const files: ExportFile[] = [];
  let lines: string[] = [];
  let bytes = 0;
  let written = 0;
  const flush = async () => {
    if (!lines.length) return;
    const key = fileKey(job.id, `${entry.type}-${files.length + 1}.ndjson`);
    await putFile(key, lines.join(""));
    files.push({ type: entry.type, key, count: lines.length });
    lines = [];
    bytes = 0;
  };
  const maxBytes = fileMaxBytes();
  let after: string | undefined;
  do {
    const page = await entry.page({ scope, since: job.since ?? undefined, after, limit: pageSize() });
    for (const r of page.resources) {
      const line = `${JSON.stringify(r)}\n`;
      const size = Buffer.byteLength(line);
      if (bytes + size > maxBytes) await flush();
      lines.push(line);
      bytes += size;
    }
    written += page.resources.length;
    // One audit row per page, naming every patient it disclosed (set-based; GET /api/audit?patientId= finds it).
    if (page.patientIds.length)
      await withActor(requester(job), () =>
        useTransaction((tx) =>
          tx.insert(auditTable).values(
            Audit.build({
              action: "fhir.export",
              resourceType: entry.type,
              resourceId: job.id,
              patientIds: page.patientIds,
              detail: { jobId: job.id, count: page.resources.length },
            }),
          ),
        ),
      );
    await Jobs.setProgress(job.id, entry.type, written, false);
    after = page.last;
    // A DELETE between pages: stop reading; whatever was written is deleted or expires.
    if (after && (await Jobs.get(job.id))?.status !== "in-progress") return { type: entry.type, files: [] };
  } while (after);
  await flush();
  await Jobs.setProgress(job.id, entry.type, written, true);
  return { type: entry.type, files };
}

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
