/**
 * How every Lambda of the project is bundled: plain data, read by the stacks (stacks/bundling.ts),
 * by `npm run bench` (bench/lambdas.ts, which bundles each handler the way SST does) and by
 * tests/infra (which checks the two agree).
 */

/** SST `nodejs.plugins` for every function (path from the repository root). */
export const ESBUILD_PLUGINS = "packages/functions/build/esbuild-plugins.mjs";

/** What sst@4's node runtime always leaves external (pkg/runtime/node/build.go `forceExternal`). */
export const SST_FORCE_EXTERNAL = ["sharp", "pg-native"];

/**
 * `nodejs.install` per handler file: installed into the function's package next to the bundle
 * instead of bundled (native bindings, or font files read from disk). tests/infra asserts the
 * stacks install exactly these.
 */
export const INSTALL: Record<string, string[]> = {
  "packages/functions/src/api.ts": ["@node-rs/argon2"],
  "packages/functions/src/billing/render-pdf.ts": ["pdfkit"],
};

/** Cold-start budget for the API Lambda (issue 11): bundle bytes (minified) and module load ms. */
export const API_BUDGET = { bytes: 500 * 1024, loadMs: 100 };
