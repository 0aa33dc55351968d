/// <reference path="./.sst/platform/config.d.ts" />

/**
 * Carebeat on AWS. `production` keeps its data when removed and refuses `sst remove`;
 * every other stage (personal, preview, ci) is removed whole.
 */
export default $config({
  app(input) {
    return {
      name: "carebeat",
      home: "aws",
      removal: input?.stage === "production" ? "retain" : "remove",
      protect: ["production"].includes(input?.stage),
      providers: { aws: { region: "us-east-1" } },
    };
  },
  async run() {
    await import("./stacks/network");
    const { database } = await import("./stacks/database");
    await import("./stacks/secrets");
    await import("./stacks/storage");
    const { api } = await import("./stacks/api");
    const { router, site } = await import("./stacks/web");
    await import("./stacks/monitoring");
    return {
      url: router.url,
      api: api.url,
      site: site.url,
      database: database.host,
    };
  },
});
