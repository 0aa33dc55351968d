/// <reference path="./.sst/platform/config.d.ts" />

/**
 * Carebeat on AWS (SST v4, pinned at sst@4.17.1). `production` (or `prod`, stacks/stage.ts)
 * keeps its data when removed and refuses `sst remove`; every other stage (personal, preview,
 * ci) is removed whole, and a name that only looks like production is refused.
 * The stacks are imported in dependency order; each file is one concern (see
 * docs/infrastructure.md).
 *
 * Settings read from the environment of `sst deploy` (docs/infrastructure.md, "Before the first
 * deploy"): `CAREBEAT_LAMBDA_CONCURRENCY` (the account's Lambda concurrent-executions quota,
 * default 1000; new accounts have 10) and `CAREBEAT_STAGES_PER_ACCOUNT` (stages deployed into
 * the account at once; default 1 for production, 5 otherwise) size each stage's reserved
 * concurrency so the stages of one account fit it, scaling reservations down or turning them off
 * on a small quota (stacks/capacity.ts, issue 23.5).
 */
export default $config({
  async app(input) {
    // SST refuses top-level imports in this file; app() may be async (App | Promise<App>).
    const { isProduction } = await import("./stacks/stage");
    const production = isProduction(input?.stage ?? "");
    return {
      name: "carebeat",
      home: "aws",
      removal: production ? "retain" : "remove",
      protect: production,
      // The AWS provider version sst@4.17.1 ships with, pinned so an SST upgrade does not
      // silently move the provider under existing stacks.
      providers: { aws: { version: "7.20.0", region: "us-east-1" } },
    };
  },
  async run() {
    // First: the $transforms every Lambda gets — bundling (esbuild plugins), then log retention
    // per stage and X-Ray (stacks/observability.ts composes with the earlier transform).
    await import("./stacks/bundling");
    await import("./stacks/observability");
    const { vpc } = await import("./stacks/network");
    const { database } = await import("./stacks/database");
    await import("./stacks/secrets");
    await import("./stacks/storage");
    // Before every function that talks to PostgreSQL: they all wait for this deploy's migrations.
    const { migrateOnDeploy } = await import("./stacks/migrations");
    const { kafkaCluster } = await import("./stacks/events");
    await import("./stacks/billing");
    await import("./stacks/fhir-export");
    // The CloudFront URL first (the sender's links need it), then mail; routes are added in web.
    await import("./stacks/router");
    await import("./stacks/mail");
    await import("./stacks/notifications");
    const { api } = await import("./stacks/api");
    const { realtime } = await import("./stacks/realtime");
    const { router, site } = await import("./stacks/web");
    await import("./stacks/monitoring");
    return {
      /** The one origin people use: the site, with the API under /api. */
      url: router.url,
      /** API Gateway's own endpoint: it refuses what did not come through `url` (CloudFront adds the origin-verify header). */
      api: api.url,
      site: site.url,
      /** The WebSocket API (`?token=<access token>`, docs/realtime.md). */
      realtime: realtime.url,
      database: database.host,
      /** What a stage sharing this one's VPC and cluster is deployed with (stacks/sharing.ts). */
      vpc: vpc.id,
      kafka: kafkaCluster.arn,
      /** What the migrate function returned on this deploy. */
      migrated: migrateOnDeploy.result,
    };
  },
});
