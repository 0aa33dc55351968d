import path from "node:path";
import { pathToFileURL } from "node:url";
import * as esbuild from "esbuild";
import { ESBUILD_PLUGINS, INSTALL, SPLITTING, SST_FORCE_EXTERNAL } from "./bundling";

/**
 * One Lambda handler bundled the way `sst deploy` bundles it (sst@4 pkg/runtime/node/build.go:
 * esbuild, platform node, ESM, minified, keepNames, main fields module→main, its createRequire
 * banner, `sharp`/`pg-native` + the function's `install` packages external, the project's
 * plugins, splitting for SPLITTING; the entry is always `bundle.mjs` — `outfile` unsplit,
 * `entryNames: "bundle"` split — and the handler `bundle.handler`; target node22, which is what
 * SST's runtime map gives nodejs22.x too), with what its init loads read from esbuild's metafile. Used by
 * bench/lambdas.ts (sizes and load times) and packages/functions/src/api/bundle.test.ts (what the
 * API's init must not contain).
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
  /** The file Lambda loads (`bundle.mjs`, handler `bundle.handler`, as SST names it). */
  entry: string;
  /** The entry and every chunk it imports statically: what the function's init loads. */
  initFiles: string[];
  initBytes: number;
  /** Every output file (the entry alone unless the function is split). */
  totalBytes: number;
  /** Bytes of the init files per npm package (or per source folder), largest first. */
  byPackage: [string, number][];
  /** Bytes in the output per source file (relative to the root): in the init files, in all files. */
  initInputs: Map<string, number>;
  allInputs: Map<string, number>;
  /** Each dynamically imported chunk: its source, its file, and the bytes it adds to init's. */
  lazy: {
    source: string;
    file: string;
    extraBytes: number;
    /** Whether our code's `import()` asks for it (else a dependency's own, e.g. the SDK's credential providers). */
    ours: boolean;
    /**
     * Whether a handler-side file (packages/functions/src) asks for it: the domain a function's
     * first invocation imports (issue 19.1), as opposed to core's own SDK chunks loaded on some calls.
     */
    byHandler: boolean;
  }[];
  /** Bytes that importing all these lazy files (and their static imports) adds to the init's. */
  extraBytes(files: string[]): number;
}

/**
 * Bundles one handler as sst deploy does. A split function (SPLITTING) gets SST's splitting
 * options: outdir = the function's directory, `.js` → `.mjs`, `entryNames: "bundle"`; the rest
 * one outfile, `bundle.mjs` (issue 23.11: SST names the entry `bundle`, not after the handler file).
 */
export async function bundleLambda(root: string, entry: string, outdir: string, options: { split?: boolean; install?: string[] } = {}): Promise<Bundle> {
  const plugins = (await import(pathToFileURL(path.join(root, ESBUILD_PLUGINS)).href)).default as esbuild.Plugin[];
  // `options` is for an entry that is not (yet) a deployed handler: bench/lambdas.ts's "every billing task in one function".
  const split = options.split ?? SPLITTING.includes(entry);
  const entryFile = path.join(outdir, "bundle.mjs");
  const result = await esbuild.build({
    entryPoints: [path.join(root, entry)],
    ...(split ? { outdir, splitting: true, outExtension: { ".js": ".mjs" }, entryNames: "bundle" } : { outfile: entryFile }),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    minify: true,
    keepNames: true,
    mainFields: ["module", "main"],
    external: [...SST_FORCE_EXTERNAL, ...(options.install ?? INSTALL[entry] ?? [])],
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
  const inputsOf = (files: Iterable<string>) => {
    const bytes = new Map<string, number>();
    for (const f of files) for (const [file, { bytesInOutput }] of Object.entries(outputs.get(f)!.inputs)) bytes.set(file, (bytes.get(file) ?? 0) + bytesInOutput);
    return bytes;
  };
  const initInputs = inputsOf(init);
  const byPackage: Record<string, number> = {};
  for (const [file, bytes] of initInputs) {
    const pkg = file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? file.split("/").slice(0, 4).join("/");
    byPackage[pkg] = (byPackage[pkg] ?? 0) + bytes;
  }
  // Modules our own code (not a dependency) imports with import().
  const oursDynamic = new Set(
    Object.entries(result.metafile.inputs)
      .filter(([file]) => !file.includes("node_modules/"))
      .flatMap(([, input]) => input.imports.filter((i) => i.kind === "dynamic-import" && !i.external).map((i) => i.path)),
  );
  const handlerDynamic = new Set(
    Object.entries(result.metafile.inputs)
      .filter(([file]) => file.startsWith("packages/functions/src/"))
      .flatMap(([, input]) => input.imports.filter((i) => i.kind === "dynamic-import" && !i.external).map((i) => i.path)),
  );
  const lazyFiles = new Set([...outputs.values()].flatMap((o) => o.dynamicImports));
  const extraBytes = (files: string[]) => {
    const loaded = new Set<string>();
    for (const file of files) closure(file, loaded);
    return sum([...loaded].filter((f) => !init.has(f)));
  };
  const lazy = [...lazyFiles].map((file) => {
    const source = outputs.get(file)!.entryPoint ?? path.relative(root, file);
    return { source, file, extraBytes: extraBytes([file]), ours: oursDynamic.has(source), byHandler: handlerDynamic.has(source) };
  });
  return {
    entry: entryFile,
    initFiles: [...init],
    initBytes: sum(init),
    totalBytes: sum(outputs.keys()),
    byPackage: Object.entries(byPackage).sort((a, b) => b[1] - a[1]),
    initInputs,
    allInputs: inputsOf(outputs.keys()),
    lazy: lazy.sort((a, b) => a.source.localeCompare(b.source)),
    extraBytes,
  };
}
