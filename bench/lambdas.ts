import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import * as esbuild from "esbuild";
import { API_BUDGET, ESBUILD_PLUGINS, INSTALL, SPLITTING, SST_FORCE_EXTERNAL } from "../packages/functions/build/bundling";
import { lambdaHandlers } from "../packages/functions/build/handlers";

/**
 * Cold start of every Lambda of the project: each handler bundled the way `sst deploy` bundles
 * it (sst@4 pkg/runtime/node/build.go: esbuild, platform node, ESM, minified, keepNames, main
 * fields module→main, its createRequire banner, `sharp`/`pg-native` + the function's `install`
 * packages external, the project's plugins; target node22 rather than SST's esnext default, the
 * runtime the stacks pin), then imported by fresh `node` processes: the median of several
 * runs of "time from `import()` to its promise resolving", beside an empty handler bundled and
 * loaded the same way in the same run. Bundles go to node_modules/.cache so external packages
 * resolve as they do next to a deployed bundle.
 */

const BANNER = [
  `import { createRequire as topLevelCreateRequire } from 'module';`,
  `const require = topLevelCreateRequire(import.meta.url);`,
  `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"`,
  `const __filename = topLevelFileUrlToPath(import.meta.url)`,
  `const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))`,
].join("\n");

/** One output file of a bundle: its size, the output files it imports statically and dynamically. */
interface Output {
  bytes: number;
  staticImports: string[];
  dynamicImports: string[];
  /** The source file a dynamic-import chunk was made for (relative to the root). */
  entryPoint?: string;
  inputs: Record<string, { bytesInOutput: number }>;
}

export interface Bundle {
  /** The file Lambda loads (`<name>.mjs`). */
  entry: string;
  /** The entry and every chunk it imports statically: what the function's init loads. */
  initFiles: string[];
  initBytes: number;
  /** Every output file (the entry alone unless the function is split). */
  totalBytes: number;
  /** Bytes of the init files per npm package (or per source folder), largest first. */
  byPackage: [string, number][];
  /** Each dynamically imported chunk: its source, its file, and the bytes it adds to init's. */
  lazy: { source: string; file: string; extraBytes: number }[];
}

/**
 * Bundles one handler as sst deploy does. A split function (SPLITTING) gets SST's splitting
 * options: outdir = the function's directory, `.js` → `.mjs`, the entry named after the handler
 * file; the rest one outfile, `<name>.mjs`.
 */
export async function bundleLambda(root: string, entry: string, outdir: string): Promise<Bundle> {
  const plugins = (await import(pathToFileURL(path.join(root, ESBUILD_PLUGINS)).href)).default as esbuild.Plugin[];
  const split = SPLITTING.includes(entry);
  const name = path.basename(entry, path.extname(entry)).replaceAll(".", "-");
  const entryFile = path.join(outdir, name + ".mjs");
  const result = await esbuild.build({
    entryPoints: [path.join(root, entry)],
    ...(split ? { outdir, splitting: true, outExtension: { ".js": ".mjs" } } : { outfile: entryFile }),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    minify: true,
    keepNames: true,
    mainFields: ["module", "main"],
    external: [...SST_FORCE_EXTERNAL, ...(INSTALL[entry] ?? [])],
    banner: { js: BANNER },
    plugins,
    metafile: true,
    logLevel: "error",
    absWorkingDir: root,
  });
  const outputs = new Map<string, Output>();
  for (const [file, out] of Object.entries(result.metafile.outputs)) {
    if (file.endsWith(".map")) continue;
    outputs.set(path.join(root, file), {
      bytes: out.bytes,
      staticImports: out.imports.filter((i) => i.kind === "import-statement" && !i.external).map((i) => path.join(root, i.path)),
      dynamicImports: out.imports.filter((i) => i.kind === "dynamic-import" && !i.external).map((i) => path.join(root, i.path)),
      entryPoint: out.entryPoint,
      inputs: out.inputs,
    });
  }
  /** A file and everything it imports statically, transitively. */
  const closure = (file: string, seen = new Set<string>()) => {
    if (seen.has(file)) return seen;
    seen.add(file);
    for (const f of outputs.get(file)!.staticImports) closure(f, seen);
    return seen;
  };
  const sum = (files: Iterable<string>) => [...files].reduce((n, f) => n + outputs.get(f)!.bytes, 0);
  const init = closure(entryFile);
  const byPackage: Record<string, number> = {};
  for (const f of init)
    for (const [file, { bytesInOutput }] of Object.entries(outputs.get(f)!.inputs)) {
      const pkg = file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? file.split("/").slice(0, 4).join("/");
      byPackage[pkg] = (byPackage[pkg] ?? 0) + bytesInOutput;
    }
  const lazyFiles = new Set([...outputs.values()].flatMap((o) => o.dynamicImports));
  const lazy = [...lazyFiles].map((file) => {
    const source = outputs.get(file)!.entryPoint ?? path.relative(root, file);
    const extra = [...closure(file)].filter((f) => !init.has(f));
    return { source, file, extraBytes: sum(extra) };
  });
  return {
    entry: entryFile,
    initFiles: [...init],
    initBytes: sum(init),
    totalBytes: sum(outputs.keys()),
    byPackage: Object.entries(byPackage).sort((a, b) => b[1] - a[1]),
    lazy: lazy.sort((a, b) => a.source.localeCompare(b.source)),
  };
}

/**
 * Median wall time, in fresh processes, of importing `timed` one after the other once `before`
 * has been imported (untimed): `loadTime([], [entry])` is a handler's module load;
 * `loadTime([entry], [chunk])` is what a cold container adds on its first use of a lazy chunk.
 * The first run is discarded (it warms the disk cache).
 */
export function loadTime(before: string[], timed: string[], runs = 5): number {
  const url = (f: string) => JSON.stringify(pathToFileURL(f).href);
  const script =
    before.map((f) => `await import(${url(f)});`).join("") +
    `const t=performance.now();${timed.map((f) => `await import(${url(f)});`).join("")}process.stdout.write(String(performance.now()-t));process.exit(0)`;
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
      // No AWS credentials or SST resources: a handler must not touch either at import time.
      env: { PATH: process.env.PATH, NODE_ENV: "production", AWS_REGION: "us-east-1" },
      encoding: "utf8",
    });
    if (i > 0) times.push(Number(out));
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const kb = (bytes: number) => (bytes / 1024).toFixed(0);
/** `packages/functions/src/api/routes/patients.ts` → `api/routes/patients.ts`; a package → its name. */
const shortName = (source: string) =>
  source.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? source.replace(/^packages\/(functions|core)\/src\//, (_, p: string) => (p === "core" ? "core/" : ""));

export async function lambdaColdStartReport(root: string, runs = Number(process.env.BENCH_LOAD_RUNS ?? 5)) {
  const dir = path.join(root, "node_modules/.cache/carebeat-bench-lambdas");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const empty = path.join(dir, "empty.ts");
  writeFileSync(empty, "export const handler = async () => ({ statusCode: 200 });\n");
  const entries = [path.relative(root, empty), ...lambdaHandlers(root)];

  const rows: { name: string; bytes: number; ms: number; top: string; bundle: Bundle }[] = [];
  for (const entry of entries) {
    // One directory per function, as SST gives each its own.
    const outdir = path.join(dir, entry.replace(/^.*packages\/functions\/src\//, "").replace(/\.ts$/, "").replaceAll("/", "-"));
    const bundle = await bundleLambda(root, entry, outdir);
    const ms = loadTime([], [bundle.entry], runs);
    const name = entry.includes("carebeat-bench-lambdas") ? "empty handler (baseline)" : entry.replace("packages/functions/src/", "");
    rows.push({ name, bytes: bundle.initBytes, ms, bundle, top: bundle.byPackage.slice(0, 3).map(([p, b]) => `${p} ${kb(b)}K`).join(", ") });
  }
  const base = rows[0]!;
  console.log(`\nLambda cold start: bundle (minified, as sst deploy builds it) and module load (median of ${runs} fresh node processes)`);
  console.log("KB and ms are what init loads: the entry and the chunks it imports statically (split functions are marked ✂).");
  console.log("| handler | init KB | all chunks KB | load ms | load vs empty | largest parts of init |\n|---|---:|---:|---:|---:|---|");
  for (const r of rows)
    console.log(
      `| ${r.name}${r.bundle.lazy.length && SPLITTING.some((s) => s.endsWith(r.name)) ? " ✂" : ""} | ${kb(r.bytes)} | ${kb(r.bundle.totalBytes)} | ${r.ms.toFixed(1)} | ${r === base ? "1.0×" : `+${(r.ms - base.ms).toFixed(0)} ms`} | ${r.top} |`,
    );

  // Split functions: what each lazily imported chunk costs the first request that needs it.
  for (const r of rows.filter((r) => SPLITTING.some((s) => s.endsWith(r.name)))) {
    const { entry, lazy } = r.bundle;
    console.log(`\n${r.name}: chunks loaded on first use — extra load ms in a fresh process after its init (median of ${runs}); each alone, so shared chunks count in every row`);
    console.log("| imported on first use | extra KB | extra load ms |\n|---|---:|---:|");
    for (const l of lazy) console.log(`| ${shortName(l.source)} | ${kb(l.extraBytes)} | ${loadTime([entry], [l.file], runs).toFixed(1)} |`);
    const domains = lazy.filter((l) => /\/api\/routes\//.test(l.source));
    if (domains.length)
      console.log(`| every domain, one after the other (a container that serves them all) | ${kb(r.bundle.totalBytes - r.bytes)} (all lazy chunks) | ${loadTime([entry], domains.map((l) => l.file), runs).toFixed(1)} |`);
  }
  const api = rows.find((r) => r.name === "api.ts");
  if (api)
    console.log(
      `\nAPI budget (issue 11): init ${kb(api.bytes)} KB of ${API_BUDGET.bytes / 1024} KB ${api.bytes <= API_BUDGET.bytes ? "✓" : "✗"}, ` +
        `${api.ms.toFixed(0)} ms of ${API_BUDGET.loadMs} ms ${api.ms <= API_BUDGET.loadMs ? "✓" : "✗"} (empty handler ${base.ms.toFixed(1)} ms, same run)`,
    );
  return rows;
}

// `npx tsx bench/lambdas.ts` runs this section alone.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await lambdaColdStartReport(new URL("..", import.meta.url).pathname);
