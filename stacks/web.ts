import { api } from "./api";

/**
 * One origin for site and API (as offline): CloudFront sends the API paths to API Gateway
 * and everything else to the static site, so the SPA calls relative `/api/...` URLs and
 * needs no CORS.
 */
export const router = new sst.aws.Router("Router");
for (const path of ["/api", "/health", "/openapi.json", "/docs"]) router.route(path, api.url);

export const site = new sst.aws.StaticSite("Web", {
  path: "web",
  build: { command: "npm run build", output: "dist" },
  router: { instance: router },
});
