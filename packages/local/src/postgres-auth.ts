import net from "node:net";
import { createHash, timingSafeEqual } from "node:crypto";

/**
 * A password check in front of the embedded PostgreSQL (PGlite over pglite-socket), which
 * itself answers every startup with AuthenticationOk: any local user, or a web page able to
 * reach 127.0.0.1, could read the users table with its password hashes. This front speaks
 * the start of the PostgreSQL wire protocol (v3) the way a server configured with
 * `password` authentication does, and only then splices the client to PGlite:
 *
 *   client → SSLRequest?            ← 'N' (no TLS on loopback; the client then sends in clear)
 *   client → StartupMessage(user, database)
 *                                   ← AuthenticationCleartextPassword
 *   client → PasswordMessage
 *      wrong user or password       ← ErrorResponse FATAL 28P01, connection closed
 *      right                        → the StartupMessage is replayed to PGlite, and from then on
 *                                     bytes flow both ways untouched (PGlite answers
 *                                     AuthenticationOk, ParameterStatus…, ReadyForQuery)
 *
 * One error for a wrong user and a wrong password, as PostgreSQL gives (28P01 names the user
 * the client sent, never whether it exists). Cleartext is enough here: the front listens on
 * loopback only and the password is a generated 240-bit secret, not a person's. A client
 * that does not finish within AUTH_TIMEOUT_MS is dropped (PostgreSQL's authentication_timeout).
 */
const AUTH_TIMEOUT_MS = 10_000;
const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_V3 = 196608;
/** Startup packets above this are refused (PostgreSQL's MAX_STARTUP_PACKET_LENGTH). */
const MAX_STARTUP = 10_000;

export interface PasswordFrontOptions {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Where the unauthenticated-only backend listens (a Unix socket in a 0700 directory). */
  connectBackend: () => net.Socket;
}

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

function errorResponse(code: string, message: string): Buffer {
  const fields = [`SFATAL`, `VFATAL`, `C${code}`, `M${message}`].map((f) => Buffer.from(`${f}\0`, "utf8"));
  const body = Buffer.concat([...fields, Buffer.from([0])]);
  const head = Buffer.alloc(5);
  head.write("E", 0, "latin1");
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

const askPassword = () => {
  const b = Buffer.alloc(9);
  b.write("R", 0, "latin1");
  b.writeInt32BE(8, 1);
  b.writeInt32BE(3, 5); // AuthenticationCleartextPassword
  return b;
};

function startupParams(packet: Buffer): Map<string, string> {
  const parts = packet.subarray(8).toString("utf8").split("\0");
  const params = new Map<string, string>();
  for (let i = 0; i + 1 < parts.length && parts[i]; i += 2) params.set(parts[i]!, parts[i + 1]!);
  return params;
}

export interface PasswordFront {
  /** Stops listening and drops every connection (both sides of each splice). */
  close(): Promise<void>;
}

export function startPasswordFront(opts: PasswordFrontOptions): Promise<PasswordFront> {
  const expected = digest(`${opts.user}\0${opts.password}`);
  const open = new Set<net.Socket>();
  const track = (s: net.Socket) => {
    open.add(s);
    s.once("close", () => open.delete(s));
    return s;
  };
  const server = net.createServer((client) => {
    track(client);
    let buf = Buffer.alloc(0);
    let startup: Buffer | undefined;
    let user = "";
    let done = false;
    const timer = setTimeout(() => client.destroy(), AUTH_TIMEOUT_MS);
    const refuse = (code: string, message: string) => {
      done = true;
      clearTimeout(timer);
      client.end(errorResponse(code, message));
    };
    client.on("error", () => {});
    client.on("close", () => clearTimeout(timer));
    const onData = (chunk: Buffer) => {
      if (done) return;
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        if (!startup) {
          // Untyped packets first: int32 length (itself included), then int32 code.
          if (buf.length < 8) return;
          const len = buf.readInt32BE(0);
          if (len < 8 || len > MAX_STARTUP) return refuse("08P01", "invalid startup packet length");
          if (buf.length < len) return;
          const packet = buf.subarray(0, len);
          buf = buf.subarray(len);
          const code = packet.readInt32BE(4);
          if (code === SSL_REQUEST) {
            client.write("N");
            continue;
          }
          if (code === CANCEL_REQUEST) {
            done = true;
            clearTimeout(timer);
            return void client.end(); // PGlite runs one statement at a time; nothing to cancel
          }
          if (code !== PROTOCOL_V3) return refuse("0A000", "unsupported frontend protocol");
          startup = Buffer.from(packet);
          user = startupParams(packet).get("user") ?? "";
          client.write(askPassword());
          continue;
        }
        // Typed: 'p', int32 length, password, \0.
        if (buf.length < 5) return;
        if (buf[0] !== 0x70) return refuse("08P01", "expected a password message");
        const len = buf.readInt32BE(1);
        if (len < 5 || len > MAX_STARTUP) return refuse("08P01", "invalid password message length");
        if (buf.length < len + 1) return;
        const given = buf
          .subarray(5, len + 1)
          .toString("utf8")
          .replace(/\0$/, "");
        const rest = buf.subarray(len + 1);
        const ok = timingSafeEqual(digest(`${user}\0${given}`), expected);
        if (!ok) return refuse("28P01", `password authentication failed for user "${user.slice(0, 63)}"`);
        done = true;
        clearTimeout(timer);
        client.off("data", onData);
        client.pause();
        const backend = track(opts.connectBackend());
        backend.on("error", () => client.destroy());
        client.on("error", () => backend.destroy());
        backend.once("connect", () => {
          backend.write(startup!);
          if (rest.length) backend.write(rest);
          client.pipe(backend);
          backend.pipe(client);
          client.resume();
        });
        return;
      }
    };
    client.on("data", onData);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () =>
      resolve({
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            for (const s of open) s.destroy();
          }),
      }),
    );
  });
}
