import { FHIR_CONTENT_TYPE } from "./ids";

/** The one field-level issue shape the API's errors carry (util/error.ts FieldIssue), restated so this file imports nothing. */
interface Issue {
  field: string;
  message: string;
}

/** HTTP status → the OperationOutcome issue type (R4 value set `issue-type`). */
const ISSUE_TYPE: Record<number, string> = {
  400: "invalid",
  401: "login",
  403: "forbidden",
  404: "not-found",
  405: "not-supported",
  409: "conflict",
  412: "conflict",
  413: "too-long",
  415: "not-supported",
  422: "business-rule",
  428: "required",
  429: "throttled",
};

/** The code system of Carebeat's stable error codes (`auth.required`, `patient.not_found`, …). */
const ERROR_CODE_SYSTEM = "https://carebeat.dev/fhir/CodeSystem/error";

/**
 * Every error under /fhir/R4 as an OperationOutcome (instead of RFC 9457 problem+json): one issue
 * per offending field (its name in `expression`, e.g. `query.birthdate`), or one for the whole
 * request; the machine-readable code in `details.coding`, the request id in `diagnostics`.
 */
export function operationOutcome(status: number, code: string, detail: string, issues: Issue[] = [], requestId?: string) {
  const type = ISSUE_TYPE[status] ?? (status >= 500 ? "exception" : "processing");
  const coding = [{ system: ERROR_CODE_SYSTEM, code }];
  const diagnostics = requestId ? `request id ${requestId}` : undefined;
  const one = (text: string, field?: string) => ({
    severity: "error",
    code: type,
    details: { coding, text },
    ...(diagnostics ? { diagnostics } : {}),
    ...(field ? { expression: [field] } : {}),
  });
  return {
    resourceType: "OperationOutcome" as const,
    issue: issues.length ? issues.map((i) => one(`${detail} ${i.field}: ${i.message}`, i.field)) : [one(detail)],
  };
}

export function outcomeResponse(status: number, code: string, detail: string, issues: Issue[] = [], requestId?: string, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(operationOutcome(status, code, detail, issues, requestId)), { status, headers: { "content-type": FHIR_CONTENT_TYPE, ...headers } });
}
