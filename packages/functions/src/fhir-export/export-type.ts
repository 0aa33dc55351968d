import { withActor } from "@carebeat/core/actor";
import { instrument } from "@carebeat/core/observability/handler";
import { lazy } from "@carebeat/core/util/lazy";

// The input schema (zod) and the export task (the type registry, drizzle, the DynamoDB patient
// store; S3 is core's own lazy chunk) load on the first invocation, once per container
// (docs/capacity.md, issue 19.1).
const domain = lazy(async () => {
  const [{ z }, { exportOneType }] = await Promise.all([import("@carebeat/core/util/zod"), import("@carebeat/core/fhir/export/tasks")]);
  return { Input: z.object({ jobId: z.string().min(1).max(64), type: z.string().min(1).max(64) }), exportOneType };
});

/**
 * The `$export` workflow's ExportType task (packages/core/src/fhir/export/workflow.ts): one
 * resource type of one job, page by page into NDJSON files in S3. Ids and type names in, file
 * keys and counts out: no patient data in the execution history.
 */
export const handler = instrument(
  "fhir-export.type",
  async (event: unknown) => {
    const { Input, exportOneType } = await domain();
    const input = Input.parse(event);
    return withActor({ type: "system", name: "fhir-export" }, () => exportOneType(input));
  },
  { correlation: (e) => (e as { jobId?: string })?.jobId },
);
