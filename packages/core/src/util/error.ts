/**
 * Errors a caller is allowed to see. Anything else that escapes a handler is a bug:
 * it becomes a 500 with only a request id, and its details stay in the logs.
 */
export type ErrorKind =
  | "input" // 400: malformed or invalid request
  | "unauthenticated" // 401
  | "forbidden" // 403
  | "not-found" // 404
  | "conflict" // 409
  | "precondition" // 412
  | "precondition-required" // 428: a conditional header (If-Match) is required
  | "unprocessable" // 422: well-formed but breaks a business rule
  | "rate-limited"; // 429

export const statusOf: Record<ErrorKind, number> = {
  input: 400,
  unauthenticated: 401,
  forbidden: 403,
  "not-found": 404,
  conflict: 409,
  precondition: 412,
  "precondition-required": 428,
  unprocessable: 422,
  "rate-limited": 429,
};

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `contact.email`. */
  field: string;
  message: string;
}

export class VisibleError extends Error {
  constructor(
    public readonly kind: ErrorKind,
    /** Stable machine-readable code, e.g. `appointment.overlap`. */
    public readonly code: string,
    message: string,
    public readonly issues: FieldIssue[] = [],
    /** Extra response headers, e.g. Retry-After for throttling. */
    public readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "VisibleError";
  }

  get status() {
    return statusOf[this.kind];
  }
}

/**
 * Turn zod issues into field issues with dotted paths. An unknown key of a strict object
 * is reported at its own path (`contact.fax`), so the problem names the field to remove.
 */
export function issuesFromZod(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string; code?: string; keys?: ReadonlyArray<string> }>): FieldIssue[] {
  // An empty key (`{"": 1}`) is shown as `""` so no field name is ever blank.
  const dotted = (path: ReadonlyArray<PropertyKey>) => (path.length ? path.map((k) => (String(k) === "" ? '""' : String(k))).join(".") : "(body)");
  return issues.flatMap((i) =>
    i.code === "unrecognized_keys" && i.keys?.length
      ? i.keys.map((k) => ({ field: dotted([...i.path, k]), message: "Unknown field" }))
      : [{ field: dotted(i.path), message: i.message }],
  );
}
