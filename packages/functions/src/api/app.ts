import { OpenAPIHono, z } from "@hono/zod-openapi";
import { HTTPException } from "hono/http-exception";
import { Scalar } from "@scalar/hono-api-reference";
import { VisibleError } from "@carebeat/core/util/error";
import { checkDependencies } from "@carebeat/core/health";
import { log, errorFields } from "@carebeat/core/observability";
import { requestContext, type AppEnv } from "./middleware/request-context";
import { securityHeaders } from "./middleware/security-headers";
import { limitBody, MAX_BODY_LIMIT } from "./middleware/body-limit";
import { problemFromError, problemResponse } from "./problem";
import { validationHook } from "./validation";
import { renderReference } from "./docs-page";
import { csp, interactiveCsp, scalar } from "./headers-policy";
import { randomBytes } from "node:crypto";
import { authRoutes } from "./routes/auth";
import { patientsRoutes } from "./routes/patients";
import { doctorsRoutes } from "./routes/doctors";
import { appointmentsRoutes } from "./routes/appointments";
import { auditRoutes } from "./routes/audit";
import { analyticsRoutes } from "./routes/analytics";
import { invoicesRoutes } from "./routes/invoices";

/** Hono app shared by the Lambda handler and the offline runtime. */
export function createApp() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use("*", securityHeaders);
  app.use("*", requestContext);
  // Backstop for anything not declared through route() (which sets each route's own, smaller limit).
  app.use("*", limitBody(MAX_BODY_LIMIT));

  app.get("/health", async (c) => {
    const report = await checkDependencies();
    return c.json({ ...report, stage: process.env.SST_STAGE }, report.status === "ok" ? 200 : 503);
  });

  app.route("/api/auth", authRoutes);
  app.route("/api/patients", patientsRoutes);
  app.route("/api/doctors", doctorsRoutes);
  app.route("/api/appointments", appointmentsRoutes);
  app.route("/api/audit", auditRoutes);
  app.route("/api/analytics", analyticsRoutes);
  app.route("/api/invoices", invoicesRoutes);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer", bearerFormat: "JWT" });
  const docConfig = {
    openapi: "3.1.0",
    info: {
      title: "Carebeat API",
      version: "0.1.0",
      description: "Clinic records, appointments and billing. Errors are RFC 9457 problem+json. `x-roles` lists the roles allowed on each operation.",
    },
  };
  app.doc31("/openapi.json", docConfig);
  app.get("/docs", (c) => {
    c.header("content-security-policy", csp.docs);
    return c.html(renderReference(app.getOpenAPI31Document(docConfig)));
  });
  // Scalar's interactive console loads one pinned, integrity-checked script from a CDN (so it
  // needs internet access); the page's CSP allows that script and its own start-up, nothing else.
  app.get("/docs/interactive", async (c) => {
    const nonce = randomBytes(16).toString("base64");
    const page = Scalar({ url: "/openapi.json", pageTitle: "Carebeat API", cdn: scalar.url, nonce, withDefaultFonts: false, hideClientButton: true });
    const res = await page(c as unknown as Parameters<typeof page>[0], async () => {});
    const html = (await (res as Response).text()).replace(`<script src="${scalar.url}"`, `<script src="${scalar.url}" integrity="${scalar.integrity}" crossorigin="anonymous"`);
    if (!html.includes(scalar.integrity)) throw new Error("Scalar's page no longer has the script tag the integrity check is added to");
    c.header("content-security-policy", interactiveCsp(nonce));
    return c.html(html);
  });

  app.notFound((c) => problemResponse(c, 404, "not_found", `No route for ${c.req.method} ${c.req.path}.`));
  app.onError((err, c) => {
    if (err instanceof VisibleError) return problemFromError(c, err);
    if (err instanceof HTTPException) {
      // Hono's validators throw these for unreadable bodies (e.g. malformed JSON).
      const status = err.status >= 400 && err.status < 500 ? err.status : 400;
      if (status === 415)
        return problemResponse(c, 415, "unsupported_media_type", "Send the request body as application/json.", [
          { field: "(body)", message: "Content-Type must be application/json" },
        ]);
      return problemResponse(c, status, status === 400 ? "malformed_body" : "http_error", err.message || "The request could not be read.", [
        { field: "(body)", message: err.message || "Unreadable body" },
      ]);
    }
    // Unexpected: log the error class, its SQLSTATE/AWS code and stack frames with the request id,
    // never the request body or the message line (it can quote query parameters: patient data).
    log.error("api.unhandled", { requestId: c.get("requestId"), method: c.req.method, route: c.req.routePath, ...errorFields(err) });
    return problemResponse(c, 500, "internal", "Something went wrong. Quote the request id when reporting it.");
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
export { z };
