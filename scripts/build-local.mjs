// `npm start` runs the offline runtime as built JavaScript (packages/local/dist/), not through the
// TypeScript loader: esbuild bundles our workspace code (@carebeat/*) into main.js and thread.js;
// every npm dependency stays an import from node_modules (PGlite finds its WASM beside itself).
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
        b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith("@carebeat/") ? undefined : { path: args.path, external: true }));
      },
    },
  ],
});
console.log(`[carebeat] runtime built into packages/local/dist in ${Date.now() - started} ms`);
