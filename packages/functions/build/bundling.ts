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
 * (packages/functions/src/api/domains.ts). Every other function too (issue 19.1): unsplit, the
 * SDK clients core imports lazily (core/util/lazy.ts: S3, Lambda, Step Functions, the DynamoDB
 * patient store) were inlined into the one file and compiled at init; split, they load when
 * first used (AssignNumber 941 → 353 KB of init). A new handler belongs here.
 */
export const SPLITTING: readonly string[] = [
  "packages/functions/src/api.ts",
  "packages/functions/src/analytics/handler.ts",
  "packages/functions/src/billing/assign-number.ts",
  "packages/functions/src/billing/create-invoice.ts",
  "packages/functions/src/billing/issue-invoice.ts",
  "packages/functions/src/billing/load-context.ts",
  "packages/functions/src/billing/mark-failed.ts",
  "packages/functions/src/billing/price-visit.ts",
  "packages/functions/src/billing/render-pdf.ts",
  "packages/functions/src/billing/sweep.ts",
  "packages/functions/src/fhir-export/export-type.ts",
  "packages/functions/src/fhir-export/finish.ts",
  "packages/functions/src/events/relay.ts",
  "packages/functions/src/events/topics.ts",
  "packages/functions/src/mail/sender.ts",
  "packages/functions/src/mail/ses-events.ts",
  "packages/functions/src/migrate.ts",
  "packages/functions/src/notification/consumer.ts",
  "packages/functions/src/notification/reminder-check.ts",
  "packages/functions/src/realtime/connect.ts",
  "packages/functions/src/realtime/default.ts",
  "packages/functions/src/realtime/disconnect.ts",
  "packages/functions/src/realtime/invoice-push.ts",
];

/** `packages/functions/src/api.handler` (a function's `handler`) → `packages/functions/src/api.ts`. */
export const handlerFile = (handler: string) => handler.replace(/\.[^./]+$/, ".ts");

/**
 * Cold-start budget for the API Lambda (issue 11): bytes (minified) and module load ms of what its
 * init loads (the entry and its static imports; the lazily imported chunks are reported apart).
 */
export const API_BUDGET = { bytes: 500 * 1024, loadMs: 100 };

/** Issue 19.1's target for every Lambda's init (the API's model): bytes and module load; `npm run bench` prints it per function. */
export const INIT_TARGET = { kb: 250, loadMs: 60 };

/**
 * Per-function ceiling, in KB (minified), of what each Lambda's init loads (the entry and its static
 * imports), as `sst deploy` bundles it: today's size (2026-12-08: every handler imports its domain on its first invocation,
 * issue 19.1) plus ~5 %, so a function that grows is caught by `npm run test:infra`
 * (tests/infra/bundle-budget.test.ts) instead of in a cold start — a static import of a domain,
 * zod, drizzle or an SDK client in a handler file fails it. Lower an entry when a function
 * shrinks; INIT_TARGET is the ceiling. Every handler must have an entry.
 */
export const INIT_BUDGET_KB: Record<string, number> = {
  "packages/functions/src/analytics/handler.ts": 48,
  "packages/functions/src/api.ts": 80,
  "packages/functions/src/billing/assign-number.ts": 33,
  "packages/functions/src/billing/create-invoice.ts": 33,
  "packages/functions/src/billing/issue-invoice.ts": 45,
  "packages/functions/src/billing/load-context.ts": 34,
  "packages/functions/src/billing/mark-failed.ts": 45,
  "packages/functions/src/billing/price-visit.ts": 34,
  "packages/functions/src/billing/render-pdf.ts": 34,
  "packages/functions/src/billing/sweep.ts": 35,
  "packages/functions/src/events/relay.ts": 45,
  "packages/functions/src/events/topics.ts": 5,
  "packages/functions/src/fhir-export/export-type.ts": 34,
  "packages/functions/src/fhir-export/finish.ts": 32,
  "packages/functions/src/mail/sender.ts": 43,
  "packages/functions/src/mail/ses-events.ts": 43,
  "packages/functions/src/migrate.ts": 32,
  "packages/functions/src/notification/consumer.ts": 48,
  "packages/functions/src/notification/reminder-check.ts": 46,
  "packages/functions/src/realtime/connect.ts": 32,
  "packages/functions/src/realtime/default.ts": 33,
  "packages/functions/src/realtime/disconnect.ts": 31,
  "packages/functions/src/realtime/invoice-push.ts": 46,
};
