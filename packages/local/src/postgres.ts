import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import postgres from "postgres";
import { randomBytes } from "node:crypto";
import net from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { DatabaseLink } from "@carebeat/core/drizzle";
import { freePort } from "./ports";
import { startPasswordFront } from "./postgres-auth";

export interface RunningPostgres {
  link: DatabaseLink;
  kind: "pglite" | "server";
  describe: string;
  /**
   * PGlite only: its data directory as a gzipped tar, taken between two queries (PGlite runs one
   * at a time), i.e. what a crash at that instant would leave — PostgreSQL recovers it to the last
   * committed transaction (docs/self-hosting.md, "How a backup is consistent").
   */
  dump?(): Promise<Uint8Array>;
  stop(): Promise<void>;
}

/**
 * Embedded PGlite served over the Postgres wire protocol, so the app uses the same
 * postgres.js driver as in AWS. `dataDir: undefined` keeps it in memory (tests).
 *
 * pglite-socket accepts any user and password, so it listens only on a Unix socket in a fresh
 * 0700 directory, and the TCP port clients use is a password check in front of it
 * (postgres-auth.ts). The password is the runtime's generated one (credentials.ts), or a new
 * random one when none is given.
 */
export async function startPglite(dataDir?: string, opts: { password?: string } = {}): Promise<RunningPostgres> {
  const db = await PGlite.create({ dataDir, extensions: { btree_gist } });
  const socketDir = mkdtempSync(path.join(tmpdir(), "carebeat-pglite-"));
  const socketPath = path.join(socketDir, "s");
  // Several connections are safe: pglite-socket serializes transactions across them.
  const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 32 });
  await server.start();
  const port = await freePort();
  const link = { host: "127.0.0.1", port, username: "postgres", password: opts.password ?? randomBytes(30).toString("base64url"), database: "postgres" };
  const front = await startPasswordFront({ host: link.host, port, user: link.username, password: link.password, connectBackend: () => net.connect(socketPath) });
  return {
    kind: "pglite",
    describe: `PGlite ${dataDir ? `(${dataDir})` : "(in memory)"} on 127.0.0.1:${port} (password from the data dir)`,
    link,
    async dump() {
      const blob = await db.dumpDataDir("gzip");
      return new Uint8Array(await blob.arrayBuffer());
    },
    async stop() {
      await front.close();
      await server.stop();
      await db.close();
      rmSync(socketDir, { recursive: true, force: true });
    },
  };
}

function parseUrl(url: string): DatabaseLink {
  const u = new URL(url);
  return {
    host: u.hostname || "127.0.0.1",
    port: Number(u.port || 5432),
    username: decodeURIComponent(u.username || "postgres"),
    password: decodeURIComponent(u.password || ""),
    database: decodeURIComponent(u.pathname.replace(/^\//, "") || "postgres"),
  };
}

/**
 * A real PostgreSQL server from DATABASE_URL. With `isolate`, a throw-away database is
 * created for this process (tests), so test files never see each other's rows.
 */
export async function startServerPostgres(url: string, isolate: boolean): Promise<RunningPostgres> {
  const base = parseUrl(url);
  if (!isolate) {
    return { kind: "server", describe: `PostgreSQL ${base.host}:${base.port}/${base.database}`, link: base, stop: async () => {} };
  }
  const name = `carebeat_test_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const admin = postgres({ host: base.host, port: base.port, user: base.username, password: base.password, database: base.database, max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  return {
    kind: "server",
    describe: `PostgreSQL ${base.host}:${base.port}/${name} (throw-away)`,
    link: { ...base, database: name },
    async stop() {
      const a = postgres({ host: base.host, port: base.port, user: base.username, password: base.password, database: base.database, max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists "${name}" with (force)`).catch(() => {});
      await a.end();
    },
  };
}
