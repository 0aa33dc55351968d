import { parentPort, workerData } from "node:worker_threads";
import { startPglite } from "./postgres";
import { startDynamo } from "./dynamo";

/** Worker-thread entry for `startInThread` (threads.ts): start the service, answer its description, stop on request. */
const services = { pglite: startPglite, dynamo: startDynamo } as unknown as Record<string, (...args: any[]) => Promise<{ stop(): Promise<void> } & Record<string, unknown>>>;
const { service, args } = workerData as { service: string; args: unknown[] };

try {
  const running = await services[service]!(...args);
  const value = Object.fromEntries(Object.entries(running).filter(([, v]) => typeof v !== "function"));
  parentPort!.postMessage({ ok: true, value });
  parentPort!.on("message", async (m) => {
    if (m !== "stop") return;
    await running.stop();
    process.exit(0);
  });
} catch (err) {
  parentPort!.postMessage({ ok: false, error: (err as Error).stack ?? String(err) });
}
