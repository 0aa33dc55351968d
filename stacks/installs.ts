import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * `nodejs.install` for packages that cannot be bundled (a native binary, files read at run time),
 * pinned to the exact versions in package-lock.json (issue 23.7). SST turns a plain list into
 * `{ name: "*" }` (function.ts in sst 4.17.1) and installs whatever is newest at each deploy; a
 * `{ name: version }` record is installed as given, so AWS runs what the tests ran.
 */
// The CLI evaluates the config from the project root (the handler paths are relative to it too);
// import.meta.url would name SST's bundled copy of this file instead.
const lock = JSON.parse(readFileSync(join(process.cwd(), "package-lock.json"), "utf8")) as {
  packages: Record<string, { version?: string }>;
};

export function pinnedInstall(...names: string[]): Record<string, string> {
  return Object.fromEntries(
    names.map((name) => {
      const version = lock.packages[`node_modules/${name}`]?.version;
      if (!version) throw new Error(`nodejs.install: ${name} is not in package-lock.json; add it to a workspace's dependencies first`);
      return [name, version];
    }),
  );
}
