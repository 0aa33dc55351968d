import { withActor, type Actor, type Role } from "../../actor";
import { Audit } from "../../audit";
import { useTransaction } from "../../drizzle";
import { auditTable } from "../../audit/audit.sql";
import type { ExportFile } from "./export.sql";
import { fileKey, putFile } from "./files";
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

/**
 * The export's disclosures are the requester's: their id on the audit rows, as if they had read each
 * page. A SMART client's job keeps its client id (`smc_…`), so the rows carry it; the scopes were
 * checked at kick-off (access.ts) and nothing here asks them again.
 */
function requester(job: Jobs.Job): Actor {
  if (job.requestedRole !== "system") return { type: "user", userId: job.requestedBy, role: job.requestedRole as Role };
  if (job.requestedBy.startsWith("system:")) return { type: "system", name: job.requestedBy.slice("system:".length) };
  return { type: "system", name: "smart-client", client: { id: job.requestedBy, scopes: [] } };
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
