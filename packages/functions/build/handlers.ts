import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/**
 * Every Lambda handler of the project: each file under packages/functions/src that exports a
 * `handler` (tests and fixtures aside), relative to the repository root. bench/lambdas.ts
 * bundles each one; tests/infra checks every function the stacks deploy is among them.
 */
export function lambdaHandlers(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (/\.ts$/.test(name) && !/\.(test|fixtures)\.ts$/.test(name) && /export (const|async function|function) handler\b/.test(readFileSync(file, "utf8")))
        found.push(path.relative(root, file));
    }
  };
  walk(path.join(root, "packages/functions/src"));
  return found.sort();
}
