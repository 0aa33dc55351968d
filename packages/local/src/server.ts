import { Hono } from "hono";
import { serve, type ServerType } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import { secureHeaders } from "hono/secure-headers";
import { csp, HSTS, REFERRER_POLICY } from "@carebeat/functions/api/headers-policy";
import { isApiPath } from "@carebeat/functions/api/paths";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import type { Duplex } from "node:stream";
import { withSqlScope, sqlStatsEnabled } from "@carebeat/core/drizzle/stats";

/**
 * Request line + headers larger than this are refused by Node's parser before the app sees
 * them (Node's default, stated here so the limit is visible; API Gateway's is 10 KB).
 */
const MAX_HEADER_BYTES = 16 * 1024;

/**
 * Node answers a request it cannot parse (headers too large, malformed) itself, with an empty
 * body. Answer it as the API answers everything else: problem+json, then close the connection.
 */
function answerClientError(err: Error & { code?: string }, socket: Duplex) {
  // A response to this request is already under way (e.g. a 413 while the client keeps
  // streaming): let it go out; Node closes the connection after it.
  if ((socket as Duplex & { _httpMessage?: unknown })._httpMessage) return;
  if (!socket.writable) return socket.destroy();
  const tooLarge = err.code === "HPE_HEADER_OVERFLOW";
  const status = tooLarge ? 431 : 400;
  const body = JSON.stringify({
    type: `https://carebeat.dev/problems/${tooLarge ? "headers-too-large" : "malformed-request"}`,
    title: tooLarge ? "Request Header Fields Too Large" : "Bad Request",
    status,
    detail: tooLarge ? `The request line and headers exceed ${MAX_HEADER_BYTES} bytes.` : "The request could not be parsed.",
    code: tooLarge ? "headers_too_large" : "malformed_request",
    errors: [{ field: "(headers)", message: tooLarge ? `At most ${MAX_HEADER_BYTES} bytes` : "Unreadable request" }],
  });
  socket.end(
    `HTTP/1.1 ${status} ${tooLarge ? "Request Header Fields Too Large" : "Bad Request"}\r\n` +
      `Content-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
  );
}

export interface RunningServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * The API Lambda's Hono app on Node, with the built site on the same origin: `/api/*`,
 * `/health`, `/openapi.json` and `/docs` go to the app, everything else is the SPA.
 * The app module is imported only now, after the stack has published its resources.
 */
export async function startServer(opts: {
  port: number;
  webDist?: string;
  host?: string;
  /** WebSocket upgrades on `/ws` (the local API Gateway WebSocket API), same origin as the site. */
  upgrade?: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
  /** The offline S3 under `/_s3/` on this origin (s3.ts `serveSameOrigin`), so presigned links open from any machine. */
  s3?: (req: IncomingMessage, res: ServerResponse) => void;
  /** Serve HTTPS with this certificate (tls.ts); the WebSocket and `/_s3/` share it. */
  tls?: { cert: string; key: string };
  /** Behind a reverse proxy: honour X-Forwarded-Proto/Host (tls.ts). Without it they are removed. */
  trustProxy?: boolean;
  /** How long a stop waits for requests in flight before it closes their connections. */
  drainMs?: number;
}): Promise<RunningServer> {
  const { app } = await import("@carebeat/functions/api");
  const site = new Hono();
  // The same policy CloudFront adds in AWS (stacks/web.ts): CSP, no framing, no sniffing, no referrer.
  site.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: undefined,
      xFrameOptions: "DENY",
      referrerPolicy: REFERRER_POLICY,
      strictTransportSecurity: HSTS,
    }),
  );
  site.use("*", async (c, next) => {
    await next();
    c.res.headers.set("content-security-policy", csp.site);
  });
  const dist = opts.webDist;
  if (dist && existsSync(path.join(dist, "index.html"))) {
    site.use("/*", serveStatic({ root: path.relative(process.cwd(), dist) || "." }));
    // Client-side routes (e.g. /patients/pat_…) get the SPA shell.
    // Read per request so a rebuilt site is served without restarting the runtime.
    site.get("*", (c) => c.html(readFileSync(path.join(dist, "index.html"), "utf8")));
  }
  const host = opts.host ?? "127.0.0.1";
  const tls = opts.tls;
  const trustProxy = Boolean(opts.trustProxy);
  // Whether the browser's connection is HTTPS: ours, or the proxy's when it is trusted to say so.
  const secureRequest = (incoming: IncomingMessage) =>
    Boolean(tls) ||
    (trustProxy &&
      String(incoming.headers["x-forwarded-proto"] ?? "")
        .split(",")[0]!
        .trim() === "https");
  // HSTS only over HTTPS (RFC 6797 §7.2: a host must not send it over plain HTTP).
  const withoutHstsOverHttp = async (incoming: IncomingMessage, res: Response | Promise<Response>) => {
    const r = await res;
    if (secureRequest(incoming) || !r.headers.has("strict-transport-security")) return r;
    try {
      r.headers.delete("strict-transport-security");
      return r;
    } catch {
      // A response with immutable headers: copy it without the header.
      const headers = new Headers(r.headers);
      headers.delete("strict-transport-security");
      return new Response(r.body, { status: r.status, statusText: r.statusText, headers });
    }
  };
  // Forwarded headers mean something only from a proxy we were told to trust: otherwise any
  // client could claim another host (links, the CSRF origin check) or HTTPS.
  const sanitize = (req: IncomingMessage) => {
    const forwarded = (name: string) => name.length > 12 && name.toLowerCase().startsWith("x-forwarded-");
    if (!trustProxy) {
      if (!req.rawHeaders.some(forwarded)) return;
      const raw: string[] = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) if (!forwarded(req.rawHeaders[i]!)) raw.push(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
      req.rawHeaders.splice(0, req.rawHeaders.length, ...raw);
      for (const k of Object.keys(req.headers)) if (forwarded(k)) delete req.headers[k];
      return;
    }
    const fwdHost = String(req.headers["x-forwarded-host"] ?? "")
      .split(",")[0]!
      .trim();
    if (fwdHost) req.headers.host = fwdHost;
    // node-server builds the request URL from an absolute target as given: the viewer's scheme.
    if (secureRequest(req) && !tls && req.url?.startsWith("/") && !req.url.startsWith("/_s3")) req.url = `https://${req.headers.host ?? "localhost"}${req.url}`;
  };
  const createServer = ((options: object, listener: (req: IncomingMessage, res: ServerResponse) => void) => {
    const wrapped = (req: IncomingMessage, res: ServerResponse) => (sanitize(req), listener(req, res));
    return tls ? createHttpsServer({ ...options, cert: tls.cert, key: tls.key }, wrapped) : createHttpServer(options, wrapped);
  }) as unknown as typeof createHttpServer;
  const server: ServerType = await new Promise((resolve) => {
    const s = serve(
      {
        createServer,
        fetch: (req, env) => {
          const pathname = new URL(req.url).pathname;
          if (opts.s3 && (pathname === "/_s3" || pathname.startsWith("/_s3/"))) {
            // Handed the raw Node request: S3 requests are verified over their exact bytes (s3.ts).
            const { incoming, outgoing } = env as { incoming: IncomingMessage; outgoing: ServerResponse };
            opts.s3(incoming, outgoing);
            return RESPONSE_ALREADY_SENT;
          }
          const { incoming } = env as { incoming: IncomingMessage };
          if (!isApiPath(pathname)) return withoutHstsOverHttp(incoming, site.fetch(req, env));
          // Benchmarks: count the SQL statements each request sends (docs/local-runtime.md).
          if (sqlStatsEnabled())
            return withSqlScope(`${req.method} ${pathname.replace(/\/[a-z]{3}_[0-9a-z]{26}/g, "/:id")}`, async () => withoutHstsOverHttp(incoming, app.fetch(req, env)));
          return withoutHstsOverHttp(incoming, app.fetch(req, env));
        },
        port: opts.port,
        hostname: host,
        serverOptions: { maxHeaderSize: MAX_HEADER_BYTES },
      },
      () => resolve(s),
    );
  });
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    sanitize(req);
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    if (opts.upgrade && (pathname === "/ws" || pathname === "/ws/")) return opts.upgrade(req, socket, head);
    socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
  });
  server.on("clientError", answerClientError);
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : opts.port;
  const drainMs = opts.drainMs ?? 20_000;
  return {
    url: `${tls ? "https" : "http"}://${host === "0.0.0.0" || host === "::" ? "localhost" : host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    // A graceful stop: no new connections, idle keep-alive ones closed now, requests in flight
    // answered (up to drainMs), then whatever is left is cut.
    stop: () =>
      new Promise<void>((resolve) => {
        const cut = setTimeout(() => (server as unknown as { closeAllConnections(): void }).closeAllConnections(), drainMs);
        cut.unref();
        server.close(() => (clearTimeout(cut), resolve()));
        (server as unknown as { closeIdleConnections(): void }).closeIdleConnections();
      }),
  };
}
