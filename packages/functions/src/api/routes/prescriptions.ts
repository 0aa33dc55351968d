import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Prescription } from "@carebeat/core/prescription";
import { route, jsonBody, jsonResponse, signedIn } from "../route";
import type { AppEnv } from "../middleware/request-context";
import { validationHook } from "../validation";
import { IdempotencyKeyHeader, idempotencyKey } from "../idempotency-key";

/**
 * Prescriptions and the pharmacy (docs/prescriptions.md). Thin: each handler is one core call;
 * the access rules (own visit, own prescription, the pharmacy's narrow view) and the audit rows
 * live in core/prescription. The static paths come before `/{id}` so they are not read as ids.
 */
const pathId = (name: string) =>
  z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name, in: "path" } });
const Id = z.object({ id: pathId("id") });
const RequestId = z.object({ requestId: pathId("requestId") });
const pharmacy = ["pharmacist", "admin"] as const;
const MedicationList = z.object({ items: z.array(Prescription.Medication) }).openapi("MedicationList");
const Page = z.object({ items: z.array(Prescription.Info), nextCursor: z.string().nullable() }).openapi("PrescriptionPage");
const QueuePage = z.object({ items: z.array(Prescription.PharmacyItem), nextCursor: z.string().nullable() }).openapi("PharmacyQueuePage");
const RepeatList = z.object({ items: z.array(Prescription.RepeatRequest) }).openapi("RepeatRequestList");
const Decision = z.object({ request: Prescription.RepeatRequest, prescription: Prescription.Info.optional() }).openapi("RepeatDecision");
const PdfFormat = z.object({ format: z.enum(["json"]).optional().openapi({ description: "`json`: answer `{ url, expiresAt }` with 200 instead of the redirect" }) });
const PdfLink = z.object({ url: z.string(), expiresAt: z.string() }).openapi("PrescriptionPdfLink");
const missing = (what: string) => jsonResponse(z.any(), `No such ${what}`);
const tags = ["prescriptions"];

export const prescriptionsRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    route({
      method: "get",
      path: "/medications",
      access: [...signedIn, "pharmacist"],
      tags,
      summary: "The medication catalogue, by name (`includeRetired=true` adds retired ones)",
      request: { query: Prescription.MedicationListInput },
      responses: { 200: jsonResponse(MedicationList, "Medications") },
    }),
    async (c) => c.json(await Prescription.listMedications(c.req.valid("query")), 200),
  )
  .openapi(
    route({
      method: "post",
      path: "/medications",
      access: ["admin"],
      tags,
      summary: "Add a medication to the catalogue",
      request: { body: jsonBody(Prescription.NewMedication) },
      responses: { 201: jsonResponse(Prescription.Medication, "Added"), 409: jsonResponse(z.any(), "Already listed") },
    }),
    async (c) => c.json(await Prescription.addMedication(c.req.valid("json")), 201),
  )
  .openapi(
    route({
      method: "patch",
      path: "/medications/{id}",
      access: ["admin"],
      tags,
      summary: "Retire a medication (or bring it back): prescriptions keep it, new ones cannot pick it",
      request: { params: Id, body: jsonBody(Prescription.MedicationPatch) },
      responses: { 200: jsonResponse(Prescription.Medication, "Updated"), 404: missing("medication") },
    }),
    async (c) => c.json(await Prescription.updateMedication({ id: c.req.valid("param").id, patch: c.req.valid("json") }), 200),
  )
  .openapi(
    route({
      method: "get",
      path: "/queue",
      access: pharmacy,
      tags,
      summary: "The pharmacy queue: prescriptions still to dispense, newest first (patient name and birth date only; audited)",
      request: { query: Prescription.QueueInput },
      responses: { 200: jsonResponse(QueuePage, "A page of the queue") },
    }),
    async (c) => c.json(await Prescription.queue(c.req.valid("query")), 200),
  )
  .openapi(
    route({
      method: "get",
      path: "/repeat-requests",
      access: signedIn,
      tags,
      summary: "Repeat requests by status (default pending): a doctor's to answer, a patient's own",
      request: { query: Prescription.RepeatListInput },
      responses: { 200: jsonResponse(RepeatList, "Repeat requests") },
    }),
    async (c) => c.json(await Prescription.listRepeatRequests(c.req.valid("query")), 200),
  )
  .openapi(
    route({
      method: "post",
      path: "/repeat-requests/{requestId}/approve",
      access: ["doctor"],
      tags,
      summary: "Approve a repeat: a new prescription replacing the old one (the prescriber only)",
      request: { params: RequestId, body: jsonBody(Prescription.ApproveInput) },
      responses: { 200: jsonResponse(Decision, "Approved, with the new prescription"), 404: missing("repeat request"), 409: jsonResponse(z.any(), "Already decided") },
    }),
    async (c) => c.json(await Prescription.approveRepeat({ requestId: c.req.valid("param").requestId, input: c.req.valid("json") }), 200),
  )
  .openapi(
    route({
      method: "post",
      path: "/repeat-requests/{requestId}/decline",
      access: ["doctor"],
      tags,
      summary: "Decline a repeat, with a reason the patient sees (the prescriber only)",
      request: { params: RequestId, body: jsonBody(Prescription.DeclineInput) },
      responses: { 200: jsonResponse(Decision, "Declined"), 404: missing("repeat request"), 409: jsonResponse(z.any(), "Already decided") },
    }),
    async (c) => c.json(await Prescription.declineRepeat({ requestId: c.req.valid("param").requestId, input: c.req.valid("json") }), 200),
  )
  .openapi(
    route({
      method: "get",
      path: "/",
      access: signedIn,
      tags,
      summary: "List prescriptions, newest first (a patient their own, a doctor what they prescribed; audited)",
      request: { query: Prescription.ListInput },
      responses: { 200: jsonResponse(Page, "A page of prescriptions") },
    }),
    async (c) => c.json(await Prescription.list(c.req.valid("query")), 200),
  )
  .openapi(
    route({
      method: "post",
      path: "/",
      access: ["doctor"],
      tags,
      summary: "Prescribe from a visit of yours that is completed or in progress",
      request: { body: jsonBody(Prescription.PrescribeInput) },
      responses: { 201: jsonResponse(Prescription.Info, "Prescribed"), 404: missing("appointment") },
    }),
    async (c) => c.json(await Prescription.prescribe(c.req.valid("json")), 201),
  )
  .openapi(
    route({
      method: "get",
      path: "/{id}",
      access: signedIn,
      tags,
      summary: "A prescription (its patient, its prescriber, staff, admin; audited)",
      request: { params: Id },
      responses: { 200: jsonResponse(Prescription.Info, "The prescription"), 404: missing("prescription") },
    }),
    async (c) => c.json(await Prescription.read(c.req.valid("param").id), 200),
  )
  .openapi(
    route({
      method: "get",
      path: "/{id}/pharmacy",
      access: pharmacy,
      tags,
      summary: "A prescription as the pharmacy sees it (patient name and birth date only; audited)",
      request: { params: Id },
      responses: { 200: jsonResponse(Prescription.PharmacyItem, "The prescription"), 404: missing("prescription") },
    }),
    async (c) => c.json(await Prescription.readForPharmacy(c.req.valid("param").id), 200),
  )
  .openapi(
    route({
      method: "post",
      path: "/{id}/cancel",
      access: ["doctor"],
      tags,
      summary: "Cancel (the prescriber only): nothing more can be dispensed; a change is a cancel plus a new prescription",
      request: { params: Id, body: jsonBody(Prescription.CancelInput) },
      responses: { 200: jsonResponse(Prescription.Info, "Cancelled"), 404: missing("prescription"), 409: jsonResponse(z.any(), "Already closed") },
    }),
    async (c) => c.json(await Prescription.cancel({ id: c.req.valid("param").id, reason: c.req.valid("json").reason }), 200),
  )
  .openapi(
    route({
      method: "post",
      path: "/{id}/dispense",
      access: ["pharmacist"],
      tags,
      summary: "Dispense units at the counter (Idempotency-Key required; never beyond the current fill or what was prescribed)",
      request: { params: Id, headers: IdempotencyKeyHeader, body: jsonBody(Prescription.DispenseInput) },
      responses: {
        200: jsonResponse(Prescription.DispenseResult, "The dispense and the prescription after it (a replay answers the same)"),
        404: missing("prescription"),
        409: jsonResponse(z.any(), "Nothing (or not that much) left to dispense, cancelled or expired"),
      },
    }),
    async (c) => {
      const key = idempotencyKey(c.req.header("idempotency-key"), "dispense");
      const out = await Prescription.dispense({ id: c.req.valid("param").id, idempotencyKey: key, input: c.req.valid("json") });
      if (out.replayed) c.header("idempotent-replayed", "true");
      return c.json(out.body, 200);
    },
  )
  .openapi(
    route({
      method: "post",
      path: "/{id}/repeat-requests",
      access: ["patient"],
      tags,
      summary: "Ask the prescriber for a repeat of your prescription (one pending at a time)",
      request: { params: Id, body: jsonBody(Prescription.RequestInput) },
      responses: { 201: jsonResponse(Prescription.RepeatRequest, "Requested"), 404: missing("prescription"), 409: jsonResponse(z.any(), "One is already pending") },
    }),
    async (c) => c.json(await Prescription.requestRepeat({ id: c.req.valid("param").id, input: c.req.valid("json") }), 201),
  )
  .openapi(
    route({
      method: "get",
      path: "/{id}/pdf",
      access: [...signedIn, "pharmacist"],
      tags,
      summary: "The printable prescription: 302 to a presigned S3 URL valid for 5 minutes (`?format=json` answers the URL); audited",
      request: { params: Id, query: PdfFormat },
      responses: {
        200: jsonResponse(PdfLink, "The presigned URL (with `format=json`)"),
        302: { description: "Redirect to the presigned URL", headers: { location: { schema: { type: "string" } } } },
        404: missing("prescription"),
      },
    }),
    async (c) => {
      const { url, expiresInSeconds } = await Prescription.pdfUrl(c.req.valid("param").id);
      c.header("cache-control", "no-store");
      if (c.req.valid("query").format === "json") return c.json({ url, expiresAt: new Date(Date.now() + expiresInSeconds * 1000).toISOString() }, 200);
      return c.redirect(url, 302);
    },
  );
