import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Audit } from "@carebeat/core/audit";
import { route, jsonResponse } from "../route";
import type { AppEnv } from "../middleware/request-context";
import { validationHook } from "../validation";

const EntrySchema = Audit.Entry.openapi("AuditEntry");

export const auditRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  route({
    method: "get",
    path: "/",
    access: ["admin"],
    tags: ["audit"],
    summary: "Read the audit log (newest first), filtered by patient, actor, action or outcome",
    request: { query: Audit.ListInput },
    responses: { 200: jsonResponse(z.object({ items: z.array(EntrySchema), nextCursor: z.string().nullable() }), "A page of audit entries") },
  }),
  async (c) => c.json(await Audit.list(c.req.valid("query")), 200),
);
