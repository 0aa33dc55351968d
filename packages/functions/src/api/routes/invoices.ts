import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Invoice } from "@carebeat/core/invoice";
import { InvoiceWorkflow } from "@carebeat/core/billing/invoice-workflow";
import { route, jsonBody, jsonResponse, signedIn, staffRoles } from "../route";
import type { AppEnv } from "../middleware/request-context";
import { validationHook } from "../validation";
import { IdempotencyKeyHeader, idempotencyKey } from "../idempotency-key";

const Id = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" } }),
});
const Page = z.object({ items: z.array(Invoice.ListItem), nextCursor: z.string().nullable() }).openapi("InvoicePage");

const PdfFormat = z.object({ format: z.enum(["json"]).optional().openapi({ description: "`json`: answer `{ url, expiresAt }` with 200 instead of the redirect" }) });
const PdfLink = z.object({ url: z.string(), expiresAt: z.string() }).openapi("InvoicePdfLink");

export const invoicesRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    route({
      method: "get",
      path: "/",
      access: signedIn,
      tags: ["invoices"],
      summary: "List invoices, newest first (a patient sees their own, a doctor their patients')",
      request: { query: Invoice.ListInput },
      responses: { 200: jsonResponse(Page, "A page of invoices") },
    }),
    async (c) => c.json(await Invoice.list(c.req.valid("query")), 200),
  )
  .openapi(
    route({
      method: "get",
      path: "/{id}",
      access: signedIn,
      tags: ["invoices"],
      summary: "An invoice with its payments and billing workflow progress (current step, each step's times, errors)",
      request: { params: Id },
      responses: { 200: jsonResponse(InvoiceWorkflow.Detail, "The invoice"), 404: jsonResponse(z.any(), "No such invoice") },
    }),
    async (c) => c.json(await InvoiceWorkflow.read(c.req.valid("param").id), 200),
  )
  .openapi(
    route({
      method: "get",
      path: "/{id}/pdf",
      access: [...staffRoles, "patient"],
      tags: ["invoices"],
      summary: "Download the PDF: 302 to a presigned S3 URL valid for 5 minutes (the invoice's patient, staff, admin; audited); `?format=json` answers the URL as JSON instead",
      description:
        "A browser page cannot read a cross-origin redirect's Location (fetch hides it) nor send a bearer token from a plain link, so the site asks for `?format=json` and opens the URL itself. Both forms are audited as a download.",
      request: { params: Id, query: PdfFormat },
      responses: {
        200: jsonResponse(PdfLink, "The presigned URL (with `format=json`)"),
        302: { description: "Redirect to the presigned URL", headers: { location: { schema: { type: "string" } } } },
        404: jsonResponse(z.any(), "No such invoice"),
        409: jsonResponse(z.any(), "No PDF yet"),
      },
    }),
    async (c) => {
      const { url, expiresInSeconds } = await Invoice.pdfUrl(c.req.valid("param").id);
      c.header("cache-control", "no-store");
      if (c.req.valid("query").format === "json") return c.json({ url, expiresAt: new Date(Date.now() + expiresInSeconds * 1000).toISOString() }, 200);
      return c.redirect(url, 302);
    },
  )
  .openapi(
    route({
      method: "post",
      path: "/{id}/pay",
      access: staffRoles,
      tags: ["invoices"],
      summary: "Record a payment received (Idempotency-Key required; amountCents defaults to the open balance; a partial payment leaves a balance)",
      request: { params: Id, headers: IdempotencyKeyHeader, body: jsonBody(Invoice.PayInput) },
      responses: {
        200: jsonResponse(Invoice.PayResult, "The payment and the invoice after it (a replay answers the same)"),
        404: jsonResponse(z.any(), "No such invoice"),
        409: jsonResponse(z.any(), "Not payable in its status"),
      },
    }),
    async (c) => {
      const key = idempotencyKey(c.req.header("idempotency-key"));
      const out = await Invoice.pay({ id: c.req.valid("param").id, idempotencyKey: key, payment: c.req.valid("json") });
      if (out.replayed) c.header("idempotent-replayed", "true");
      return c.json(out.body, 200);
    },
  )
  .openapi(
    route({
      method: "post",
      path: "/{id}/retry",
      access: staffRoles,
      tags: ["invoices"],
      summary: "Bill a failed invoice again (starts a new workflow execution)",
      request: { params: Id },
      responses: {
        202: jsonResponse(z.object({ invoice: Invoice.Info, executionName: z.string(), executionArn: z.string().nullable() }), "Billing restarted"),
        404: jsonResponse(z.any(), "No such invoice"),
        409: jsonResponse(z.any(), "Not failed"),
      },
    }),
    async (c) => c.json(await InvoiceWorkflow.retry(c.req.valid("param").id), 202),
  );
