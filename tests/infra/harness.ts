// Evaluates sst.config.ts under Pulumi mocks, emulating what the SST CLI injects: the globals
// ($app, sst, aws, $interpolate, $transform, ...) and the CLI's RPC server (Runtime.Build
// answered with a fake bundle, so sst.aws.Function never bundles). Adapted from
// shared/design/examples/sst-mocks-harness.ts and tied to sst 4.17.1 internals.
// tests/infra/run.sh bundles this into .sst/platform/ so every bare import (@pulumi/*) resolves
// to the platform's single copy of @pulumi/pulumi; with two copies the mocks do not apply.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import * as util from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

/** A resource registered with the mock engine; `dependsOn` holds the URNs it waits for. */
/** `read`: an existing resource looked up by id (`X.get(name, id)`), not created. */
export type Rec = { type: string; name: string; inputs: any; dependsOn: string[]; read?: boolean };
/** The input of one `Runtime.Build` RPC: what the CLI would bundle for a function. */
export type Build = {
  functionID: string;
  handler: string;
  runtime?: string;
  dev?: boolean;
  links: Record<string, Record<string, unknown>>;
  copyFiles: { from: string; to?: string }[];
  properties: { install?: Record<string, string>; architecture?: string };
};

/** Mocked inputs that were Outputs may arrive wrapped as { <secret-sig>: ..., value }. */
export const unwrap = (v: any) => (v && typeof v === "object" && "value" in v && Object.keys(v).length <= 3 ? v.value : v);

const WORK = ".sst/platform/infra-test";
const FAKE_BUNDLE = path.resolve(WORK, "fake-bundle");
/** Stands in for a static site's build output (the build command is not run under mocks). */
const SITE_FIXTURE = `${WORK}/site`;

type Config = { app(input: { stage: string }): any; run(): Promise<Record<string, unknown>> };
async function loadConfig(): Promise<Config> {
  (globalThis as any).$config ??= (c: unknown) => c;
  return (await import("../../sst.config.ts")).default as unknown as Config;
}

/** What `$config.app()` returns for a stage, as the CLI would call it. */
export async function appConfig(stage: string) {
  return (await loadConfig()).app({ stage });
}

/** Runs the whole sst.config.ts once; resolves after every registration has settled. */
export async function synth(stage = "test") {
  const g = globalThis as any;
  const created: Rec[] = [];
  const builds: Build[] = [];
  const sites: Record<string, any> = {};
  const unknownRpc: string[] = [];
  fs.mkdirSync(FAKE_BUNDLE, { recursive: true });
  fs.mkdirSync(`${SITE_FIXTURE}/dist`, { recursive: true });
  fs.writeFileSync(`${SITE_FIXTURE}/dist/index.html`, "<!doctype html><title>fixture</title>\n");

  // 1. stand-in for the CLI's RPC server
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const { method, params } = JSON.parse(body);
      let result: unknown = {};
      if (method === "Runtime.Build") {
        builds.push(params[0]);
        result = { handler: "index.handler", out: FAKE_BUNDLE, errors: [], sourcemaps: [] };
      } else if (method === "Provider.Aws.Bootstrap") {
        result = { asset: "sst-asset-mock", assetEcrRegistryId: "123456789012", assetEcrUrl: "ecr.mock", state: "sst-state-mock", appsyncHttp: "", appsyncRealtime: "" };
      } else {
        unknownRpc.push(method);
      }
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ id: 1, result, error: null }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  server.unref(); // never the reason the test process stays alive
  try {
    process.env.SST_SERVER = `http://127.0.0.1:${(server.address() as any).port}`;
    process.env.SST_SECRET_JwtSigningKey ??= '{"kty":"EC","crv":"P-256"}';
    process.env.SST_SECRET_MfaKey ??= "0".repeat(64);

    // 2. Pulumi mocks: every resource "exists" with plausible outputs
    const dependencies = new Map<string, string[]>();
    util.runtime.setMocks(
      {
        newResource(a) {
          created.push({ type: a.type, name: a.name, inputs: a.inputs, dependsOn: dependencies.get(`${a.type}::${a.name}`) ?? [], read: Boolean(a.id) });
          // Generated values the real providers would return.
          const generated: Record<string, unknown> = a.type === "random:index/randomPassword:RandomPassword" ? { result: "mock-password" } : {};
          // A VPC read by id (sst.aws.Vpc.get, a stage sharing another's VPC): the tags SST's own
          // VPCs carry, which its reference code checks.
          if (a.type === "aws:ec2/vpc:Vpc" && a.id) Object.assign(generated, { tagsAll: { "sst:component-version": "2", "sst:ref-version": "2" }, cidrBlock: "10.0.0.0/16" });
          return {
            id: a.id || `${a.name}-id`,
            state: {
              ...a.inputs,
              // A resource read by its ARN (MSK clusters are) keeps it.
              arn: a.id?.startsWith("arn:") ? a.id : `arn:aws:mock:us-east-1:123456789012:${a.name}`,
              name: a.inputs.name ?? a.name,
              apiEndpoint: `https://${a.name}.mock`,
              executionArn: "arn:exec",
              endpoint: "db.mock:5432",
              address: "db.mock",
              port: 5432,
              domainName: "d.cloudfront.mock",
              ...generated,
            },
          };
        },
        call(a) {
          if (a.token.includes("getPolicyDocument")) return { ...a.inputs, json: JSON.stringify(a.inputs) };
          if (a.token.includes("getRegion")) return { name: "us-east-1", region: "us-east-1" };
          if (a.token.includes("getCallerIdentity")) return { accountId: "123456789012" };
          if (a.token.includes("getPartition")) return { partition: "aws", dnsSuffix: "amazonaws.com" };
          if (a.token.includes("getAvailabilityZones")) return { names: ["us-east-1a", "us-east-1b", "us-east-1c"], zoneIds: ["a", "b", "c"] };
          if (a.token.includes("getAmi")) return { id: "ami-123", architecture: "arm64" };
          // What sst.aws.Vpc.get looks up about an existing SST VPC (stacks/sharing.ts).
          if (a.token.includes("getSubnets")) {
            const kind = /private/i.test(JSON.stringify(a.inputs)) ? "private" : "public";
            return { ids: [`shared-${kind}-subnet-1`, `shared-${kind}-subnet-2`] };
          }
          if (a.token.includes("getRouteTable")) return { id: `rtb-of-${a.inputs.subnetId}`, routeTableId: `rtb-of-${a.inputs.subnetId}` };
          if (a.token.includes("getSecurityGroups")) return { ids: JSON.stringify(a.inputs).includes("default") ? ["sg-shared-default"] : [] };
          if (a.token.includes("getInternetGateway")) return { id: "igw-shared", internetGatewayId: "igw-shared" };
          if (a.token.includes("getNatGateways") || a.token.includes("getInstances")) return { ids: [] };
          if (a.token.includes("getEips")) return { allocationIds: [] };
          if (a.token.includes("route53/getZone"))
            return { id: "Z1", zoneId: "Z1", linkedServiceDescription: "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-shared1" };
          return {};
        },
      },
      "carebeat",
      stage,
      false,
    );
    // newResource() does not see dependencies; the registration request does.
    const monitor = util.runtime.getMonitor() as any;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, cb: unknown) => {
      dependencies.set(`${req.getType()}::${req.getName()}`, req.getDependenciesList());
      return register(req, cb);
    };

    // 3. globals normally injected by the SST CLI
    g.$app = { name: "carebeat", stage, removal: "remove", protect: false, providers: {} };
    const sst = await import("../../.sst/platform/src/components/index.js");
    // The CLI's global `$transform` (not re-exported by components/index.js).
    const { $transform } = await import("../../.sst/platform/src/components/component.js");
    Object.assign(g, {
      sst,
      aws,
      $dev: false,
      $config: (c: unknown) => c,
      $cli: {
        command: "deploy",
        rpc: "",
        paths: { home: "/tmp", root: process.cwd(), work: path.resolve(".sst"), platform: path.resolve(".sst/platform") },
        state: { version: {} },
      },
      $output: util.output,
      $interpolate: util.interpolate,
      $resolve: util.all,
      $concat: util.concat,
      $jsonParse: util.jsonParse,
      $jsonStringify: util.jsonStringify,
      $util: util,
      $transform,
    });
    // A StaticSite checks that its build output exists. Keep the arguments the stacks gave it
    // (for assertions) and point it at a fixture, so the result does not depend on web/dist.
    $transform(sst.aws.StaticSite, (args: any, _opts: unknown, name: string) => {
      sites[name] = JSON.parse(JSON.stringify(args, (_k, v) => (v && typeof v === "object" && "urn" in v ? "<resource>" : v)));
      args.path = SITE_FIXTURE;
    });

    const config = await loadConfig();
    Object.assign(g.$app, await config.app({ stage }), { stage });
    const outputs = await config.run();
    // Registrations that wait on outputs (function bundles, policies) keep arriving after
    // run() returns: first drain Pulumi's RPC queue (what `pulumi up` itself awaits; a quiet
    // spell alone was not enough on a loaded machine), then wait until nothing new has come.
    await (util.runtime as unknown as { waitForRPCs?: () => Promise<void> }).waitForRPCs?.();
    let seen = -1;
    for (let i = 0; i < 100 && seen !== created.length + builds.length; i++) {
      seen = created.length + builds.length;
      await new Promise((r) => setTimeout(r, 150));
    }
    return { created, builds, sites, outputs, unknownRpc };
  } finally {
    server.close();
  }
}
