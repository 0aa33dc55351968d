import { VisibleError } from "../../util/error";
import { exportType, typesFor, type Scope } from "./registry";

/**
 * The kick-off request's parameters (Bulk Data IG 2.0, "Query Parameters"), checked at the edge:
 * each bad value is a 400 OperationOutcome naming it (`query._type`). Unknown parameters
 * (`_typeFilter`, `_elements`, `patient`, `includeAssociatedData`, none implemented) are refused
 * unless the client said `Prefer: handling=lenient`, as on every FHIR route here.
 */
export const OUTPUT_FORMATS = ["application/fhir+ndjson", "application/ndjson", "ndjson"] as const;
const KNOWN = ["_type", "_since", "_outputFormat"];

/** A FHIR `instant`: a full date-time with seconds and a zone (the IG's `_since` type). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

/** Date.parse rolls 2026-02-30 over into March: the calendar date must exist as written. */
function realDate(raw: string) {
  const [y, m, d] = raw.slice(0, 10).split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const invalid = (field: string, message: string) => new VisibleError("input", "validation", "The request is invalid.", [{ field: `query.${field}`, message }]);

export interface KickoffParams {
  types: string[];
  since?: Date;
}

export function parseKickoff(query: Record<string, string[]>, level: Scope["level"], lenient: boolean): KickoffParams {
  for (const name of Object.keys(query)) if (!KNOWN.includes(name) && !lenient) throw invalid(name, "Not a supported $export parameter");
  for (const name of ["_since", "_outputFormat"]) if ((query[name]?.length ?? 0) > 1) throw invalid(name, "Give it once");
  const format = query._outputFormat?.[0];
  if (format !== undefined && !(OUTPUT_FORMATS as readonly string[]).includes(format)) throw invalid("_outputFormat", `Must be one of ${OUTPUT_FORMATS.join(", ")}`);
  const allowed = typesFor(level);
  let types = allowed;
  const wanted = query._type?.flatMap((v) => v.split(",")).map((v) => v.trim());
  if (wanted) {
    if (wanted.some((t) => !t)) throw invalid("_type", "An empty type");
    for (const t of wanted) {
      if (!exportType(t)) throw invalid("_type", `${t.slice(0, 64)} is not exported (supported: ${allowed.join(", ")})`);
      if (!allowed.includes(t)) throw invalid("_type", `${t} is not in the Patient compartment (a ${level}-level export has ${allowed.join(", ")})`);
    }
    types = allowed.filter((t) => wanted.includes(t));
  }
  const raw = query._since?.[0];
  let since: Date | undefined;
  if (raw !== undefined) {
    const ms = Date.parse(raw);
    if (!INSTANT.test(raw) || Number.isNaN(ms) || !realDate(raw)) throw invalid("_since", "Must be a FHIR instant, e.g. 2026-01-31T00:00:00Z");
    since = new Date(ms);
  }
  return { types, since };
}

/** `Prefer: respond-async` is required: this server answers $export only asynchronously. */
export const prefersAsync = (prefer: string | undefined) => /(?:^|[,;\s])respond-async\b/i.test(prefer ?? "");
