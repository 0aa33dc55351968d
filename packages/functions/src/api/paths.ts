/**
 * The one list of what the API Lambda serves. Plain data with no imports, so stacks/api.ts
 * (API Gateway routes), stacks/web.ts (the CloudFront router's paths to the API) and
 * packages/local/src/server.ts (the offline single origin) read the same list without pulling
 * app code into the Pulumi program. Everything else belongs to the site.
 */
export const API_ROUTES = ["ANY /api/{proxy+}", "ANY /fhir/{proxy+}", "GET /health", "GET /openapi.json", "GET /docs", "GET /docs/interactive"] as const;

/**
 * The path prefixes that reach the API: each route's first segment. A prefix covers itself and
 * everything below it (`/docs` → `/docs`, `/docs/interactive`), as a CloudFront router path does.
 */
export const API_PREFIXES: readonly string[] = [...new Set(API_ROUTES.map((route) => "/" + route.split(" ")[1]!.split("/")[1]!))];

export const isApiPath = (pathname: string) => API_PREFIXES.some((p) => pathname === p || pathname.startsWith(p + "/"));
