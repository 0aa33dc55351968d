import { mkdirSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import path from "node:path";
/** Tiny benchmark helpers: run an async op N times, report throughput, latency, and ratio to a baseline. */
export interface Result {
  name: string;
  n: number;
  opsPerSec: number;
  p50: number;
  p99: number;
  ratio?: number;
}

export const quantile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

/** Run `op` n times from `concurrency` callers at once: throughput and each call's latency (ms, sorted). */
export async function runPool(n: number, concurrency: number, op: (i: number) => Promise<unknown>) {
  const times: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const t0 = performance.now();
        await op(i);
        times.push(performance.now() - t0);
      }
    }),
  );
  const total = performance.now() - start;
  times.sort((a, b) => a - b);
  return { perSec: (n / total) * 1000, times };
}

export async function measure(name: string, n: number, op: (i: number) => Promise<unknown>, concurrency = 1): Promise<Result> {
  for (let i = 0; i < Math.min(20, n); i++) await op(-1 - i); // warm-up (JIT, pools, caches)
  const { perSec, times } = await runPool(n, concurrency, op);
  return { name, n, opsPerSec: perSec, p50: quantile(times, 0.5), p99: quantile(times, 0.99) };
}

export function table(title: string, rows: Result[], baseline: Result) {
  console.log(`\n${title}`);
  const header = ["operation", "n", "ops/s", "p50 ms", "p99 ms", "cost vs baseline"];
  const lines = rows.map((r) => [
    r.name,
    String(r.n),
    r.opsPerSec.toFixed(0),
    r.p50.toFixed(2),
    r.p99.toFixed(2),
    r === baseline ? "1.0× (baseline)" : `${(baseline.opsPerSec / r.opsPerSec).toFixed(1)}×`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => "| " + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ") + " |";
  console.log(fmt(header));
  console.log("|" + widths.map((w, i) => (i === 0 ? "-".repeat(w + 1) + "-" : "-".repeat(w + 1) + ":")).join("|") + "|");
  for (const l of lines) console.log(fmt(l));
}

export function memoryRow(label: string) {
  const m = process.memoryUsage();
  return { label, rssMiB: m.rss / 2 ** 20, heapMiB: m.heapUsed / 2 ** 20 };
}

/** V8's sampling profiler in this process (BENCH_CPU_PROF runs; read with `npm run bench:profile`); `stop` writes the .cpuprofile. */
export async function startProfile() {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 200 });
  await session.post("Profiler.start");
  return {
    async stop(file: string) {
      const { profile } = await session.post("Profiler.stop");
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}
