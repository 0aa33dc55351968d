import { ESBUILD_PLUGINS, SPLITTING, handlerFile } from "../packages/functions/build/bundling";

/**
 * Every function (the WebSocket routes' too) is bundled with the project's esbuild plugins
 * (packages/functions/build/esbuild-plugins.mjs: zod's locales trimmed to English), and the
 * handlers listed in SPLITTING (the API) with `splitting`: their dynamic imports become chunks
 * loaded on first use (docs/capacity.md "Cold start"). One definition, in
 * packages/functions/build/bundling.ts, also read by bench/lambdas.ts. Imported by sst.config.ts
 * before any stack that creates a function.
 */
$transform(sst.aws.Function, (args) => {
  // The one place the runtime is set (Node 22, the version the project pins): no stack writes it.
  args.runtime = "nodejs22.x";
  args.nodejs = $resolve({ nodejs: args.nodejs ?? {}, handler: args.handler }).apply(({ nodejs, handler }) => ({
    plugins: ESBUILD_PLUGINS,
    ...(SPLITTING.includes(handlerFile(handler)) ? { splitting: true } : {}),
    ...nodejs,
  }));
});
