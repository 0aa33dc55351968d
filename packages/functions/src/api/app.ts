import { Hono } from "hono";
import { TrieRouter } from "hono/router/trie-router";
import { HTTPException } from "hono/http-exception";
import { VisibleError } from "@carebeat/core/util/error";
import { log, errorFields } from "@carebeat/core/observability/log";
import { requestContext, type AppEnv } from "./middleware/request-context";
import { securityHeaders } from "./middleware/security-headers";
import { limitBody, MAX_BODY_LIMIT } from "./middleware/body-limit";
import { originGuard } from "./middleware/origin-guard";
import { problemFromError, problemResponse } from "./problem";
import { csp, interactiveCsp, scalar } from "./headers-policy";
import { randomBytes } from "node:crypto";
import { lazy } from "@carebeat/core/util/lazy";
import { DOMAINS, domainOf, type Domain } from "./domains";

/** Paths whose answer is the OpenAPI document: it lists every route, so they mount every domain. */
const DOCUMENT_PATHS = new Set(["/openapi.json", "/docs"]);

/**
 * Hono app shared by the Lambda handler and the offline runtime.
 *
 * Cold start (docs/capacity.md): at init the app holds what every request needs (headers, request
 * id, token check, body limit, error answers) and no domain. A domain's routes (./domains.ts) are
 * imported on the first request under its prefix and mounted with `app.route()` before that
 * request is dispatched, once per process; from then on they are ordinary routes of this app,
 * behind the same middleware, `notFound` and `onError` as before. Mounting after the first
 * request needs a router that accepts routes at any time: Hono's TrieRouter (its default
 * RegExpRouter freezes on the first match).
 */
export function createApp() {
  const app = new Hono<AppEnv>({ router: new TrieRouter() });
  app.use("*", securityHeaders);
  app.use("*", requestContext);
  // In AWS only CloudFront's requests are served (the execute-api URL would skip the WAF).
  app.use("*", originGuard());
  // Backstop for anything not declared through route() (which sets each route's own, smaller limit).
  app.use("*", limitBody(MAX_BODY_LIMIT));

  app.get("/health", async (c) => {
    const { checkDependencies } = await import("@carebeat/core/health");
    const report = await checkDependencies();
    return c.json({ ...report, stage: process.env.SST_STAGE }, report.status === "ok" ? 200 : 503);
  });

  app.get("/openapi.json", async (c) => {
    const { openApiDocument } = await import("./openapi");
    return c.json(await openApiDocument());
  });
  app.get("/docs", async (c) => {
    const [{ openApiDocument }, { renderReference }] = await Promise.all([import("./openapi"), import("./docs-page")]);
    c.header("content-security-policy", csp.docs);
    return c.html(renderReference(await openApiDocument()));
  });
  // Scalar's interactive console loads one pinned, integrity-checked script from a CDN (so it
  // needs internet access); the page's CSP allows that script and its own start-up, nothing else.
  app.get("/docs/interactive", async (c) => {
    const { Scalar } = await import("@scalar/hono-api-reference");
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

  // One import and one mount per domain and process, shared by concurrent first requests; a
  // failed import is forgotten so the next request retries it.
  const mounts = new Map(DOMAINS.map((domain) => [domain, lazy(async () => void app.route(domain.prefix, await domain.load()))]));
  const mount = (domain: Domain) => mounts.get(domain)!();
  const dispatch = app.fetch;
  // `app.request()` (tests) and the Lambda adapter both come through `app.fetch`. The path is
  // read the way Hono's dispatch reads it, so a domain is mounted for exactly the paths its
  // routes can match.
  app.fetch = async (request, env, executionCtx) => {
    const path = app.getPath(request, { env });
    if (DOCUMENT_PATHS.has(path)) await Promise.all(DOMAINS.map(mount));
    else {
      const domain = domainOf(path);
      if (domain) await mount(domain);
    }
    return dispatch(request, env, executionCtx);
  };
  return app;
}
