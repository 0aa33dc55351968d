import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

/**
 * The site's shipped JavaScript per route, gzipped, from Vite's build manifest
 * (web/dist/.vite/manifest.json): the first screen is the entry chunk and its static
 * imports; a lazy route adds its own chunk and the imports the entry does not already load.
 */
interface Chunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

/** Pages loaded with `lazy()` in web/src/index.tsx, by route (with what they load on demand themselves). */
const lazyRoutes: Record<string, string[]> = {
  "/calendar": ["src/pages/calendar.tsx"],
  "/invoices": ["src/pages/invoices.tsx"],
  "/invoices/:id": ["src/pages/invoice.tsx"],
  "/analytics (page + uPlot chart)": ["src/pages/analytics.tsx", "src/components/hourly-chart.tsx"],
};
/** Goal for the first screen (docs/web.md). */
const FIRST_SCREEN_GOAL_KB = 60;

export function webBundleReport(root: string) {
  const dist = path.join(root, "web/dist");
  const manifestPath = path.join(dist, ".vite/manifest.json");
  if (!existsSync(manifestPath)) {
    console.log("\nSite JavaScript: web/dist/.vite/manifest.json is missing; run `npm run build:web` first.");
    return;
  }
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Record<string, Chunk>;
  const size = (file: string) => {
    const buf = readFileSync(path.join(dist, file));
    return { raw: buf.length, gz: gzipSync(buf, { level: 9 }).length };
  };
  /** A chunk and everything it imports statically. */
  const closure = (key: string, seen = new Set<string>()) => {
    if (seen.has(key)) return seen;
    seen.add(key);
    for (const dep of manifest[key]?.imports ?? []) closure(dep, seen);
    return seen;
  };
  const entryKey = Object.keys(manifest).find((k) => manifest[k]!.isEntry)!;
  const first = closure(entryKey);
  const sum = (keys: Iterable<string>) => {
    let raw = 0;
    let gz = 0;
    const files: string[] = [];
    for (const k of keys) {
      const s = size(manifest[k]!.file);
      raw += s.raw;
      gz += s.gz;
      files.push(path.basename(manifest[k]!.file));
    }
    return { raw, gz, files };
  };
  const kb = (n: number) => (n / 1024).toFixed(1);
  const rows: [string, ReturnType<typeof sum>, string][] = [];
  const firstSum = sum(first);
  rows.push([
    "first screen (sign-in, patients, appointments, doctors, accounts, audit)",
    firstSum,
    firstSum.gz / 1024 <= FIRST_SCREEN_GOAL_KB ? `≤ ${FIRST_SCREEN_GOAL_KB} KB ✓` : `> ${FIRST_SCREEN_GOAL_KB} KB ✗`,
  ]);
  for (const [route, srcs] of Object.entries(lazyRoutes)) {
    if (!srcs.every((src) => manifest[src])) {
      rows.push([`${route} (lazy)`, { raw: 0, gz: 0, files: ["not in the build"] }, ""]);
      continue;
    }
    const loaded = new Set<string>();
    for (const src of srcs) closure(src, loaded);
    const extra = [...loaded].filter((k) => !first.has(k));
    rows.push([`${route} (lazy, on top of the first screen)`, sum(extra), ""]);
  }
  const css = manifest[entryKey]!.css?.map((f) => size(f)) ?? [];
  console.log("\nSite JavaScript per route (web/dist, gzip -9)");
  console.log("| route | files | JS KiB | gzipped KiB | goal |\n|---|---|---:|---:|---|");
  for (const [label, s, goal] of rows) console.log(`| ${label} | ${s.files.join(", ")} | ${kb(s.raw)} | ${kb(s.gz)} | ${goal} |`);
  if (css.length) console.log(`| (CSS, all routes) | ${css.length} file(s) | ${kb(css.reduce((a, s) => a + s.raw, 0))} | ${kb(css.reduce((a, s) => a + s.gz, 0))} | |`);
}

if (import.meta.url === `file://${process.argv[1]}`) webBundleReport(path.resolve(path.dirname(new URL(import.meta.url).pathname), ".."));
