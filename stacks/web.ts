import { api } from "./api";
import { realtime } from "./realtime";
import { router } from "./router";
import { API_PREFIXES } from "../packages/functions/src/api/paths";

export { router } from "./router";

/** The paths CloudFront sends to API Gateway (prefixes: `/api` covers `/api/...`), from the one list. */
const apiPaths = API_PREFIXES;

/**
 * CloudFront's read timeout defaults to 20 s, the API Lambda's own timeout: a request that runs to
 * the end got CloudFront's bare 504 instead of the API's answer. 30 s is the HTTP API's integration
 * maximum, above the Lambda's 20 s (issue 23.11).
 */
for (const path of apiPaths) router.route(path, api.url, { readTimeout: "30 seconds" });

export const site = new sst.aws.StaticSite("Web", {
  path: "web",
  build: { command: "npm run build", output: "dist" },
  // The WebSocket API has its own host in AWS (offline it is the same origin's /ws): the site is
  // built with it rather than asking the API at run time (issue 18: that probe 404ed on every load).
  environment: { VITE_REALTIME_URL: realtime.url },
  router: { instance: router },
});
