import type { Context } from "hono";
import { VisibleError, statusOf, type FieldIssue } from "@carebeat/core/util/error";
import { outcomeResponse } from "@carebeat/core/fhir/outcome";
import { FHIR_BASE_PATH } from "@carebeat/core/fhir/ids";

/** Under the FHIR base every error is an OperationOutcome, whoever answers it (docs/fhir.md). */
const isFhirPath = (path: string) => path === FHIR_BASE_PATH || path.startsWith(`${FHIR_BASE_PATH}/`) || path === "/fhir" || path.startsWith("/fhir/");

/** RFC 9457 problem details. `errors` names each offending field. */
interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  requestId?: string;
  errors?: FieldIssue[];
}

const titles: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  412: "Precondition Failed",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  428: "Precondition Required",
  429: "Too Many Requests",
  500: "Internal Server Error",
};

export function problemResponse(c: Context, status: number, code: string, detail: string, errors?: FieldIssue[], headers: Record<string, string> = {}) {
  if (isFhirPath(c.req.path)) return outcomeResponse(status, code, detail, errors, c.get("requestId"), headers);
  const body: Problem = {
    type: `https://carebeat.dev/problems/${code.replace(/[._]/g, "-")}`,
    title: titles[status] ?? "Error",
    status,
    detail,
    code,
    instance: c.req.path,
    requestId: c.get("requestId"),
    ...(errors?.length ? { errors } : {}),
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/problem+json", ...headers },
  });
}

export function problemFromError(c: Context, err: VisibleError) {
  return problemResponse(c, statusOf[err.kind], err.code, err.message, err.issues, err.headers);
}
