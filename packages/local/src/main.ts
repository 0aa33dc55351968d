import path from "node:path";
import { startLocalStack } from "./stack";
import { startServer } from "./server";
import { ensureAdmin } from "./bootstrap";
import { startEventLog } from "./events/index";
import { log as structured } from "@carebeat/core/observability";
import { isLoopback as isLoopbackHost } from "./tls";

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

  // HTTPS before anything else starts: a runtime that may not serve its HOST stops here (tls.ts).
  const host = process.env.HOST ?? "127.0.0.1";
  const port = Number(process.env.PORT ?? 3000);
  const { resolveTls, checkExposure, trustProxyFrom } = await import("./tls");
  const trustProxy = trustProxyFrom();
  const tls = await resolveTls({ dataDir, host, log });
  checkExposure(host, tls, trustProxy);
  if (tls) {
    process.env.CAREBEAT_SITE_URL ??= `https://localhost:${port}`;
    log(`tls       ${tls.source === "self-signed" ? "self-signed certificate" : "certificate"} ${tls.file}, valid to ${tls.validTo.slice(0, 10)}, for ${tls.names.join(", ")}`);
    log(`tls       SHA-256 fingerprint ${tls.fingerprint}  <- compare it with what the browser shows the first time`);
  }
  if (trustProxy) log("proxy     trusting X-Forwarded-Proto/Host from the reverse proxy in front (CAREBEAT_TRUST_PROXY)");
  if (!isLoopbackHost(host) && !process.env.CAREBEAT_SITE_URL) log(`mail      links in mail point at localhost: set CAREBEAT_SITE_URL to the address staff and patients use`);

  const stack = await startLocalStack({ dataDir, databaseUrl: process.env.DATABASE_URL, stage: process.env.CAREBEAT_STAGE ?? "local", log });
  for (const s of stack.services) log(`${s.name.padEnd(9)} ${s.describe}`);
  log("migrations applied");
  await ensureAdmin(log);
  // Outbox → analytics (and other consumers): the outbox as the log, or Kafka when KAFKA_BROKERS is set.
  const events = await startEventLog({ dataDir, log, brokers: process.env.KAFKA_BROKERS || undefined });

  const server = await startServer({ port, webDist: path.join(root, "web/dist"), host, upgrade: stack.realtime.handleUpgrade, s3: stack.s3.serveSameOrigin, tls, trustProxy });
  log(`api       ${server.url}/api  (docs ${server.url}/docs, health ${server.url}/health)`);
  log(`site      ${server.url}/`);
  log(`realtime  ${server.url.replace(/^http/, "ws")}/ws?token=<access token>  (also ${stack.realtime.url})`);
  // Scheduled backups (docs/self-hosting.md): CAREBEAT_BACKUP_DIR, daily, the newest CAREBEAT_BACKUP_KEEP kept.
  let backups: { stop(): Promise<void> } | undefined;
  if (process.env.CAREBEAT_BACKUP_DIR) {
    const { startBackupSchedule } = await import("./backup/schedule");
    const { passphraseFrom } = await import("./backup/crypto");
    const keep = Number(process.env.CAREBEAT_BACKUP_KEEP ?? 7);
    const hours = Number(process.env.CAREBEAT_BACKUP_INTERVAL_HOURS ?? 24);
    if (!(keep >= 1) || !(hours > 0)) throw new Error("CAREBEAT_BACKUP_KEEP must be at least 1 and CAREBEAT_BACKUP_INTERVAL_HOURS more than 0");
    backups = startBackupSchedule({
      dir: path.resolve(process.env.CAREBEAT_BACKUP_DIR),
      keep,
      intervalMs: hours * 3_600_000,
      firstAfterMs: Number(process.env.CAREBEAT_BACKUP_FIRST_AFTER_SECONDS ?? 60) * 1000,
      passphrase: passphraseFrom(),
      records: stack.backup.records,
      log,
    });
    log(`backups   every ${hours} h into ${path.resolve(process.env.CAREBEAT_BACKUP_DIR)}, newest ${keep} kept`);
  }

  // Benchmarks (bench/booking-http.ts) fork the runtime and ask it for its SQL statement counts.
  if (process.send && process.env.CAREBEAT_SQL_STATS) {
    const { sqlStats } = await import("@carebeat/core/drizzle/stats");
    process.on("message", (m: { type?: string }) => {
      if (m?.type === "carebeat:stats") process.send!({ type: "carebeat:stats", ...sqlStats() });
    });
    (await import("./bench-profile")).answerProfileRequests();
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    // In-flight requests are answered first, then a running backup ends, then the workflow tasks
    // in flight settle (the Step Functions runner waits for them) before the stores stop.
    await server.stop();
    await backups?.stop();
    await events.stop();
    await stack.stop();
    log("stopped; data kept in " + dataDir);
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
  // Last: whoever waits for this line (a supervisor, the tests) may signal at once, so the
  // handlers above must be in place first — an earlier "ready" let a quick SIGINT kill it mid-way.
  log(`ready in ${Math.round(performance.now() - started)} ms — Ctrl-C to stop`);
}

main().catch((err) => {
  console.error("[carebeat] failed to start:", err);
  process.exit(1);
});
