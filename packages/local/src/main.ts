import path from "node:path";
import { startLocalStack } from "./stack";
import { startServer } from "./server";
import { ensureAdmin } from "./bootstrap";
import { startEventLog } from "./events/index";
import { log as structured } from "@carebeat/core/observability";

/** `npm start`: the whole of Carebeat on one machine, no cloud account. */
async function main() {
  const started = performance.now();
  const root = process.cwd();
  const dataDir = path.resolve(root, process.env.CAREBEAT_DATA_DIR ?? ".data");
  // The runtime's own lines are for the person at the terminal; handlers log JSON through
  // packages/core/src/observability in both homes. CAREBEAT_LOG_FORMAT=json makes these JSON too
  // (a container's log collector then reads one format).
  const log = process.env.CAREBEAT_LOG_FORMAT === "json" ? (line: string) => structured.info("runtime", { detail: line }) : (line: string) => console.log(`[carebeat] ${line}`);
  log(`node ${process.version}, data in ${dataDir}`);

  const stack = await startLocalStack({ dataDir, databaseUrl: process.env.DATABASE_URL, stage: process.env.CAREBEAT_STAGE ?? "local", log });
  for (const s of stack.services) log(`${s.name.padEnd(9)} ${s.describe}`);
  log("migrations applied");
  await ensureAdmin(log);
  // Outbox → analytics (and other consumers): the outbox as the log, or Kafka when KAFKA_BROKERS is set.
  const events = await startEventLog({ dataDir, log, brokers: process.env.KAFKA_BROKERS || undefined });

  const port = Number(process.env.PORT ?? 3000);
  const server = await startServer({ port, webDist: path.join(root, "web/dist"), host: process.env.HOST ?? "127.0.0.1", upgrade: stack.realtime.handleUpgrade, s3: stack.s3.serveSameOrigin });
  log(`api       ${server.url}/api  (docs ${server.url}/docs, health ${server.url}/health)`);
  log(`site      ${server.url}/`);
  log(`realtime  ${server.url.replace(/^http/, "ws")}/ws?token=<access token>  (also ${stack.realtime.url})`);
  log(`ready in ${Math.round(performance.now() - started)} ms — Ctrl-C to stop`);

  // Benchmarks (bench/booking-http.ts) fork the runtime and ask it for its SQL statement counts.
  if (process.send && process.env.CAREBEAT_SQL_STATS) {
    const { sqlStats } = await import("@carebeat/core/drizzle/stats");
    process.on("message", (m: { type?: string }) => {
      if (m?.type === "carebeat:stats") process.send!({ type: "carebeat:stats", ...sqlStats() });
    });
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    await server.stop();
    await events.stop();
    await stack.stop();
    log("stopped; data kept in " + dataDir);
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((err) => {
  console.error("[carebeat] failed to start:", err);
  process.exit(1);
});
