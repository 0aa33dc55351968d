import { VisibleError } from "../../util/error";
import type { Job } from "./jobs";

/**
 * What a status poll answers (Bulk Data IG, "Status Request"), as plain data the route sends:
 * 202 + X-Progress + Retry-After while running, 200 + the manifest when done (completed, or failed
 * with its OperationOutcome file in `error`), 404 for an unknown or cancelled job, 429 (thrown by
 * the caller) for a poll sooner than Retry-After.
 */
export const POLL_SECONDS = () => Number(process.env.CAREBEAT_EXPORT_POLL_SECONDS ?? 2);
export const retryAfter = () => String(Math.max(1, Math.ceil(POLL_SECONDS())));

export const notFound = () => new VisibleError("not-found", "fhir.export_not_found", "No such export (it may have been cancelled).");

export const tooSoon = () =>
  new VisibleError("rate-limited", "fhir.export_poll_too_often", `Poll at most every ${retryAfter()} s (Retry-After).`, [], { "retry-after": retryAfter() });

export const fileUrl = (base: string, jobId: string, key: string) => `${base}/bulkfiles/${jobId}/${key.split("/").pop()}`;

export function progressText(job: Pick<Job, "types" | "progress">): string {
  const p = job.progress ?? {};
  const done = job.types.filter((t) => p[t]?.done).length;
  return `${done}/${job.types.length} types done; ${job.types.map((t) => `${t} ${p[t]?.written ?? 0}`).join(", ")}`.slice(0, 200);
}

export function manifest(job: Job, base: string) {
  return {
    transactionTime: job.transactionTime.toISOString(),
    request: job.request,
    // The files are served behind the access token (docs/fhir.md, "Why behind the token").
    requiresAccessToken: true,
    output: (job.output ?? []).map((f) => ({ type: f.type, url: fileUrl(base, job.id, f.key), count: f.count })),
    error: (job.errorFiles ?? []).map((f) => ({ type: f.type, url: fileUrl(base, job.id, f.key), count: f.count })),
  };
}
