import { routerWaf, withAuthRateRule, originVerifyInjection } from "./edge";
import { csp, REFERRER_POLICY } from "../packages/functions/src/api/headers-policy";

/**
 * The CloudFront distribution (sst.aws.Router) on its own, before the functions: its URL is the
 * site's address, which the mail sender puts in every link (stacks/mail.ts), and the routes to the
 * API and the site are added later (stacks/web.ts) — so nothing that the routes point at has to
 * exist before the URL does.
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

/**
 * One origin for site and API, as offline: CloudFront (sst.aws.Router) sends the API paths
 * to API Gateway and everything else to the static site, so the SPA calls relative
 * `/api/...` URLs and needs no CORS and no VITE_API_URL.
 *
 * The API authenticates with `Authorization: Bearer`. CloudFront strips that header from GET
 * and HEAD requests unless it is part of the cache key, so the router's cache policy gets it
 * added (which also keeps any cached API response per caller; the TTL defaults to 0).
 */
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
      args.parametersInCacheKeyAndForwardedToOrigin = $resolve([args.parametersInCacheKeyAndForwardedToOrigin]).apply(([params]) => ({
        ...params,
        headersConfig: {
          headerBehavior: "whitelist",
          headers: { items: [...(params.headersConfig.headers?.items ?? []), "authorization"] },
        },
      }));
    },
  },
});
