import { OpenAPIHono, z } from "@hono/zod-openapi";
import { smartConfiguration } from "@carebeat/core/smart/configuration";
import { route, jsonResponse } from "../route";
import type { AppEnv } from "../middleware/request-context";
import { validationHook } from "../validation";
import { tokenEndpoint } from "../public-origin";

/**
 * SMART discovery at `/fhir/R4/.well-known/smart-configuration` (mounted from ./fhir.ts): where a
 * backend service finds the token endpoint. Only under the FHIR base, where SMART says a client
 * looks (`[base]/.well-known/smart-configuration`); the site's root does not answer it
 * (docs/smart.md says why).
 */
export const smartConfigurationRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  route({
    method: "get",
    path: "/.well-known/smart-configuration",
    access: "public",
    fhir: true,
    tags: ["fhir"],
    summary: "SMART configuration: the token endpoint and how a backend service authenticates to it",
    responses: { 200: jsonResponse(z.object({ token_endpoint: z.string() }).passthrough().openapi("SmartConfiguration"), "The SMART configuration") },
  }),
  async (c) => {
    c.header("cache-control", "public, max-age=300");
    return c.json(smartConfiguration(tokenEndpoint(c)), 200);
  },
);
