// Evaluates sst.config.ts under Pulumi mocks, emulating the globals the SST CLI injects
// (adapted from shared/design/examples/sst-mocks-harness.ts; pinned to sst 4.17.1 internals).
// Bundled by tests/infra/run.sh into .sst/platform/ so @pulumi/* resolve to one copy.
import http from "node:http";
import path from "node:path";
import * as util from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

export type Rec = { type: string; name: string; inputs: any };
export async function appConfig(stage: string) {
  (globalThis as any).$config ??= (c: any) => c;
  const config = (await import("../../sst.config.ts")).default as any;
  return config.app({ stage });
}

export async function synth(stage = "test") {
  const g = globalThis as any;
  const created: Rec[] = [];
  // 1. stub the CLI RPC server (Function bundling etc.)
  const server = http.createServer((req, res) => {
    let body = ""; req.on("data", (c) => (body += c));
    req.on("end", () => {
      const { method } = JSON.parse(body);
      const result = method === "Runtime.Build"
        ? { handler: "index.handler", out: path.resolve(".sst/platform/infra-test/fake-bundle"), errors: [], sourcemaps: [] }
        : {};
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ id: 1, result, error: null }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  process.env.SST_SERVER = `http://127.0.0.1:${(server.address() as any).port}`;
  process.env.SST_SECRET_JwtSigningKey ??= "{\"kty\":\"EC\"}";
  // 2. Pulumi mocks
  util.runtime.setMocks({
    newResource(a) {
      created.push({ type: a.type, name: a.name, inputs: a.inputs });
      return { id: `${a.name}-id`, state: { ...a.inputs, arn: `arn:aws:mock:us-east-1:123456789012:${a.name}`, name: a.inputs.name ?? a.name,
        apiEndpoint: `https://${a.name}.mock`, executionArn: "arn:exec", endpoint: "db.mock:5432", address: "db.mock", port: 5432, domainName: "d.cloudfront.mock" } };
    },
    call(a) {
      if (a.token.includes("getPolicyDocument")) return { ...a.inputs, json: JSON.stringify(a.inputs) };
      if (a.token.includes("getRegion")) return { name: "us-east-1", region: "us-east-1" };
      if (a.token.includes("getCallerIdentity")) return { accountId: "123456789012" };
      if (a.token.includes("getPartition")) return { partition: "aws", dnsSuffix: "amazonaws.com" };
      if (a.token.includes("getAvailabilityZones")) return { names: ["us-east-1a", "us-east-1b", "us-east-1c"], zoneIds: ["a", "b", "c"] };
      if (a.token.includes("getAmi")) return { id: "ami-123", architecture: "arm64" };
      return {};
    },
  }, "carebeat", stage, false);
  // 3. globals normally injected by the SST CLI
  g.$app = { name: "carebeat", stage, removal: "remove", protect: false, providers: {} };
  const sst = await import("../../.sst/platform/src/components/index.js");
  Object.assign(g, {
    sst, aws, $dev: false, $config: (c: any) => c,
    $cli: { command: "deploy", rpc: "", paths: { home: "/tmp", root: process.cwd(), work: path.resolve(".sst"), platform: path.resolve(".sst/platform") }, state: { version: {} } },
    $output: util.output, $interpolate: util.interpolate, $resolve: util.all, $concat: util.concat,
    $jsonParse: util.jsonParse, $jsonStringify: util.jsonStringify, $util: util, $transform: (sst as any).$transform,
  });
  const config = (await import("../../sst.config.ts")).default as any;
  Object.assign(g.$app, await config.app({ stage }), { stage });
  const outputs = await config.run();
  await new Promise((r) => setTimeout(r, 4000));
  server.close();
  return { created, outputs };
}
