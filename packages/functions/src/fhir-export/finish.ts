import { withActor } from "@carebeat/core/actor";
import { log } from "@carebeat/core/observability";
import { instrument } from "@carebeat/core/observability/handler";
import { lazy } from "@carebeat/core/util/lazy";

// The input schema (zod) and the finish task (drizzle; S3 is core's own lazy chunk) load on the
// first invocation, once per container (docs/capacity.md, issue 19.1).
const domain = lazy(async () => {
  const [{ z }, { failJob, finish }] = await Promise.all([import("@carebeat/core/util/zod"), import("@carebeat/core/fhir/export/finish")]);
  const File = z.object({ type: z.string().max(64), key: z.string().max(300), count: z.number().int().min(0) });
  const Input = z.union([
    z.object({ jobId: z.string().min(1).max(64), results: z.array(z.object({ type: z.string().max(64), files: z.array(File) })).max(100) }),
    z.object({ jobId: z.string().min(1).max(64), error: z.string().max(200) }),
  ]);
  return { Input, failJob, finish };
});

/**
 * The `$export` workflow's Finish and Fail states (one function: both end the job): with
 * `results`, the manifest once every file exists; with `error` (the ASL error name), an
 * OperationOutcome file and the job failed.
 */
export const handler = instrument(
  "fhir-export.finish",
  async (event: unknown) => {
    const { Input, failJob, finish } = await domain();
    const input = Input.parse(event);
    return withActor({ type: "system", name: "fhir-export" }, async () => {
      if ("results" in input) return finish(input);
      log.warn("fhir.export_failed", { jobId: input.jobId, error: input.error });
      return failJob(input);
    });
  },
  { correlation: (e) => (e as { jobId?: string })?.jobId },
);
