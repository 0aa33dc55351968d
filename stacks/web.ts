import { api } from "./api";
import { realtime } from "./realtime";
import { routerWaf, withAuthRateRule, originVerifyInjection } from "./edge";
import { csp, REFERRER_POLICY } from "../packages/functions/src/api/headers-policy";
import { API_PREFIXES } from "../packages/functions/src/api/paths";

/** The paths CloudFront sends to API Gateway (prefixes: `/api` covers `/api/...`), from the one list. */
export const apiPaths = API_PREFIXES;

/**
 * One origin for site and API, as offline: CloudFront (sst.aws.Router) sends the API paths
 * to API Gateway and everything else to the static site, so the SPA calls relative
 * `/api/...` URLs and needs no CORS and no VITE_API_URL.
 *
 * The API authenticates with `Authorization: Bearer`. CloudFront strips that header from GET
 * and HEAD requests unless it is part of the cache key, so the router's cache policy gets it
 * added (which also keeps any cached API response per caller; the TTL defaults to 0).
 */
/**
 * Security headers on everything CloudFront answers (site and API): the site's CSP — unless
 * the origin sent its own (the API's JSON, /docs and /docs/interactive do) —, no framing, no
 * sniffing, no referrer, and HSTS. The values are the ones the offline runtime sends.
 */
export const securityHeaders = new aws.cloudfront.ResponseHeadersPolicy("SecurityHeaders", {
  comment: "Carebeat: CSP, HSTS, no framing, no sniffing, no referrer",
  securityHeadersConfig: {
    contentSecurityPolicy: { contentSecurityPolicy: csp.site, override: false },
    contentTypeOptions: { override: true },
    frameOptions: { frameOption: "DENY", override: true },
    referrerPolicy: { referrerPolicy: REFERRER_POLICY, override: true },
    strictTransportSecurity: { accessControlMaxAgeSec: 63072000, includeSubdomains: true, preload: false, override: true },
  },
});

export const router = new sst.aws.Router("Router", {
  // AWS WAF on the distribution (stacks/edge.ts): managed rule groups, per-IP limits, /api/auth/.
  waf: routerWaf,
  // Every request CloudFront forwards carries the origin-verify value the API checks (stacks/edge.ts).
  edge: { viewerRequest: { injection: originVerifyInjection } },
  transform: {
    waf: withAuthRateRule,
    cdn: (args) => {
      args.defaultCacheBehavior = $output(args.defaultCacheBehavior).apply((behavior) => ({ ...behavior, responseHeadersPolicyId: securityHeaders.id }));
    },
    cachePolicy: (args) => {
      args.parametersInCacheKeyAndForwardedToOrigin = $resolve([args.parametersInCacheKeyAndForwardedToOrigin]).apply(
        ([params]) => ({
          ...params,
          headersConfig: {
            headerBehavior: "whitelist",
            headers: { items: [...(params.headersConfig.headers?.items ?? []), "authorization"] },
          },
        }),
      );
    },
  },
});
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
