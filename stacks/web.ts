import { api } from "./api";

/** The paths CloudFront sends to API Gateway (prefixes: `/api` covers `/api/...`). */
export const apiPaths = ["/api", "/health", "/openapi.json", "/docs"] as const;

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
  transform: {
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
for (const path of apiPaths) router.route(path, api.url);

export const site = new sst.aws.StaticSite("Web", {
  path: "web",
  build: { command: "npm run build", output: "dist" },
  router: { instance: router },
});
