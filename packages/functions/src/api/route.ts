import { createRoute, z, type RouteConfig } from "@hono/zod-openapi";
import { requireRole, type Access } from "./middleware/require-role";
import { limitBody, DEFAULT_BODY_LIMIT, MAX_BODY_LIMIT } from "./middleware/body-limit";
import { rejectUnsafeText } from "./middleware/safe-text";
import { fhirScopes } from "./middleware/fhir-scopes";

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem");

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});

/** Under /fhir/R4 every error is an OperationOutcome (problem.ts answers it; docs/fhir.md). */
const OperationOutcomeSchema = z
  .object({
    resourceType: z.literal("OperationOutcome"),
    issue: z.array(
      z.object({
        severity: z.string(),
        code: z.string(),
        details: z.object({ coding: z.array(z.object({ system: z.string(), code: z.string() })), text: z.string() }),
        diagnostics: z.string().optional(),
        expression: z.array(z.string()).optional(),
      }),
    ),
  })
  .openapi("OperationOutcome");

const outcome = (description: string) => ({ description, content: { "application/fhir+json": { schema: OperationOutcomeSchema } } });

/** A JSON request body that must be present (so a missing content type is a 400, not `{}`). */
export function jsonBody<T extends z.ZodType>(schema: T, description?: string) {
  return { content: { "application/json": { schema } }, required: true as const, description };
}

export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

type RouteInput = Omit<RouteConfig, "middleware"> & {
  access: Access;
  /** Largest request body in bytes (default 16 KB, at most 64 KB): a bigger one is a 413 before it is read. */
  bodyLimit?: number;
  /** Open to an account that must enrol in MFA first (the enrolment routes and /me). */
  enrolment?: boolean;
  /** A FHIR route: its errors are documented as OperationOutcome (application/fhir+json). */
  fhir?: boolean;
};

/**
 * Every route states who may call it. The role check runs before input validation,
 * so a caller without the role learns nothing about the expected body. The roles are
 * also published in the OpenAPI document as `x-roles`, which the route × role test walks.
 */
export function route<const R extends RouteInput>(config: R) {
  const { access, bodyLimit = DEFAULT_BODY_LIMIT, enrolment, fhir, ...rest } = config;
  const error = fhir ? outcome : problem;
  if (bodyLimit > MAX_BODY_LIMIT) throw new Error(`${rest.method} ${rest.path}: bodyLimit ${bodyLimit} exceeds MAX_BODY_LIMIT`);
  const secured = access !== "public";
  return createRoute({
    ...rest,
    // The size check comes first: nothing is read before it. The text rule comes before the
    // role check, whose audit row records the path's ids (and says nothing route-specific).
    // A FHIR route checks a SMART client's scopes first (docs/smart.md): that check is what lets
    // such a client — a system actor without a role — through the role check.
    middleware: [limitBody(bodyLimit), rejectUnsafeText, ...(fhir ? [fhirScopes] : []), requireRole(access, { enrolment })],
    security: secured ? [{ bearer: [] }] : [],
    "x-roles": access === "public" ? ["public"] : [...access],
    responses: {
      ...rest.responses,
      400: error("Malformed or invalid input; `errors` names the fields"),
      ...(secured ? { 401: error("Missing, invalid or expired token"), 403: error("Role not allowed") } : {}),
      413: error(`Body larger than ${bodyLimit} bytes`),
      422: error("Breaks a business rule"),
    },
    "x-body-limit": bodyLimit,
  } as unknown as Omit<R, "access" | "bodyLimit" | "enrolment" | "fhir"> & { middleware: [ReturnType<typeof limitBody>, typeof rejectUnsafeText, ReturnType<typeof requireRole>] });
}

export const staffRoles = ["admin", "staff"] as const;
/** The clinic's roles that see patient-related lists (a pharmacist is not one: docs/prescriptions.md). */
export const signedIn = ["admin", "staff", "doctor", "patient"] as const;
/** Every account, for what concerns the account itself (/me, password, MFA). */
export const anyAccount = [...signedIn, "pharmacist"] as const;
