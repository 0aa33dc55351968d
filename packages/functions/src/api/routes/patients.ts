import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Patient } from "@carebeat/core/patient";
import { VisibleError } from "@carebeat/core/util/error";
import { route, jsonBody, jsonResponse, signedIn, staffRoles, ProblemSchema } from "../route";
import { MAX_BODY_LIMIT } from "../middleware/body-limit";
import type { AppEnv } from "../middleware/request-context";
import { validationHook } from "../validation";

const Id = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" }, example: "pat_01jb3k5x2m8q9r7t6v4w2y0z1a" }),
});
const Page = z.object({ items: z.array(Patient.Info), nextCursor: z.string().nullable() }).openapi("PatientPage");
const IfMatch = z.object({ "if-match": z.string().max(40).optional().openapi({ description: 'The ETag you read, e.g. "3"' }) });
const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: ProblemSchema } } });

const etag = (version: number) => `"${version}"`;

/** `If-Match: "3"` (or W/"3", or 3) → 3; unreadable → 400. */
function parseIfMatch(header: string): number {
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!m) throw new VisibleError("input", "validation", "The request is invalid.", [{ field: "If-Match", message: 'Must be an ETag such as "3"' }]);
  return Number(m[1]);
}

/** PATCH must be conditional: without If-Match a stale client would silently overwrite (428). */
function requiredIfMatch(header: string | undefined): number {
  if (!header)
    throw new VisibleError("precondition-required", "patient.if_match_required", "Send If-Match with the ETag you read, so concurrent edits are not lost.", [
      { field: "If-Match", message: "Required" },
    ]);
  return parseIfMatch(header);
}

export const patientsRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    route({
      method: "get",
      path: "/",
      access: signedIn,
      tags: ["patients"],
      summary: "List or search patients (staff/admin: all; doctor: their patients; patient: self)",
      description:
        "Name order. `q` is a case- and accent-insensitive prefix of the family or given name (family-name matches come first); `email` is an exact match. Pass `nextCursor` back as `cursor`.",
      request: { query: Patient.ListInput },
      responses: { 200: jsonResponse(Page, "A page of patients") },
    }),
    async (c) => c.json(await Patient.list(c.req.valid("query")), 200),
  )
  .openapi(
    route({
      method: "post",
      path: "/",
      access: staffRoles,
      bodyLimit: MAX_BODY_LIMIT, // a record with its extensions
      tags: ["patients"],
      summary: "Create a patient record",
      request: { body: jsonBody(Patient.CreateInput) },
      responses: { 201: jsonResponse(Patient.Info, "The new record (Location, ETag)") },
    }),
    async (c) => {
      const p = await Patient.create(c.req.valid("json"));
      c.header("location", `/api/patients/${p.id}`);
      c.header("etag", etag(p.version));
      return c.json(p, 201);
    },
  )
  .openapi(
    route({
      method: "get",
      path: "/{id}",
      access: signedIn,
      tags: ["patients"],
      summary: "Read a patient record (ETag = version)",
      request: { params: Id },
      responses: { 200: jsonResponse(Patient.Info, "The record"), 404: problem("No such patient (or soft-deleted, for non-admins)") },
    }),
    async (c) => {
      const p = await Patient.read(c.req.valid("param").id);
      c.header("etag", etag(p.version));
      return c.json(p, 200);
    },
  )
  .openapi(
    route({
      method: "patch",
      path: "/{id}",
      access: ["admin", "staff", "patient"],
      bodyLimit: MAX_BODY_LIMIT,
      tags: ["patients"],
      summary: "Change a record (JSON Merge Patch; If-Match required)",
      description: "Objects merge key by key, `null` removes a field, arrays replace. Patients may change only contact, address and insurance of their own record.",
      request: { params: Id, headers: IfMatch, body: jsonBody(Patient.PatchInput) },
      responses: {
        200: jsonResponse(Patient.Info, "The updated record (new ETag)"),
        404: problem("No such patient"),
        412: problem("If-Match is not the current version"),
        428: problem("If-Match missing"),
      },
    }),
    async (c) => {
      const version = requiredIfMatch(c.req.header("if-match"));
      const p = await Patient.update({ id: c.req.valid("param").id, expectedVersion: version, patch: c.req.valid("json") });
      c.header("etag", etag(p.version));
      return c.json(p, 200);
    },
  )
  .openapi(
    route({
      method: "delete",
      path: "/{id}",
      access: staffRoles,
      tags: ["patients"],
      summary: "Soft-delete a record; ?hard=true erases it (admin only). Optional If-Match.",
      request: { params: Id, headers: IfMatch, query: z.object({ hard: z.enum(["true", "false"]).optional() }) },
      responses: { 204: { description: "Deleted" }, 404: problem("No such patient"), 412: problem("If-Match is not the current version") },
    }),
    async (c) => {
      const header = c.req.header("if-match");
      await Patient.remove({ id: c.req.valid("param").id, hard: c.req.valid("query").hard === "true", expectedVersion: header ? parseIfMatch(header) : undefined });
      return c.body(null, 204);
    },
  );
