// esbuild plugins for every Lambda bundle (SST `nodejs.plugins`, applied to all functions by
// stacks/bundling.ts; bench/lambdas.ts bundles with the same list).
//
// SST runs this file under `node` and feeds every resolve/load through it, testing each
// plugin's `filter` against a value that is not the module path — so the filters here match
// everything and the callbacks decide (returning undefined hands the module back to esbuild).
import path from "node:path";

/**
 * zod 4's `z` namespace carries `z.locales`: error messages in ~45 languages. @hono/zod-openapi
 * passes `z` as a value (`extendZodWithOpenApi(z)`), so esbuild must keep the whole namespace,
 * and every locale lands in the bundle: 262 KB of the API's 1.5 MB, ~30 ms of its module load.
 * The API answers in English (problem+json, the field named in `detail`) and never calls
 * `z.config(z.locales.xx())`, so the locale index keeps only `en` (which zod installs itself).
 */
export const zodEnglishOnly = {
  name: "carebeat-zod-english-only",
  setup(build) {
    build.onLoad({ filter: /.*/ }, (args) => {
      if (!/[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/.test(args.path)) return undefined;
      return { contents: 'export { default as en } from "./en.js";\n', resolveDir: path.dirname(args.path), loader: "js" };
    });
  },
};

/**
 * Two zod 4 tools kept by the same `z` namespace that no Lambda calls: `z.compile` (a code
 * generator for opt-in compiled parsers, 31 KB; zod's parser never imports it — core/parse.js
 * mirrors its sentinels "so this module never imports the compiler") and `z.fromJSONSchema`
 * (JSON Schema → zod, 12 KB). Each is replaced by a stub with the same exports that throws if
 * ever called, so a future use fails loudly instead of silently. Together ~20% of zod's bytes,
 * loaded by the first request of each API domain and by every other function's init.
 */
const ABSENT = `const absent = (name) => () => { throw new Error("zod's " + name + " is left out of Carebeat's Lambda bundles (packages/functions/build/esbuild-plugins.mjs)"); };\n`;
const zodStubs = {
  [path.join("zod", "v4", "core", "compile.js")]:
    ABSENT +
    'export const INVALID = Symbol.for("zod.compile.invalid");\n' +
    "export class ZodCompileAsyncError extends Error {}\nexport class ZodCompileUnsupportedError extends Error {}\n" +
    'export const compile = absent("z.compile");\nexport const withParser = absent("z.withParser");\nexport const compileFn = absent("compileFn");\n',
  [path.join("zod", "v4", "classic", "from-json-schema.js")]: ABSENT + 'export const fromJSONSchema = absent("z.fromJSONSchema");\n',
};
export const zodWithoutUnusedTools = {
  name: "carebeat-zod-without-unused-tools",
  setup(build) {
    build.onLoad({ filter: /.*/ }, (args) => {
      const stub = Object.entries(zodStubs).find(([tail]) => args.path.endsWith(path.sep + tail));
      if (!stub) return undefined;
      return { contents: stub[1], resolveDir: path.dirname(args.path), loader: "js" };
    });
  },
};

export default [zodEnglishOnly, zodWithoutUnusedTools];
