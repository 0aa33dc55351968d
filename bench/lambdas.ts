import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import * as esbuild from "esbuild";
import { API_BUDGET, ESBUILD_PLUGINS, INSTALL, SST_FORCE_EXTERNAL } from "../packages/functions/build/bundling";
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

export async function bundleLambda(root: string, entry: string, outfile: string) {
  const plugins = (await import(pathToFileURL(path.join(root, ESBUILD_PLUGINS)).href)).default as esbuild.Plugin[];
  const result = await esbuild.build({
    entryPoints: [path.join(root, entry)],
    outfile,
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
  /** Bytes in the output per npm package (or per source folder), largest first. */
  const byPackage: Record<string, number> = {};
  for (const [file, { bytesInOutput }] of Object.entries(Object.values(result.metafile.outputs)[0]!.inputs)) {
    const pkg = file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? file.split("/").slice(0, 4).join("/");
    byPackage[pkg] = (byPackage[pkg] ?? 0) + bytesInOutput;
  }
  return { bytes: statSync(outfile).size, byPackage: Object.entries(byPackage).sort((a, b) => b[1] - a[1]) };
}

/** Median wall time of `import(bundle)` in fresh processes (the first run also warms the disk cache). */
export function loadTime(file: string, runs = 5): number {
  const script = `const t=performance.now();await import(${JSON.stringify(pathToFileURL(file).href)});process.stdout.write(String(performance.now()-t));process.exit(0)`;
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

export async function lambdaColdStartReport(root: string, runs = Number(process.env.BENCH_LOAD_RUNS ?? 5)) {
  const dir = path.join(root, "node_modules/.cache/carebeat-bench-lambdas");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const empty = path.join(dir, "empty.ts");
  writeFileSync(empty, "export const handler = async () => ({ statusCode: 200 });\n");
  const entries = [path.relative(root, empty), ...lambdaHandlers(root)];

  const rows: { name: string; bytes: number; ms: number; top: string }[] = [];
  for (const entry of entries) {
    const outfile = path.join(dir, entry.replace(/^.*packages\/functions\/src\//, "").replace(/\.ts$/, "").replaceAll("/", "-") + ".mjs");
    const { bytes, byPackage } = await bundleLambda(root, entry, outfile);
    const ms = loadTime(outfile, runs);
    const name = entry.includes("carebeat-bench-lambdas") ? "empty handler (baseline)" : entry.replace("packages/functions/src/", "");
    rows.push({ name, bytes, ms, top: byPackage.slice(0, 3).map(([p, b]) => `${p} ${(b / 1024).toFixed(0)}K`).join(", ") });
  }
  const base = rows[0]!;
  console.log(`\nLambda cold start: bundle (minified, as sst deploy builds it) and module load (median of ${runs} fresh node processes)`);
  console.log("| handler | bundle KB | load ms | load vs empty | largest parts |\n|---|---:|---:|---:|---|");
  for (const r of rows)
    console.log(`| ${r.name} | ${(r.bytes / 1024).toFixed(0)} | ${r.ms.toFixed(1)} | ${r === base ? "1.0×" : `+${(r.ms - base.ms).toFixed(0)} ms`} | ${r.top} |`);
  const api = rows.find((r) => r.name === "api.ts");
  if (api)
    console.log(
      `API budget (issue 11): ${(api.bytes / 1024).toFixed(0)} KB of ${API_BUDGET.bytes / 1024} KB ${api.bytes <= API_BUDGET.bytes ? "✓" : "✗"}, ` +
        `${api.ms.toFixed(0)} ms of ${API_BUDGET.loadMs} ms ${api.ms <= API_BUDGET.loadMs ? "✓" : "✗"}`,
    );
  return rows;
}

// `npx tsx bench/lambdas.ts` runs this section alone.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await lambdaColdStartReport(new URL("..", import.meta.url).pathname);
