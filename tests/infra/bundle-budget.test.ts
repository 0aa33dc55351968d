import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundleLambda } from "../../packages/functions/build/bundle";
import { INIT_BUDGET_KB } from "../../packages/functions/build/bundling";
import { lambdaHandlers } from "../../packages/functions/build/handlers";

/**
 * Every Lambda's init within its ceiling (INIT_BUDGET_KB in packages/functions/build/bundling.ts),
 * bundled as `sst deploy` bundles it (packages/functions/build/bundle.ts, the same esbuild and
 * plugins bench/lambdas.ts uses). Bytes only: they are deterministic, where module load times on a
 * shared machine are not (`npm run bench` prints those beside an empty handler). Run by
 * tests/infra/run.sh with the repository's own esbuild, not the Pulumi platform's.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

test("every function's init stays within its KB budget; every handler has one", async () => {
  const handlers = lambdaHandlers(root);
  assert.ok(handlers.length >= 15, `${handlers.length} handlers found`);
  assert.deepEqual(
    handlers.filter((h) => !(h in INIT_BUDGET_KB)),
    [],
    "handlers without an INIT_BUDGET_KB entry",
  );
  assert.deepEqual(
    Object.keys(INIT_BUDGET_KB).filter((h) => !handlers.includes(h)),
    [],
    "budgets for handlers that no longer exist",
  );
  const over: string[] = [];
  const queue = [...handlers];
  await Promise.all(
    Array.from({ length: 3 }, async () => {
      for (let h = queue.shift(); h; h = queue.shift()) {
        const out = mkdtempSync(path.join(tmpdir(), "carebeat-budget-"));
        try {
          const bundle = await bundleLambda(root, h, out);
          const kb = bundle.initBytes / 1024;
          // The whole bundle, not the init: a handler that imports all its work on invocation
          // (events/topics.ts, ~2 KB of init) is still a real bundle.
          assert.ok(bundle.totalBytes / 1024 > 10, `${h}: ${(bundle.totalBytes / 1024).toFixed(0)} KB is a real bundle`);
          if (kb > INIT_BUDGET_KB[h]!) over.push(`${h}: init ${kb.toFixed(0)} KB > budget ${INIT_BUDGET_KB[h]} KB`);
        } finally {
          rmSync(out, { recursive: true, force: true });
        }
      }
    }),
  );
  assert.deepEqual(over, [], "functions past their init budget (shrink them, or raise the budget with a reason in docs/capacity.md)");
});
