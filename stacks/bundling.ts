import { ESBUILD_PLUGINS } from "../packages/functions/build/bundling";

/**
 * Every function (the WebSocket routes' too) is bundled with the project's esbuild plugins
 * (packages/functions/build/esbuild-plugins.mjs: zod's locales trimmed to English). Imported by
 * sst.config.ts before any stack that creates a function.
 */
$transform(sst.aws.Function, (args) => {
  args.nodejs = $output(args.nodejs ?? {}).apply((nodejs) => ({ plugins: ESBUILD_PLUGINS, ...nodejs }));
});
