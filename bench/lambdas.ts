import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { API_BUDGET, INIT_TARGET, SPLITTING } from "../packages/functions/build/bundling";
import { bundleLambda, type Bundle } from "../packages/functions/build/bundle";
import { lambdaHandlers } from "../packages/functions/build/handlers";

/**
 * Cold start of every Lambda of the project: each handler bundled the way `sst deploy` bundles
 * it (packages/functions/build/bundle.ts: SST's esbuild options, splitting for the API), then
 * imported by fresh `node` processes: the median of several runs of "time from `import()` to its
 * promise resolving", beside an empty handler bundled and loaded the same way in the same run.
 * For a split function (the API) the KB and ms are its init's — the entry and the chunks it
 * imports statically — and each chunk it imports on first use (a domain's routes, an SDK
 * client) gets its own row: the extra ms a fresh process pays to import it after the init, as
 * the first request that needs it does. Bundles go to node_modules/.cache so external packages
 * resolve as they do next to a deployed bundle.
 */

/**
 * Median wall time, in fresh processes, of importing `timed` one after the other once `before`
 * has been imported (untimed): `loadTime([], [entry])` is a handler's module load;
 * `loadTime([entry], [chunk])` is what a cold container adds on its first use of a lazy chunk.
 * The first run is discarded (it warms the disk cache).
 */
function loadTime(before: string[], timed: string[], runs = 5): number {
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

/** Which request first imports a chunk of the API (for the table; "" when not listed here). */
function firstUse(source: string): string {
  const domain = source.match(/\/api\/routes\/(\w+)\.ts$/)?.[1];
  if (domain) return `first request under ${domain === "fhir" ? "/fhir/R4" : `/api/${domain}`}`;
  const known: [RegExp, string][] = [
    [/api\/openapi\.ts$/, "first /openapi.json or /docs"],
    [/api\/docs-page\.ts$/, "first /docs"],
    [/@scalar\//, "first /docs/interactive"],
    [/core\/src\/health\//, "first /health"],
    [/core\/src\/audit\//, "first refused token (before any domain)"],
    [/core\/src\/patient\/index\.ts$/, "first registration (auth)"],
    [/core\/src\/patient\/store\.ts$/, "a patient missing from the directory (booking)"],
    [/invoice\/s3-sdk\.ts$/, "first invoice PDF link"],
    [/billing\/sfn-sdk\.ts$/, "first booking (billing start) or invoice detail"],
    [/events\/lambda-sdk\.ts$/, "first commit with outbox rows (AWS only: the relay nudge)"],
  ];
  return known.find(([re]) => re.test(source))?.[1] ?? "";
}

/**
 * Core's own lazy SDK chunks that a function's first invocation always reaches (beyond the domain
 * its handler imports): RenderPdf always stores its PDF in S3. The others (SES for a mail that is
 * due, Step Functions for a sweep that finds work) load only on the calls that need them.
 */
const FIRST_CALL_SDK: Record<string, RegExp> = { "billing/render-pdf.ts": /invoice\/s3-sdk\.ts$/ };

/**
 * What a function's first invocation loads after its init (issue 19.1): the chunks its handler
 * imports with `import()` (its domain) and the SDK chunks of FIRST_CALL_SDK. Empty for a handler
 * that imports its domain statically: then that is all init.
 */
function firstWorkFiles(name: string, bundle: Bundle): string[] {
  const sdk = FIRST_CALL_SDK[name];
  return bundle.lazy.filter((l) => l.byHandler || sdk?.test(l.source)).map((l) => l.file);
}

/** The states of a successful billing execution, in order (MarkFailed runs only on a failure). */
const BILLING_STATES = ["load-context", "price-visit", "create-invoice", "assign-number", "render-pdf", "issue-invoice"];

export async function lambdaColdStartReport(root: string, runs = Number(process.env.BENCH_LOAD_RUNS ?? 5)) {
  const dir = path.join(root, "node_modules/.cache/carebeat-bench-lambdas");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const empty = path.join(dir, "empty.ts");
  writeFileSync(empty, "export const handler = async () => ({ statusCode: 200 });\n");
  const entries = [path.relative(root, empty), ...lambdaHandlers(root)];

  const rows: { entry: string; name: string; bytes: number; ms: number; firstBytes: number; firstMs: number; top: string; bundle: Bundle }[] = [];
  for (const entry of entries) {
    // One directory per function, as SST gives each its own.
    const outdir = path.join(
      dir,
      entry
        .replace(/^.*packages\/functions\/src\//, "")
        .replace(/\.ts$/, "")
        .replaceAll("/", "-"),
    );
    const bundle = await bundleLambda(root, entry, outdir);
    const ms = loadTime([], [bundle.entry], runs);
    const name = entry.includes("carebeat-bench-lambdas") ? "empty handler (baseline)" : entry.replace("packages/functions/src/", "");
    const first = name === "api.ts" ? [] : firstWorkFiles(name, bundle);
    rows.push({
      entry,
      name,
      bytes: bundle.initBytes,
      ms,
      // A cold container's init and its first invocation's imports, timed together in one fresh process.
      firstBytes: bundle.extraBytes(first),
      firstMs: first.length ? loadTime([], [bundle.entry, ...first], runs) : ms,
      bundle,
      top: bundle.byPackage
        .slice(0, 3)
        .map(([p, b]) => `${p} ${kb(b)}K`)
        .join(", "),
    });
  }
  const base = rows[0]!;
  const split = (r: (typeof rows)[number]) => SPLITTING.includes(r.entry);
  console.log(
    `\nLambda cold start: bundle (minified, as sst deploy builds it) and module load (median of ${runs} fresh node processes; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(", ")} at the start)`,
  );
  console.log("KB and ms are what init loads: the entry and the chunks it imports statically (split functions are marked ✂).");
  console.log(
    "+ first call: what the first invocation then imports (the handler's domain, and S3 for RenderPdf); init + first call is both timed in one fresh process — the module cost of a cold invocation. Not for the API (its chunks are per domain, below).",
  );
  console.log(
    `Budget (issue 19.1): init ≤ ${INIT_TARGET.kb} KB and ≤ ${INIT_TARGET.loadMs} ms of module load.\n| handler | init KB | load ms | load vs empty | init ≤ ${INIT_TARGET.kb} KB, ${INIT_TARGET.loadMs} ms | + first call KB | init + first call ms | all chunks KB | largest parts of init |\n|---|---:|---:|---:|:-:|---:|---:|---:|---|`,
  );
  for (const r of rows) {
    const ok = r.bytes <= INIT_TARGET.kb * 1024 && r.ms <= INIT_TARGET.loadMs ? "✓" : "✗";
    const first = r === base || r.name === "api.ts" ? "| — | — " : `| ${kb(r.firstBytes)} | ${r.firstMs.toFixed(1)} `;
    console.log(
      `| ${r.name}${split(r) ? " ✂" : ""} | ${kb(r.bytes)} | ${r.ms.toFixed(1)} | ${r === base ? "1.0×" : `+${(r.ms - base.ms).toFixed(0)} ms`} | ${r === base ? "" : ok} ${first}| ${kb(r.bundle.totalBytes)} | ${r.top} |`,
    );
  }
  await billingExecutionReport(root, dir, rows, runs);

  // Split functions: what each lazily imported chunk costs the first request that needs it.
  // Chunk by chunk for the API only: every function is split (issue 19.1), and the others' chunks
  // are the SDK clients and domains the API's table already prices.
  for (const r of rows.filter((r) => split(r) && r.name === "api.ts")) {
    const { entry, lazy } = r.bundle;
    console.log(
      `\n${r.name} ✂: chunks imported on first use — the extra load a fresh process pays after its init (median of ${runs}); each measured alone, so the chunks they share (zod, drizzle, the SDK core) count in every row`,
    );
    console.log("| imported on first use | by | extra KB | extra load ms |\n|---|---|---:|---:|");
    const row = (name: string, when: string, bytes: number, files: string[]) => console.log(`| ${name} | ${when} | ${kb(bytes)} | ${loadTime([entry], files, runs).toFixed(1)} |`);
    for (const l of lazy.filter((l) => l.ours)) row(shortName(l.source), firstUse(l.source), l.extraBytes, [l.file]);
    // The SDK's own import()s: its credential chain loads one provider on the first AWS call (in Lambda, the environment's).
    const env = lazy.find((l) => !l.ours && l.source.includes("/credential-provider-env/"));
    if (env) row("@aws-sdk/credential-provider-env", "the SDK's first AWS call (Lambda's credentials)", env.extraBytes, [env.file]);
    const domains = lazy.filter((l) => /\/api\/routes\//.test(l.source));
    const files = domains.map((l) => l.file);
    if (domains.length) row("every domain, one after the other", "a container that serves them all", r.bundle.extraBytes(files), files);
  }
  const api = rows.find((r) => r.name === "api.ts");
  if (api)
    console.log(
      `\nAPI budget (issue 11): init ${kb(api.bytes)} KB of ${API_BUDGET.bytes / 1024} KB ${api.bytes <= API_BUDGET.bytes ? "✓" : "✗"}, ` +
        `${api.ms.toFixed(0)} ms of ${API_BUDGET.loadMs} ms ${api.ms <= API_BUDGET.loadMs ? "✓" : "✗"} (empty handler ${base.ms.toFixed(1)} ms, same run; load average ${loadavg()[0]!.toFixed(2)} at the end)`,
    );
  return rows;
}

/**
 * The module load of a cold billing execution (issue 19.1): every state of a successful execution
 * in a container of its own (one function per task, as deployed: each pays its init and its
 * first call), against every task in one function (one container serving every state: one
 * init, each domain imported once, the chunks they share — zod, drizzle, postgres.js — once).
 * The one-function arm is an entry written here that imports every task handler and dispatches
 * on the task name, bundled with splitting and pdfkit external, as RenderPdf's is.
 */
async function billingExecutionReport(root: string, dir: string, rows: { name: string; bytes: number; firstBytes: number; firstMs: number }[], runs: number) {
  const states = BILLING_STATES.map((s) => rows.find((r) => r.name === `billing/${s}.ts`)!);
  const entry = path.join(dir, "billing-one-function.ts");
  const names = BILLING_STATES.map((s) => s.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()));
  writeFileSync(
    entry,
    BILLING_STATES.map((s, i) => `import { handler as ${names[i]} } from ${JSON.stringify(path.join(root, `packages/functions/src/billing/${s}.ts`))};\n`).join("") +
      `const tasks = { ${names.join(", ")} };\nexport const handler = (event: { task: keyof typeof tasks; input: unknown }) => (tasks[event.task] as (i: unknown) => Promise<unknown>)(event.input);\n`,
  );
  const one = await bundleLambda(root, path.relative(root, entry), path.join(dir, "billing-one-function"), { split: true, install: ["pdfkit"] });
  const files = one.lazy.filter((l) => l.byHandler || FIRST_CALL_SDK["billing/render-pdf.ts"]!.test(l.source)).map((l) => l.file);
  const oneMs = loadTime([], [one.entry, ...files], runs);
  const oneInitMs = loadTime([], [one.entry], runs);
  const sumMs = states.reduce((n, r) => n + r.firstMs, 0);
  const sumKB = states.reduce((n, r) => n + r.firstBytes + r.bytes, 0);
  console.log(
    `\nA cold billing execution (${BILLING_STATES.length} states, each its first call in a new container): module load summed over the states (median of ${runs} per figure; load average ${loadavg()[0]!.toFixed(2)})`,
  );
  console.log("| arrangement | init KB | init load ms | KB loaded per cold execution | module load per cold execution, ms |\n|---|---:|---:|---:|---:|");
  console.log(
    `| one function per task (deployed) | ${states.map((r) => kb(r.bytes)).join(" + ")} | — | ${kb(sumKB)} | ${states.map((r) => r.firstMs.toFixed(0)).join(" + ")} = **${sumMs.toFixed(0)}** |`,
  );
  console.log(
    `| every task in one function (one container) | ${kb(one.initBytes)} | ${oneInitMs.toFixed(1)} | ${kb(one.initBytes + one.extraBytes(files))} | **${oneMs.toFixed(0)}** |`,
  );
}

// `npx tsx bench/lambdas.ts [root]` runs this section alone (root: another checkout to measure, e.g. the "before" of a change).
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await lambdaColdStartReport(path.resolve(process.argv[2] ?? new URL("..", import.meta.url).pathname));
