// `npm start` runs the offline runtime as built JavaScript (packages/local/dist/), not through the
// TypeScript loader: esbuild bundles our workspace code (@carebeat/*) into main.js and thread.js;
// every npm dependency hoisted to the root node_modules stays an import from there (PGlite finds its WASM beside itself); one npm nested under a workspace is bundled (see the plugin).
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const started = Date.now();
await build({
  entryPoints: [path.join(root, "packages/local/src/main.ts"), path.join(root, "packages/local/src/thread.ts")],
  outdir: path.join(root, "packages/local/dist"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node22",
  sourcemap: true,
  logLevel: "warning",
  plugins: [
    {
      name: "dependencies-stay-external",
      setup(b) {
        // A bare import stays external only if Node finds it from dist/ too, i.e. it is hoisted to
        // the root node_modules; a dependency npm installed under a workspace
        // (packages/core/node_modules/…) would not resolve from packages/local/dist, so it is bundled.
        const hoisted = path.join(root, "node_modules") + path.sep;
        b.onResolve({ filter: /^[^./]/ }, async (args) => {
          if (args.path.startsWith("@carebeat/") || args.pluginData === "probe") return undefined;
          if (args.path.startsWith("node:")) return { path: args.path, external: true };
          const found = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: "probe" });
          if (found.errors.length || !found.path || found.path.startsWith(hoisted) || !path.isAbsolute(found.path)) return { path: args.path, external: true };
          return undefined;
        });
      },
    },
  ],
});
console.log(`[carebeat] runtime built into packages/local/dist in ${Date.now() - started} ms`);
