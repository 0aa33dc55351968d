import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { FhirExport } from "@carebeat/core/fhir/export/index";
import { OUTPUT_FORMATS } from "@carebeat/core/fhir/export/kickoff";
import { FHIR_BASE_PATH } from "@carebeat/core/fhir/ids";
import { route } from "../route";
import type { AppEnv } from "../middleware/request-context";
import { validationHook } from "../validation";

/**
 * FHIR Bulk Data `$export` (docs/fhir.md, "Bulk export"): thin routes over `FhirExport`
 * (packages/core/src/fhir/export). Mounted first by routes/fhir.ts, so `/Patient/$export` is
 * matched before `/Patient/{id}`.
 *
 * Admins by `access`; a SMART system client passes the route on any read scope (the FHIR scope
 * middleware) and the domain (export/access.ts) then admits it only when its scopes read every
 * exported type, and only to its own jobs.
 */
const access = ["admin"] as const;

const KickoffQuery = z.object({
  _type: z.string().max(500).optional().openapi({ description: `Comma-separated resource types (default: every type the level exports)` }),
  _since: z.string().max(40).optional().openapi({ description: "FHIR instant: only resources changed after it" }),
  _outputFormat: z
    .string()
    .max(40)
    .optional()
    .openapi({ description: OUTPUT_FORMATS.join(" | ") }),
});
const KickoffHeaders = z.object({ prefer: z.string().max(200).optional().openapi({ description: "Must include respond-async" }) });
const JobId = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" } }),
});
const FileParams = JobId.extend({
  file: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z]+-\d+\.ndjson$/)
    .openapi({ param: { name: "file", in: "path" }, example: "Patient-1.ndjson" }),
});
const GroupId = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" }, example: "doc-01jb3k5x2m8q9r7t6v4w2y0z1a" }),
});

const accepted = { description: "Accepted: Content-Location is the status URL" };

/** The viewer's origin: behind CloudFront the Lambda sees API Gateway's host (as fhir.ts). */
function base(c: Context) {
  const host = c.req.header("x-forwarded-host");
  return `${host ? `https://${host}` : new URL(c.req.url).origin}${FHIR_BASE_PATH}`;
}

async function kickoff(c: Context, level: FhirExport.KickoffInput["level"], groupId?: string) {
  const b = base(c);
  const u = new URL(c.req.url);
  const { statusUrl } = await FhirExport.kickoff({
    base: b,
    url: `${b}${u.pathname.slice(FHIR_BASE_PATH.length)}${u.search}`,
    level,
    groupId,
    query: c.req.queries(),
    prefer: c.req.header("prefer"),
    lenient: /(?:^|[,;\s])handling\s*=\s*lenient\b/i.test(c.req.header("prefer") ?? ""),
  });
  return c.body(null, 202, { "content-location": statusUrl }) as never;
}

const kickoffRoute = <P extends string>(path: P, summary: string) =>
  route({ method: "get", path, access, fhir: true, tags: ["fhir"], summary, request: { query: KickoffQuery, headers: KickoffHeaders }, responses: { 202: accepted } });

export const fhirExportRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(kickoffRoute("/$export", "Bulk export of the whole clinic (Prefer: respond-async) → 202 + Content-Location"), (c) => kickoff(c, "system"))
  .openapi(kickoffRoute("/Patient/$export", "Bulk export of every patient's compartment (Patient, Appointment)"), (c) => kickoff(c, "patient"))
  .openapi(
    route({
      method: "get",
      path: "/Group/{id}/$export",
      access,
      fhir: true,
      tags: ["fhir"],
      summary: "Bulk export of a doctor's patients and their appointments (Group id = the Practitioner id)",
      request: { query: KickoffQuery, headers: KickoffHeaders, params: GroupId },
      responses: { 202: accepted, 404: { description: "No such Group (Practitioner)" } },
    }),
    (c) => kickoff(c, "group", c.req.valid("param").id),
  )
  .openapi(
    route({
      method: "get",
      path: "/bulkstatus/{id}",
      access,
      fhir: true,
      tags: ["fhir"],
      summary: "Export status: 202 + X-Progress + Retry-After while running, 429 if polled sooner, 200 + the manifest when done",
      request: { params: JobId },
      responses: {
        200: { description: "The manifest", content: { "application/json": { schema: z.object({ transactionTime: z.string() }).passthrough().openapi("BulkExportManifest") } } },
        202: { description: "Still running" },
        404: { description: "No such export, or cancelled" },
        429: { description: "Polled sooner than Retry-After" },
      },
    }),
    async (c) => {
      const answer = await FhirExport.status(c.req.valid("param").id, base(c));
      if (answer.status === 202) return c.body(null, 202, answer.headers) as never;
      return c.json(answer.body, 200);
    },
  )
  .openapi(
    route({
      method: "delete",
      path: "/bulkstatus/{id}",
      access,
      fhir: true,
      tags: ["fhir"],
      summary: "Cancel an export: 202; its files are deleted and later polls are 404",
      request: { params: JobId },
      responses: { 202: { description: "Cancelled" }, 404: { description: "No such export, or cancelled already" } },
    }),
    async (c) => {
      await FhirExport.cancel(c.req.valid("param").id);
      return c.body(null, 202) as never;
    },
  )
  .openapi(
    route({
      method: "get",
      path: "/bulkfiles/{id}/{file}",
      access,
      fhir: true,
      tags: ["fhir"],
      summary: "One NDJSON file of a finished export's manifest (requiresAccessToken: true)",
      request: { params: FileParams },
      responses: { 200: { description: "NDJSON", content: { "application/fhir+ndjson": { schema: z.string() } } }, 404: { description: "No such file" } },
    }),
    async (c) => {
      const { id, file } = c.req.valid("param");
      return c.body(await FhirExport.file(id, file), 200, { "content-type": "application/fhir+ndjson", "cache-control": "no-store" }) as never;
    },
  );
