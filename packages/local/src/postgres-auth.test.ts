import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import { statSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { startPglite, type RunningPostgres } from "./postgres";

/**
 * The embedded PostgreSQL refuses every credential but the runtime's (issue 18: the probe read
 * the users table with a wrong user and password). Real postgres.js clients, real wire protocol.
 */
let pg: RunningPostgres;
before(async () => {
  pg = await startPglite(undefined, { password: "right-password-for-this-test" });
});
after(async () => pg?.stop());

const connect = (over: { username?: string; password?: string; ssl?: "prefer" | false }) =>
  postgres({
    host: pg.link.host,
    port: pg.link.port,
    database: "postgres",
    username: over.username ?? pg.link.username,
    password: over.password ?? pg.link.password,
    ssl: over.ssl ?? false,
    max: 1,
    onnotice: () => {},
    connect_timeout: 5,
  });

async function refusal(over: Parameters<typeof connect>[0]) {
  const sql = connect(over);
  try {
    await sql`select 1`;
    return undefined;
  } catch (err) {
    return err as { code?: string; message: string };
  } finally {
    await sql.end({ timeout: 1 });
  }
}

test("the right user and password reach PGlite, and queries run as before", async () => {
  const sql = connect({});
  try {
    const [row] = await sql`select 40 + 2 as n, current_user as u`;
    assert.equal(row!.n, 42);
    await sql`create table if not exists auth_probe (x int)`;
    await sql`insert into auth_probe values (1)`;
    const [c] = await sql`select count(*)::int as c from auth_probe`;
    assert.equal(c!.c, 1);
  } finally {
    await sql.end();
  }
});

test("a wrong password, a wrong user and an empty password are refused with 28P01 before any query", async () => {
  for (const over of [{ password: "postgres" }, { password: "right-password-for-this-test!" }, { username: "admin" }, { password: "" }]) {
    const err = await refusal(over);
    assert.ok(err, `${JSON.stringify(over)} connected`);
    assert.equal(err.code, "28P01", `${JSON.stringify(over)}: ${err.message}`);
    assert.match(err.message, /password authentication failed for user/);
  }
});

test("a client asking for TLS is told 'N' and can still authenticate (sslmode=prefer)", async () => {
  const sql = connect({ ssl: "prefer" });
  try {
    const [row] = await sql`select 1 as one`;
    assert.equal(row!.one, 1);
  } finally {
    await sql.end();
  }
});

test("a raw client that skips the password and sends a query gets an error and the socket closes", async () => {
  const reply = await new Promise<Buffer>((resolve, reject) => {
    const s = net.connect(pg.link.port, pg.link.host);
    const chunks: Buffer[] = [];
    s.on("data", (d) => chunks.push(d));
    s.on("close", () => resolve(Buffer.concat(chunks)));
    s.on("error", reject);
    s.on("connect", () => {
      const params = Buffer.from("user\0postgres\0database\0postgres\0\0");
      const head = Buffer.alloc(8);
      head.writeInt32BE(params.length + 8, 0);
      head.writeInt32BE(196608, 4);
      s.write(Buffer.concat([head, params]));
      // A simple Query instead of the PasswordMessage.
      const q = Buffer.from("select * from auth_probe\0");
      const qh = Buffer.alloc(5);
      qh.write("Q", 0, "latin1");
      qh.writeInt32BE(q.length + 4, 1);
      s.write(Buffer.concat([qh, q]));
    });
  });
  assert.equal(String.fromCharCode(reply[0]!), "R", "asked for a password first");
  assert.equal(reply.readInt32BE(5), 3, "AuthenticationCleartextPassword");
  const rest = reply.subarray(9).toString("latin1");
  assert.ok(rest.startsWith("E"), "then an ErrorResponse");
  assert.match(rest, /08P01/);
  assert.doesNotMatch(rest, /ReadyForQuery|auth_probe/);
});

test("PGlite itself listens on no TCP port: only a Unix socket in a directory no other user can enter", () => {
  const dirs = readdirSync(tmpdir()).filter((d) => d.startsWith("carebeat-pglite-"));
  assert.ok(dirs.length >= 1);
  for (const d of dirs) {
    const mode = statSync(path.join(tmpdir(), d)).mode & 0o777;
    assert.equal(mode, 0o700, `${d} is ${mode.toString(8)}`);
  }
});
