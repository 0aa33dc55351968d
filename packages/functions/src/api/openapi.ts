import { OpenAPIHono } from "@hono/zod-openapi";
import { lazy } from "@carebeat/core/util/lazy";
import { DOMAINS } from "./domains";

/** The document's head (`info` does not reach web/src/api/schema.d.ts). */
const DOC_CONFIG = {
  openapi: "3.1.0",
  info: {
    title: "Carebeat API",
    version: "0.1.0",
    description: "Clinic records, appointments and billing. Errors are RFC 9457 problem+json. `x-roles` lists the roles allowed on each operation.",
  },
};

/** Every domain mounted in DOMAINS order into one OpenAPIHono that only describes (it serves nothing). */
const registry = lazy(async () => {
  const doc = new OpenAPIHono();
  for (const domain of DOMAINS) doc.route(domain.prefix, await domain.load());
  doc.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer", bearerFormat: "JWT" });
  return doc;
});

/**
 * The OpenAPI 3.1 document of every route, built from the domains' own registries in DOMAINS
 * order, so it reads the same whichever domain a container happened to load first. Served at
 * `/openapi.json` and `/docs` (imported on the first request for either) and read by
 * web/scripts/api-types.ts.
 */
export async function openApiDocument() {
  return (await registry()).getOpenAPI31Document(DOC_CONFIG);
}
