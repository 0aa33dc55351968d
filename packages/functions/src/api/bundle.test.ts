import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundleLambda } from "../../build/bundle";
import { API_BUDGET } from "../../build/bundling";
import { DOMAINS } from "./domains";

/**
 * The shape of the API's bundle that its cold start depends on (docs/capacity.md "Cold start"),
 * built as `sst deploy` builds it: what the init loads holds no domain, and each domain is a
 * chunk of its own. Sizes only — load times are measured in `npm run bench`, not asserted here.
 * A static import that pulls a domain, zod, drizzle or the AWS SDK back into the init fails this.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");

test("the API's init loads no domain: no zod, drizzle, postgres or AWS SDK; each domain is its own chunk; within the byte budget", async () => {
  const out = mkdtempSync(path.join(tmpdir(), "carebeat-api-bundle-"));
  try {
    const bundle = await bundleLambda(root, "packages/functions/src/api.ts", out);
    // SST names the entry of every Node bundle `bundle.mjs` (handler `bundle.handler`), split or not.
    assert.equal(path.relative(out, bundle.entry), "bundle.mjs");
    assert.ok(existsSync(bundle.entry), "the entry file was written");
    const initSources = [...bundle.initInputs.keys()];
    for (const heavy of ["/zod/", "/@asteasolutions/", "/drizzle-orm/", "/postgres/", "/@aws-sdk/", "/@smithy/", "/api/routes/", "/@scalar/"])
      assert.deepEqual(
        initSources.filter((f) => f.includes(heavy)),
        [],
        `${heavy} is loaded by the init`,
      );
    assert.ok(bundle.initBytes <= API_BUDGET.bytes, `init ${bundle.initBytes} bytes ≤ ${API_BUDGET.bytes}`);
    for (const domain of DOMAINS)
      assert.ok(
        bundle.lazy.some((l) => l.source === `packages/functions/src/api/routes/${domain.name}.ts`),
        `${domain.name}: a chunk loaded on its first request`,
      );
    // The SDK clients a domain uses off its common path are chunks of their own too.
    for (const sdk of ["lambda/sdk.ts", "billing/sfn-sdk.ts", "invoice/s3-sdk.ts"])
      assert.ok(
        bundle.lazy.some((l) => l.source === `packages/core/src/${sdk}`),
        `${sdk}: imported on first use`,
      );
    // The project's plugins: zod's compiler and JSON-Schema importer are stubs (esbuild-plugins.mjs).
    const zodFile = (tail: string) => [...bundle.allInputs].find(([f]) => f.endsWith(tail));
    for (const tail of ["zod/v4/core/compile.js", "zod/v4/classic/from-json-schema.js"]) {
      const found = zodFile(tail);
      assert.ok(found && found[1] < 1024, `${tail}: ${found?.[1]} bytes, the stub`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
