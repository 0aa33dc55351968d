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
  "packages/functions/src/api.ts": ["@node-rs/argon2", "@touch4it/ical-timezones"],
  "packages/functions/src/billing/render-pdf.ts": ["pdfkit"],
};

/**
 * Handler files bundled with `nodejs.splitting` (applied by stacks/bundling.ts; tests/infra
 * asserts it). sst@4's builder (pkg/runtime/node/build.go) then runs esbuild with splitting into
 * the function's directory, the entry as `<name>.mjs` beside `chunk-*.mjs` files: every dynamic
 * `import()` becomes a chunk loaded on first use, so only the entry and the chunks it imports
 * statically are loaded at init. The API imports each domain's routes that way
 * (packages/functions/src/api/domains.ts).
 */
export const SPLITTING: readonly string[] = ["packages/functions/src/api.ts"];

/** `packages/functions/src/api.handler` (a function's `handler`) → `packages/functions/src/api.ts`. */
export const handlerFile = (handler: string) => handler.replace(/\.[^./]+$/, ".ts");

/**
 * Cold-start budget for the API Lambda (issue 11): bytes (minified) and module load ms of what its
 * init loads (the entry and its static imports; the lazily imported chunks are reported apart).
 */
export const API_BUDGET = { bytes: 500 * 1024, loadMs: 100 };
