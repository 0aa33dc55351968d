import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import tls from "node:tls";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { dbTls } from "./tls";

/**
 * What `CAREBEAT_DB_SSL` buys against a real TLS handshake: a server that answers PostgreSQL's
 * SSLRequest with 'S' and then presents a certificate signed by a throw-away CA (openssl), the
 * way RDS does. postgres.js connects with exactly the option dbTls() returns.
 */
let dir: string;
let server: net.Server;
let port = 0;
let handshakes = 0;
/** Which certificate the server presents. */
let presenting: "server" | "misnamed" = "server";
const ca = () => join(dir, "ca.pem");
const otherCa = () => join(dir, "other-ca.pem");

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "carebeat-tls-"));
  const ssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  for (const name of ["ca", "other-ca"])
    ssl(
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-days",
      "2",
      "-subj",
      `/CN=${name}`,
      "-keyout",
      `${name}.key`,
      "-out",
      `${name}.pem`,
    );
  ssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=localhost", "-keyout", "server.key", "-out", "server.csr");
  writeFileSync(join(dir, "san.cnf"), "subjectAltName=DNS:localhost\n");
  ssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2", "-extfile", "san.cnf", "-out", "server.pem");
  // A second certificate from the same CA, for another host name.
  ssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=db.elsewhere.example", "-keyout", "misnamed.key", "-out", "misnamed.csr");
  writeFileSync(join(dir, "san2.cnf"), "subjectAltName=DNS:db.elsewhere.example\n");
  ssl("x509", "-req", "-in", "misnamed.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2", "-extfile", "san2.cnf", "-out", "misnamed.pem");
  const pair = (name: string) => ({ key: readFileSync(join(dir, `${name}.key`)), cert: readFileSync(join(dir, `${name}.pem`)) });
  const certs = { server: pair("server"), misnamed: pair("misnamed") };
  server = net.createServer((socket) => {
    socket.once("data", () => {
      // SSLRequest (8 bytes) → 'S', then TLS on the same socket, as PostgreSQL does.
      socket.write("S");
      const secure = new tls.TLSSocket(socket, { isServer: true, ...certs[presenting] });
      secure.on("secure", () => handshakes++);
      // Past the handshake, answer the startup message with a FATAL error, as a server refusing
      // the login would: the client then fails once instead of reconnecting.
      secure.once("data", () => secure.end(fatal("28000", "tls test: handshake done")));
      secure.on("error", () => {});
    });
    socket.on("error", () => {});
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  port = (server.address() as net.AddressInfo).port;
});
after(() => {
  server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A PostgreSQL ErrorResponse message. */
function fatal(code: string, message: string) {
  const body = Buffer.from(`SFATAL\0C${code}\0M${message}\0\0`);
  const head = Buffer.alloc(5);
  head.write("E");
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

/** Connects once with `ssl` and says how it ended: "tls-ok" (past the handshake) or the TLS error code. */
async function connect(ssl: ReturnType<typeof dbTls>) {
  const host = "localhost";
  const before = handshakes;
  const sql = postgres({ host, port, user: "u", database: "d", ssl: ssl as any, max: 1, connect_timeout: 5, onnotice: () => {} });
  const outcome = await sql`select 1`.then(
    () => "connected",
    (e: NodeJS.ErrnoException) => e.code ?? e.message,
  );
  await sql.end({ timeout: 1 }).catch(() => {});
  return handshakes > before ? `tls-ok (${outcome})` : outcome;
}

test("verify-full: the CA's certificate for the host is accepted; another CA's chain or another name is refused", async () => {
  const good = dbTls({ CAREBEAT_DB_SSL: "verify-full", CAREBEAT_DB_CA: ca() });
  assert.match(await connect(good), /^tls-ok/);
  const wrongCa = dbTls({ CAREBEAT_DB_SSL: "verify-full", CAREBEAT_DB_CA: otherCa() });
  assert.doesNotMatch(await connect(wrongCa), /^tls-ok/);
  assert.match(await connect(wrongCa), /SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/);
  // A certificate from the right CA for another host (a redirected or spoofed endpoint) is refused too.
  presenting = "misnamed";
  try {
    assert.match(await connect(good), /ERR_TLS_CERT_ALTNAME_INVALID/);
    assert.match(await connect("require"), /^tls-ok/, "require does not look at the name either");
  } finally {
    presenting = "server";
  }
});

test("require encrypts but verifies nothing: the wrong CA's server is accepted (why AWS uses verify-full)", async () => {
  assert.equal(dbTls({ CAREBEAT_DB_SSL: "require" }), "require");
  assert.match(await connect("require"), /^tls-ok/);
});

test("a verify-full without a readable PEM bundle is an error that names the setting, never an unverified connection", () => {
  assert.throws(() => dbTls({ CAREBEAT_DB_SSL: "verify-full" }), /CAREBEAT_DB_CA/);
  assert.throws(() => dbTls({ CAREBEAT_DB_SSL: "verify-full", CAREBEAT_DB_CA: join(dir, "missing.pem") }), /cannot read .*ENOENT/);
  writeFileSync(join(dir, "empty.pem"), "");
  assert.throws(() => dbTls({ CAREBEAT_DB_SSL: "verify-full", CAREBEAT_DB_CA: join(dir, "empty.pem") }), /no PEM certificate/);
  assert.throws(() => dbTls({ CAREBEAT_DB_SSL: "true" }), /disable, require or verify-full/);
  assert.equal(dbTls({}), false);
});
