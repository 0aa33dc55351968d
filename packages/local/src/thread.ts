import { parentPort, workerData } from "node:worker_threads";
import { startPglite } from "./postgres";
import { startDynamo } from "./dynamo";

/** Worker-thread entry for `startInThread` (threads.ts): start the service, answer its description, stop on request. */
const services = { pglite: startPglite, dynamo: startDynamo } as unknown as Record<string, (...args: any[]) => Promise<{ stop(): Promise<void> } & Record<string, unknown>>>;
const { service, args } = workerData as { service: string; args: unknown[] };
// A function cannot cross to the parent: the service's log lines travel as messages (threads.ts).
const log = (line: string) => parentPort!.postMessage({ log: line });
if (service === "dynamo") args[0] = { ...(args[0] as object), log };

try {
  const running = await services[service]!(...args);
  // Only plain data crosses (endpoint, names); functions and driver objects stay on this thread.
  const value = Object.fromEntries(Object.entries(running).filter(([k, v]) => typeof v !== "function" && k !== "schema"));
  parentPort!.postMessage({ ok: true, value });
  parentPort!.on("message", async (m) => {
    // A call of one of the service's own methods (PGlite's `dump` for backups), answered by id.
    if (m && typeof m === "object" && m.call) {
      const fn = (running as Record<string, unknown>)[m.call];
      try {
        if (typeof fn !== "function" || m.call === "stop") throw new Error(`${service}: no method ${m.call}`);
        const value = await (fn as () => Promise<unknown>).call(running);
        const transfer = value instanceof Uint8Array ? [value.buffer as ArrayBuffer] : [];
        parentPort!.postMessage({ reply: m.id, ok: true, value }, transfer);
      } catch (err) {
        parentPort!.postMessage({ reply: m.id, ok: false, error: (err as Error).message });
      }
      return;
    }
    if (m !== "stop") return;
    await running.stop();
    process.exit(0);
  });
} catch (err) {
  parentPort!.postMessage({ ok: false, error: (err as Error).stack ?? String(err) });
}
