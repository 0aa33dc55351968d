import { exportDefinition, localExportTaskArns, localExportMachineName, exportTaskNames, type ExportTask } from "@carebeat/core/fhir/export/workflow";
import { handler as exportType } from "@carebeat/functions/fhir-export/export-type";
import { handler as finish } from "@carebeat/functions/fhir-export/finish";

type Handler = (event: any) => Promise<any>;

/** The same handler modules stacks/fhir-export.ts deploys, keyed by task state. */
const exportHandlers: Record<ExportTask, Handler> = { ExportType: exportType, Finish: finish };

/**
 * The `$export` machine for the local Step Functions endpoint (docs/stepfunctions-local.md): the
 * one definition from packages/core with offline Lambda ARNs, each mapped to its handler. Few
 * at once: each execution reads the whole clinic, and PGlite has one connection.
 */
export function fhirExportMachine(stage: string) {
  const arns = localExportTaskArns(stage);
  return {
    name: localExportMachineName(stage),
    definition: exportDefinition(arns),
    handlers: Object.fromEntries(exportTaskNames.map((t) => [arns[t], exportHandlers[t]])) as Record<string, Handler>,
    maxConcurrency: 4,
  };
}
