import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Patient } from "@carebeat/core/patient";
import { VisibleError } from "@carebeat/core/util/error";
import { route, jsonBody, jsonResponse, signedIn, staffRoles } from "../route";
import type { AppEnv } from "../middleware/request-context";
import { validationHook } from "../validation";

const Id = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" }, example: "pat_01j…" }) });
const Page = z.object({ items: z.array(Patient.Info), nextCursor: z.string().nullable() });

const etag = (version: number) => `"${version}"`;

/** `If-Match: "3"` (or W/"3") → 3. Missing → 428; unreadable → 400. */
function expectedVersion(header: string | undefined): number {
  if (!header)
    throw new VisibleError("precondition-required", "patient.if_match_required", "Send If-Match with the ETag you read, so concurrent edits are not lost.", [{ field: "If-Match", message: "Required" }]);
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!m) throw new VisibleError("input", "validation", "The request is invalid.", [{ field: "If-Match", message: 'Must be an ETag such as "3"' }]);
  return Number(m[1]);
}

export const patientsRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    route({
      method: "get",
      path: "/",
      access: signedIn,
      tags: ["patients"],
      summary: "List or search patients (staff: all; doctor: own patients; patient: self)",
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
      tags: ["patients"],
      summary: "Create a patient record",
      request: { body: jsonBody(Patient.CreateInput) },
      responses: { 201: jsonResponse(Patient.Info, "The new record") },
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
      responses: { 200: jsonResponse(Patient.Info, "The record"), 404: jsonResponse(z.any(), "No such patient") },
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
      tags: ["patients"],
      summary: "Change a record; If-Match required (412 when stale). Named fields are replaced, null clears.",
      request: { params: Id, headers: z.object({ "if-match": z.string().max(40).optional() }), body: jsonBody(Patient.PatchInput) },
      responses: { 200: jsonResponse(Patient.Info, "The updated record"), 412: jsonResponse(z.any(), "Stale version"), 428: jsonResponse(z.any(), "If-Match missing") },
    }),
    async (c) => {
      const version = expectedVersion(c.req.header("if-match"));
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
      summary: "Soft-delete a record; ?hard=true erases it (admin only)",
      request: { params: Id, query: z.object({ hard: z.enum(["true", "false"]).optional() }) },
      responses: { 204: { description: "Deleted" } },
    }),
    async (c) => {
      await Patient.remove({ id: c.req.valid("param").id, hard: c.req.valid("query").hard === "true" });
      return c.body(null, 204);
    },
  );
