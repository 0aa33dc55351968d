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

export default [zodEnglishOnly];
