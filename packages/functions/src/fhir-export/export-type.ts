import { z } from "@carebeat/core/util/zod";
import { withActor } from "@carebeat/core/actor";
import { instrument } from "@carebeat/core/observability/handler";
import { exportOneType } from "@carebeat/core/fhir/export/tasks";

const Input = z.object({ jobId: z.string().min(1).max(64), type: z.string().min(1).max(64) });

/**
 * The `$export` workflow's ExportType task (packages/core/src/fhir/export/workflow.ts): one
 * resource type of one job, page by page into NDJSON files in S3. Ids and type names in, file
 * keys and counts out: no patient data in the execution history.
 */
export const handler = instrument(
  "fhir-export.type",
  async (event: unknown) => {
    const input = Input.parse(event);
    return withActor({ type: "system", name: "fhir-export" }, () => exportOneType(input));
  },
  { correlation: (e) => (e as { jobId?: string })?.jobId },
);
