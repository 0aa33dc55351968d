import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";

/**
 * `npm run bench:profile -- <dir|file.cpuprofile> [top]`: the top self-time entries of V8 CPU
 * profiles (`node --cpu-prof`; the booking bench writes them with BENCH_CPU_PROF=<dir>), by
 * function and by where the code lives (a package under node_modules, a file of ours, or V8's own
 * "(garbage collector)", "(program)", "(idle)"). Self time: the samples whose top frame is it.
 * Shares are of the non-idle time, so runs with more or less waiting compare.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function where(url: string): string {
  if (!url) return "(native / V8)";
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + "node_modules/".length).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith("node:")) return url;
  const ours = url.match(/packages\/[^/]+\/(?:src|dist)\/.*$/);
  return ours ? ours[0] : path.basename(url);
}

const target = process.argv[2];
if (!target) throw new Error("usage: tsx bench/cpu-profile.ts <dir|file.cpuprofile> [top]");
const top = Number(process.argv[3] ?? 25);
const files = target.endsWith(".cpuprofile")
  ? [target]
  : readdirSync(target)
      .filter((f) => f.endsWith(".cpuprofile"))
      .map((f) => path.join(target, f));
const byFunction = new Map<string, number>();
const byPlace = new Map<string, number>();
let total = 0;
for (const file of files) {
  const p = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const nodes = new Map(p.nodes.map((n) => [n.id, n]));
  p.samples.forEach((id, i) => {
    const n = nodes.get(id)!;
    const ms = (p.timeDeltas[i] ?? 0) / 1000;
    const { functionName, url, lineNumber } = n.callFrame;
    if (functionName === "(idle)") return;
    total += ms;
    const place = functionName.startsWith("(") && !url ? functionName : where(url);
    const fn = `${functionName || "(anonymous)"} ${place}${url ? `:${lineNumber + 1}` : ""}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
    byPlace.set(place, (byPlace.get(place) ?? 0) + ms);
  });
}
const print = (title: string, m: Map<string, number>) => {
  console.log(`\n${title} (${files.length} profile(s), ${total.toFixed(0)} ms of non-idle samples)`);
  console.log("| entry | self ms | share |\n|---|---:|---:|");
  for (const [k, ms] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`| ${k.replaceAll("|", "\\|")} | ${ms.toFixed(0)} | ${((ms / total) * 100).toFixed(1)} % |`);
};
print("Self time by where the code lives", byPlace);
print("Self time by function", byFunction);
