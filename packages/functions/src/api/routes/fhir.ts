import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { Fhir } from "@carebeat/core/fhir";
import { FHIR_BASE_PATH, FHIR_CONTENT_TYPE } from "@carebeat/core/fhir/ids";
import { outcomeResponse } from "@carebeat/core/fhir/outcome";
import { anyAccount, route, signedIn, staffRoles } from "../route";
import { MAX_BODY_LIMIT } from "../middleware/body-limit";
import { count, MetricName } from "@carebeat/core/observability";
import { billAfterBooking } from "@carebeat/core/billing/after-booking";
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

// An Appointment create is a booking: billing starts once it commits, as through /api/appointments.
billAfterBooking();

/** A resource body (application/fhir+json or application/json); `Fhir` maps and checks every element. */
const body = (name: string, description: string) => {
  const schema = z.object({ resourceType: z.string() }).passthrough().openapi(`Fhir${name}Input`);
  return { required: true as const, description, content: { "application/fhir+json": { schema }, "application/json": { schema } } };
};
/** An RFC 6902 JSON Patch document (application/json-patch+json). */
const jsonPatch = {
  required: true as const,
  description: "JSON Patch operations on the resource as a read answers it",
  content: { "application/json-patch+json": { schema: z.array(z.object({ op: z.string(), path: z.string() }).passthrough()).openapi("FhirJsonPatch") } },
};
/** The validated patch document (the validator keeps a JSON body under "json" whatever its +json type; the typings know only application/json). */
const patchOf = (c: Context): unknown => c.req.valid("json" as never);
const IfMatch = z.object({ "if-match": z.string().max(40).optional().openapi({ description: 'The ETag you read, e.g. W/"1767000000000"' }) });

/** 201 with the stored resource, its Location and ETag. */
function created(c: Context, r: { resourceType: string; id: string; meta: { versionId: string } }): never {
  return c.body(JSON.stringify(r), 201, { "content-type": FHIR_CONTENT_TYPE, location: `${base(c)}/${r.resourceType}/${r.id}`, etag: `W/"${r.meta.versionId}"` }) as never;
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
      method: "post",
      path: "/Patient",
      access: staffRoles,
      bodyLimit: MAX_BODY_LIMIT,
      summary: "Create a Patient (through the patients domain's create: its validation and audit); elements Carebeat cannot store are a 400",
      request: { body: body("Patient", "An R4 Patient") },
      responses: { 201: resource("Patient", "The stored Patient (Location, ETag)") },
    }),
    async (c) => created(c, await Fhir.createPatient(c.req.valid("json"))),
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
      method: "post",
      path: "/Appointment",
      access: [...staffRoles, "patient"],
      summary: "Create an Appointment: a booking (409 on an overlap, 422 in the past or out of hours; the outbox event; billing starts)",
      request: { body: body("Appointment", "An R4 Appointment, status booked, with one Patient and one Practitioner participant") },
      responses: { 201: resource("Appointment", "The booked Appointment (Location, ETag)"), 409: resource("OperationOutcome", "Overlaps another booking") },
    }),
    async (c) => {
      const a = await Fhir.createAppointment(c.req.valid("json"));
      count(MetricName.BookingsCreated);
      return created(c, a);
    },
  )
  .openapi(
    fhirRoute({
      method: "put",
      path: "/Appointment/{id}",
      access: [...staffRoles, "patient"],
      summary: "Update an Appointment: status cancelled is a cancellation, a new start/end a reschedule; anything else 422. If-Match → 412 when stale",
      request: { params: Id, headers: IfMatch, body: body("Appointment", "The whole Appointment, its id the path's") },
      responses: {
        200: resource("Appointment", "The Appointment now"),
        404: resource("OperationOutcome", "No such appointment (or not the caller's)"),
        409: resource("OperationOutcome", "Not allowed from the current status, or overlaps"),
        412: resource("OperationOutcome", "If-Match is not the current version"),
      },
    }),
    async (c) => {
      const a = await Fhir.updateAppointment(c.req.valid("param").id, c.req.valid("json"), Fhir.ifMatch(c.req.header("if-match")));
      return fhirJson(c, a, { etag: `W/"${a.meta.versionId}"` });
    },
  )
  .openapi(
    fhirRoute({
      method: "patch",
      path: "/Appointment/{id}",
      access: [...staffRoles, "patient"],
      summary: "Patch an Appointment (JSON Patch): as update — replace /status with cancelled to cancel. If-Match → 412 when stale",
      request: { params: Id, headers: IfMatch, body: jsonPatch },
      responses: {
        200: resource("Appointment", "The Appointment now"),
        404: resource("OperationOutcome", "No such appointment (or not the caller's)"),
        409: resource("OperationOutcome", "Not allowed from the current status, or overlaps"),
        412: resource("OperationOutcome", "If-Match is not the current version"),
      },
    }),
    async (c) => {
      // The validator takes any JSON media type for any other; a patch must say it is one.
      if (!/^application\/json-patch\+json\s*(;|$)/i.test(c.req.header("content-type") ?? ""))
        return outcomeResponse(415, "fhir.unsupported_media_type", "A patch is application/json-patch+json.", [], c.get("requestId")) as never;
      const a = await Fhir.patchAppointment(c.req.valid("param").id, patchOf(c), Fhir.ifMatch(c.req.header("if-match")));
      return fhirJson(c, a, { etag: `W/"${a.meta.versionId}"` });
    },
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
    async (c) => {
      const a = await Fhir.readAppointment(c.req.valid("param").id);
      return fhirJson(c, a, { etag: `W/"${a.meta.versionId}"` });
    },
  )
  .openapi(
    fhirRoute({
      method: "get",
      path: "/Schedule",
      access: signedIn,
      summary: "Search schedules (one per doctor: working hours, slot length); a searchset Bundle",
      request: { query: searchQuery(Fhir.SCHEDULE_CAPABILITY.params) },
      responses: { 200: resource("Bundle", "A searchset Bundle") },
    }),
    async (c) => fhirJson(c, await Fhir.searchSchedules(request(c))),
  )
  .openapi(
    fhirRoute({
      method: "get",
      path: "/Schedule/{id}",
      access: signedIn,
      summary: "Read a doctor's Schedule",
      request: { params: Id },
      responses: { 200: resource("Schedule", "The Schedule"), 404: resource("OperationOutcome", "No such schedule") },
    }),
    async (c) => fhirJson(c, await Fhir.readSchedule(c.req.valid("param").id)),
  )
  .openapi(
    fhirRoute({
      method: "get",
      path: "/Slot",
      access: signedIn,
      summary: "Free slots of one schedule in a window, computed like the availability route; a searchset Bundle",
      request: { query: searchQuery(Fhir.SLOT_CAPABILITY.params) },
      responses: { 200: resource("Bundle", "A searchset Bundle") },
    }),
    async (c) => fhirJson(c, await Fhir.searchSlots(request(c))),
  )
  .openapi(
    fhirRoute({
      method: "get",
      path: "/Slot/{id}",
      access: signedIn,
      summary: "Read a free Slot (404 once it is booked or past)",
      request: { params: Id },
      responses: { 200: resource("Slot", "The Slot"), 404: resource("OperationOutcome", "No such free slot") },
    }),
    async (c) => fhirJson(c, await Fhir.readSlot(c.req.valid("param").id)),
  )
  .openapi(
    fhirRoute({
      method: "get",
      path: "/Invoice",
      access: signedIn,
      summary: "Search invoices (the REST list's scope: a patient their own, a doctor their patients'); a searchset Bundle",
      request: { query: searchQuery(Fhir.INVOICE_CAPABILITY.params) },
      responses: { 200: resource("Bundle", "A searchset Bundle") },
    }),
    async (c) => fhirJson(c, await Fhir.searchInvoices(request(c))),
  )
  .openapi(
    fhirRoute({
      method: "get",
      path: "/Invoice/{id}",
      access: signedIn,
      summary: "Read an Invoice",
      request: { params: Id },
      responses: { 200: resource("Invoice", "The Invoice"), 404: resource("OperationOutcome", "No such invoice") },
    }),
    async (c) => fhirJson(c, await Fhir.readInvoice(c.req.valid("param").id)),
  )
  .openapi(
    fhirRoute({
      method: "get",
      path: "/AuditEvent",
      access: ["admin"],
      summary: "Search the audit log (admins only; reading it is audited); a searchset Bundle",
      request: { query: searchQuery(Fhir.AUDIT_EVENT_CAPABILITY.params) },
      responses: { 200: resource("Bundle", "A searchset Bundle") },
    }),
    async (c) => fhirJson(c, await Fhir.searchAuditEvents(request(c))),
  )
  .openapi(
    fhirRoute({
      method: "get",
      path: "/AuditEvent/{id}",
      access: ["admin"],
      summary: "Read an audit log entry (admins only)",
      request: { params: Id },
      responses: { 200: resource("AuditEvent", "The AuditEvent"), 404: resource("OperationOutcome", "No such audit event") },
    }),
    async (c) => fhirJson(c, await Fhir.readAuditEvent(c.req.valid("param").id)),
  )
  .openapi(
    fhirRoute({
      method: "get",
      path: "/Medication",
      access: anyAccount,
      summary: "Search the medication catalogue (ATC code, id; retired ones are inactive); a searchset Bundle",
      request: { query: searchQuery(Fhir.MEDICATION_CAPABILITY.params) },
      responses: { 200: resource("Bundle", "A searchset Bundle") },
    }),
    async (c) => fhirJson(c, await Fhir.searchMedications(request(c))),
  )
  .openapi(
    fhirRoute({
      method: "get",
      path: "/Medication/{id}",
      access: anyAccount,
      summary: "Read a catalogue Medication",
      request: { params: Id },
      responses: { 200: resource("Medication", "The Medication"), 404: resource("OperationOutcome", "No such medication (or not the caller's)") },
    }),
    async (c) => fhirJson(c, await Fhir.readMedication(c.req.valid("param").id)),
  )
  .openapi(
    fhirRoute({
      method: "get",
      path: "/MedicationRequest",
      access: anyAccount,
      summary: "Search prescriptions (a patient their own, a doctor what they prescribed, a pharmacist the dispensable queue without patient ids; audited); a searchset Bundle",
      request: { query: searchQuery(Fhir.MEDICATION_REQUEST_CAPABILITY.params) },
      responses: { 200: resource("Bundle", "A searchset Bundle") },
    }),
    async (c) => fhirJson(c, await Fhir.searchMedicationRequests(request(c))),
  )
  .openapi(
    fhirRoute({
      method: "get",
      path: "/MedicationRequest/{id}",
      access: anyAccount,
      summary: "Read a prescription as a MedicationRequest (the REST readers, and the pharmacist's narrow view; audited)",
      request: { params: Id },
      responses: { 200: resource("MedicationRequest", "The MedicationRequest"), 404: resource("OperationOutcome", "No such medicationrequest (or not the caller's)") },
    }),
    async (c) => fhirJson(c, await Fhir.readMedicationRequest(c.req.valid("param").id)),
  )
  .openapi(
    fhirRoute({
      method: "get",
      path: "/MedicationDispense",
      access: anyAccount,
      summary: "Search dispenses (scoped as the prescriptions; audited); a searchset Bundle",
      request: { query: searchQuery(Fhir.MEDICATION_DISPENSE_CAPABILITY.params) },
      responses: { 200: resource("Bundle", "A searchset Bundle") },
    }),
    async (c) => fhirJson(c, await Fhir.searchMedicationDispenses(request(c))),
  )
  .openapi(
    fhirRoute({
      method: "get",
      path: "/MedicationDispense/{id}",
      access: anyAccount,
      summary: "Read a dispense (whoever may read its prescription, and the pharmacist; audited)",
      request: { params: Id },
      responses: { 200: resource("MedicationDispense", "The MedicationDispense"), 404: resource("OperationOutcome", "No such medicationdispense (or not the caller's)") },
    }),
    async (c) => fhirJson(c, await Fhir.readMedicationDispense(c.req.valid("param").id)),
  )
  .route("/", smartConfigurationRoutes);
