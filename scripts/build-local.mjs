// `npm start` runs the offline runtime as built JavaScript (packages/local/dist/), not through the
// TypeScript loader: esbuild bundles our workspace code (@carebeat/*) into main.js, thread.js and render-worker.js;
// every npm dependency stays an import from node_modules (PGlite finds its WASM beside itself).
// Dynamic import()s of our own code (the API's domains, packages/functions/src/api/domains.ts) are
// inlined: without splitting esbuild bundles them into main.js, evaluated on first use.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outdir = path.join(root, "packages/local/dist");
const NESTED_CHECK = Symbol("nested-check");
const started = Date.now();
await build({
  entryPoints: [path.join(root, "packages/local/src/main.ts"), path.join(root, "packages/local/src/thread.ts"), path.join(root, "packages/local/src/render-worker.ts")],
  outdir,
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
        b.onResolve({ filter: /^[^./]/ }, async (args) => {
          if (args.path.startsWith("@carebeat/") || args.pluginData === NESTED_CHECK) return undefined;
          // Node resolves a bare import from the importing file's folder upwards, and main.js sits
          // in packages/local/dist: a package npm nested under another workspace because the root
          // holds another major (packages/core/node_modules/jose, the Powertools logger) would not
          // be found from there. Those imports point at the nested copy's file, relative to dist.
          const found = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: NESTED_CHECK });
          const nested = !found.errors.length && !found.path.startsWith(path.join(root, "node_modules") + path.sep) && found.path.includes(`${path.sep}node_modules${path.sep}`);
          if (!nested) return { path: args.path, external: true };
          return { path: "./" + path.relative(outdir, found.path).split(path.sep).join("/"), external: true };
        });
      },
    },
  ],
});
console.log(`[carebeat] runtime built into packages/local/dist in ${Date.now() - started} ms`);
