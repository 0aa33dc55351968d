import { spawn, type ChildProcess } from "node:child_process";

/**
 * Test support: `npm start`'s entry point as a real child process, the way a developer runs it,
 * for the tests that restart or kill the runtime (main, key rotation, billing crash). It inherits
 * the environment except DATABASE_URL, so it runs on the defaults a new user gets (embedded
 * PGlite) whatever database the test run uses.
 */
const children = new Set<ChildProcess>();

export function startRuntime(env: Record<string, string>, readyTimeoutMs = 90_000) {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, ["--import", "tsx", "packages/local/src/main.ts"], { env: { ...inherited, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  child.on("exit", () => children.delete(child));
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in ${readyTimeoutMs / 1000} s:\n${output}`)), readyTimeoutMs);
    child.stdout!.on("data", () => output.includes("ready in") && (clearTimeout(timer), resolve()));
    child.on("exit", (code) => (clearTimeout(timer), reject(new Error(`exited ${code}:\n${output}`))));
  });
  return { child, ready, output: () => output };
}

/** Ctrl-C, and the exit code the runtime stopped with. */
export function stopRuntime(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.on("exit", (code, signal) => {
      // A stop that does not end in exit code 0 says how it ended, so a failure names its cause.
      if (code !== 0) console.error(`[runtime-process] runtime ended with code ${code} signal ${signal}`);
      resolve(code);
    });
    child.kill("SIGINT");
  });
}

/** A failed assertion must not leave a runtime behind (it would hold the test run open). */
export function killRuntimes() {
  for (const c of children) c.kill("SIGKILL");
}
