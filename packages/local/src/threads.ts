import { Worker } from "node:worker_threads";

/**
 * Run an embedded stand-in (PGlite, dynalite) on its own thread, so its work — PGlite's WASM
 * query execution, dynalite's LevelDB and JSON — is not done on the API's event loop and the
 * runtime can use a second core. The stand-ins already talk over loopback sockets
 * (pglite-socket, HTTP), so the API side is unchanged: it gets the same description back,
 * with `stop()` forwarded to the thread.
 *
 * The thread entry is `thread.ts` (or the built `thread.js` beside the bundle, `npm start`).
 */
export type ThreadService = "pglite" | "dynamo";

export async function startInThread<T extends { stop(): Promise<void> }>(service: ThreadService, args: unknown[], log?: (line: string) => void): Promise<T> {
  const here = import.meta.url;
  const entry = new URL(here.endsWith(".ts") ? "./thread.ts" : "./thread.js", here);
  const worker = new Worker(entry, { workerData: { service, args } });
  type Message = { log: string } | { ok: boolean; value?: Record<string, unknown>; error?: string };
  const started = await new Promise<Record<string, unknown>>((resolve, reject) => {
    worker.on("message", (m: Message) => {
      if ("log" in m) return log?.(m.log);
      if (m.ok) resolve(m.value!);
      else reject(new Error(m.error));
    });
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`${service} thread exited (${code}) while starting`)));
  });
  worker.on("error", (err) => console.error(`[carebeat] ${service} thread failed:`, err));
  // Calls of the service's methods on its thread (thread.ts), e.g. PGlite's dump for a backup.
  const calls = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let nextCall = 0;
  worker.on("message", (m: { reply?: number; ok?: boolean; value?: unknown; error?: string }) => {
    if (m?.reply === undefined) return;
    const c = calls.get(m.reply);
    calls.delete(m.reply);
    if (m.ok) c?.resolve(m.value);
    else c?.reject(new Error(m.error));
  });
  const call = (name: string) =>
    new Promise((resolve, reject) => {
      const id = nextCall++;
      calls.set(id, { resolve, reject });
      worker.postMessage({ call: name, id });
    });
  let stopped: Promise<void> | undefined;
  return {
    ...started,
    ...(service === "pglite" ? { dump: () => call("dump") } : {}),
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        worker.once("exit", () => resolve());
        worker.postMessage("stop");
      })),
  } as unknown as T;
}
