import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { Fhir } from "@carebeat/core/fhir";
import { FHIR_BASE_PATH, FHIR_CONTENT_TYPE } from "@carebeat/core/fhir/ids";
import { route, signedIn } from "../route";
import type { AppEnv } from "../middleware/request-context";
import { validationHook } from "../validation";
import { smartConfigurationRoutes } from "./smart-configuration";
import { fhirExportRoutes } from "./fhir-export";

/**
 * FHIR R4 (docs/fhir.md): thin routes over `Fhir` (packages/core/src/fhir), which maps the
 * domains' own operations — so roles, record scopes and audit are the REST API's. Errors are
 * OperationOutcomes (problem.ts answers them for every path under /fhir).
 */
const Id = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" }, example: "pat-01jb3k5x2m8q9r7t6v4w2y0z1a" }),
});

/** The declared search parameters (documentation and the contract tests' fuzzing); `Fhir` parses the raw query. */
function searchQuery(params: Record<string, { documentation: string }>) {
  const all = { ...params, _count: { documentation: "Page size, 1–100 (default 20)" }, _cursor: { documentation: "Opaque keyset cursor from a next link" } };
  // A parameter may come twice (a birthdate range); how often each may is `Fhir`'s rule.
  const value = (description: string) =>
    z
      .union([z.string(), z.array(z.string())])
      .optional()
      .openapi({ description });
  return z.object(Object.fromEntries(Object.entries(all).map(([name, p]) => [name, value(p.documentation)])));
}

const resource = (name: string, description: string) => ({
  description,
  content: {
    [FHIR_CONTENT_TYPE]: {
      schema: z
        .object({ resourceType: z.literal(name) })
        .passthrough()
        .openapi(`Fhir${name}`),
    },
  },
});

/** The viewer's origin: behind CloudFront the Lambda sees API Gateway's host (as calendar.ts). */
function base(c: Context) {
  const host = c.req.header("x-forwarded-host");
  return `${host ? `https://${host}` : new URL(c.req.url).origin}${FHIR_BASE_PATH}`;
}

const lenient = (c: Context) => /(?:^|[,;\s])handling\s*=\s*lenient\b/i.test(c.req.header("prefer") ?? "");

function request(c: Context): Fhir.Request {
  return { base: base(c), query: c.req.queries(), lenient: lenient(c) };
}

/** A resource as application/fhir+json (typed as the route's declared response, which zod-openapi reads as JSON). */
function fhirJson(c: Context, body: unknown, headers: Record<string, string> = {}): never {
  if (lenient(c)) headers["preference-applied"] = "handling=lenient";
  return c.body(JSON.stringify(body), 200, { "content-type": FHIR_CONTENT_TYPE, ...headers }) as never;
}

const fhirRoute = <const R extends Parameters<typeof route>[0]>(config: R) => route({ ...config, fhir: true, tags: ["fhir"] });

export const fhirRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .route("/", fhirExportRoutes)
  .openapi(
    fhirRoute({
      method: "get",
      path: "/metadata",
      access: "public",
      summary: "FHIR CapabilityStatement: exactly the resources, interactions and search parameters served",
      responses: { 200: resource("CapabilityStatement", "The CapabilityStatement") },
    }),
    async (c) => fhirJson(c, Fhir.metadata(base(c))),
  )
  .openapi(
    fhirRoute({
      method: "get",
      path: "/Patient",
      access: signedIn,
      summary: "Search patients (the REST list's scope: staff/admin all, doctor their patients, patient self); a searchset Bundle",
      request: { query: searchQuery(Fhir.PATIENT.params) },
      responses: { 200: resource("Bundle", "A searchset Bundle") },
    }),
    async (c) => fhirJson(c, await Fhir.searchPatients(request(c))),
  )
  .openapi(
    fhirRoute({
      method: "get",
      path: "/Patient/{id}",
      access: signedIn,
      summary: "Read a Patient (id = Carebeat id with - for _; ETag = version)",
      request: { params: Id },
      responses: { 200: resource("Patient", "The Patient"), 404: resource("OperationOutcome", "No such patient") },
    }),
    async (c) => {
      const p = await Fhir.readPatient(c.req.valid("param").id);
      return fhirJson(c, p, { etag: `W/"${p.meta.versionId}"` });
    },
  )
  .openapi(
    fhirRoute({
      method: "get",
      path: "/Practitioner",
      access: signedIn,
      summary: "Search practitioners (doctors); a searchset Bundle",
      request: { query: searchQuery(Fhir.PRACTITIONER.params) },
      responses: { 200: resource("Bundle", "A searchset Bundle") },
    }),
    async (c) => fhirJson(c, await Fhir.searchPractitioners(request(c))),
  )
  .openapi(
    fhirRoute({
      method: "get",
      path: "/Practitioner/{id}",
      access: signedIn,
      summary: "Read a Practitioner (a doctor)",
      request: { params: Id },
      responses: { 200: resource("Practitioner", "The Practitioner"), 404: resource("OperationOutcome", "No such practitioner") },
    }),
    async (c) => fhirJson(c, await Fhir.readPractitioner(c.req.valid("param").id)),
  )
  .openapi(
    fhirRoute({
      method: "get",
      path: "/Appointment",
      access: signedIn,
      summary: "Search appointments (the REST list's scope: a patient their own, a doctor their schedule); a searchset Bundle",
      request: { query: searchQuery(Fhir.APPOINTMENT.params) },
      responses: { 200: resource("Bundle", "A searchset Bundle") },
    }),
    async (c) => fhirJson(c, await Fhir.searchAppointments(request(c))),
  )
  .openapi(
    fhirRoute({
      method: "get",
      path: "/Appointment/{id}",
      access: signedIn,
      summary: "Read an Appointment",
      request: { params: Id },
      responses: { 200: resource("Appointment", "The Appointment"), 404: resource("OperationOutcome", "No such appointment (or not the caller's)") },
    }),
    async (c) => fhirJson(c, await Fhir.readAppointment(c.req.valid("param").id)),
  )
  .route("/", smartConfigurationRoutes);
