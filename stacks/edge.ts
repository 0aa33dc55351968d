import { createHmac } from "node:crypto";
import { jwtSigningKey } from "./secrets";
import { logRetention, production } from "./observability";
import { ORIGIN_VERIFY_HEADER } from "../packages/functions/src/api/origin-verify";

/**
 * Edge protection (docs/infrastructure.md, "Edge protection"): what reaches the Lambdas at all.
 *
 * 1. AWS WAF on the Router's CloudFront distribution (site and API share it, stacks/web.ts),
 *    through the Router's own `waf` option: SST creates the web ACL in us-east-1 with scope
 *    CLOUDFRONT (what CloudFront requires) and sets it as the distribution's `webAclId`.
 *    Rules, in order: a per-IP rate limit on everything, AWS's managed Common (CRS),
 *    Known-bad-inputs and SQL-injection groups, then ours: a tighter per-IP limit on
 *    `/api/auth/` (sign-in, registration, refresh), under the app's own per-account lockout.
 * 2. Only CloudFront reaches the HTTP API (issue 23.8): the execute-api URL is public, and a
 *    request sent there would skip (1). The Router's viewer-request function writes a per-stage
 *    secret value into `x-carebeat-origin-verify` (overwriting whatever a viewer sent under that
 *    name) and the API refuses requests without it (packages/functions/src/api/middleware/origin-guard.ts).
 * 3. API Gateway stage throttling on the HTTP API and the WebSocket API: a ceiling per stage
 *    that keeps a flood from scaling Lambda (and database connections) without bound.
 */

/**
 * Per IP per 5 minutes (WAF's window). A clinic's staff share one public address behind the
 * practice's router, so the global limit is generous in production (a busy front desk of
 * 30 people × ~100 requests per 5 minutes each is 3,000); the auth limit leaves room for
 * everyone signing in and refreshing at once while stopping password spraying from one address.
 */
const wafLimits = production ? { perIp: 10_000, authPerIp: 300 } : { perIp: 2_000, authPerIp: 100 };

export const routerWaf = {
  rateLimitPerIp: wafLimits.perIp,
  managedRules: { coreRuleSet: true, knownBadInputs: true, sqlInjection: true },
  // Blocked requests only; SST redacts the query string, Cookie and Authorization by default.
  logging: { include: "blocked" as const, retention: logRetention },
};

/** The rate-based rule on `/api/auth/`, appended after SST's rules (transform.waf in stacks/web.ts). */
const authRateRule = (priority: number) => ({
  name: "AuthRateLimitPerIP",
  priority,
  action: { block: {} },
  statement: {
    rateBasedStatement: {
      limit: wafLimits.authPerIp,
      aggregateKeyType: "IP",
      evaluationWindowSec: 300,
      scopeDownStatement: {
        byteMatchStatement: {
          fieldToMatch: { uriPath: {} },
          positionalConstraint: "STARTS_WITH",
          searchString: "/api/auth/",
          textTransformations: [{ priority: 0, type: "LOWERCASE" }],
        },
      },
    },
  },
  visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: "AuthRateLimitPerIP", sampledRequestsEnabled: true },
});

/** `transform.waf` for sst.aws.Router: SST's rules, then the auth rule. */
export function withAuthRateRule(args: aws.wafv2.WebAclArgs): undefined {
  args.rules = $output(args.rules).apply((rules) => [...(rules ?? []), authRateRule((rules ?? []).reduce((max, r) => Math.max(max, r.priority), -1) + 1)]);
  return undefined;
}

/**
 * Requests per second (steady) and burst, per stage, for every route of the API's `$default`
 * stage. Production: well above a large clinic's peak (docs/capacity.md) and below the account's
 * 10,000 rps; elsewhere small, so a runaway test cannot exhaust a t4g.micro database's connections.
 */
export const apiThrottle = production ? { rate: 500, burst: 1_000 } : { rate: 50, burst: 100 };
/** WebSocket messages per second (connects included) for the whole API. */
const websocketThrottle = production ? { rate: 200, burst: 500 } : { rate: 20, burst: 50 };

const stage =
  (limits: { rate: number; burst: number }) =>
  (args: aws.apigatewayv2.StageArgs): undefined => {
    args.defaultRouteSettings = { ...(args.defaultRouteSettings as object), throttlingRateLimit: limits.rate, throttlingBurstLimit: limits.burst };
    return undefined;
  };

/** Arguments for `new sst.aws.ApiGatewayV2("Api", httpApiEdge)`: throttling and access-log retention. */
export const httpApiEdge = { accessLog: { retention: logRetention }, transform: { stage: stage(apiThrottle) } } satisfies sst.aws.ApiGatewayV2Args;
/** Arguments for `new sst.aws.ApiGatewayWebSocket("Realtime", websocketEdge)`. */
export const websocketEdge = { accessLog: { retention: logRetention }, transform: { stage: stage(websocketThrottle) } } satisfies sst.aws.ApiGatewayWebSocketArgs;

/**
 * The value only CloudFront sends (see 2. above), derived from the stage's `JwtSigningKey` secret
 * with HMAC-SHA256 under a fixed label: secret, stable across deploys, different per stage, and
 * revealing nothing about the key. Not a `random.RandomPassword`: `sst install` evaluates this
 * config before `.sst/platform` holds `@pulumi/random`, so importing it breaks a fresh checkout.
 * Rotating the signing key rotates this too; the Router and the API change in the same deploy
 * (API requests can be refused for the seconds between the two updates).
 */
const originVerifyValue = $util.secret(jwtSigningKey.value.apply((key) => createHmac("sha256", key).update("carebeat/origin-verify/v1").digest("base64url")));
export const originVerify = new sst.Linkable("OriginVerify", { properties: { value: originVerifyValue } });

/**
 * Router `edge.viewerRequest.injection`: runs first in SST's viewer-request function, on every
 * request; `JSON.stringify` makes the value a JavaScript string literal.
 */
export const originVerifyInjection = $interpolate`event.request.headers[${JSON.stringify(ORIGIN_VERIFY_HEADER)}] = { value: ${originVerifyValue.apply((v) => JSON.stringify(v))} };`;
