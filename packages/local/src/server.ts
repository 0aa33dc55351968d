import { Hono } from "hono";
import { serve, type ServerType } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import { secureHeaders } from "hono/secure-headers";
import { csp, HSTS, REFERRER_POLICY } from "@carebeat/functions/api/headers-policy";
import { isApiPath } from "@carebeat/functions/api/paths";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import type { Duplex } from "node:stream";
import { withSqlScope, sqlStatsEnabled } from "@carebeat/core/drizzle/stats";

/**
 * Request line + headers larger than this are refused by Node's parser before the app sees
 * them (Node's default, stated here so the limit is visible; API Gateway's is 10 KB).
 */
export const MAX_HEADER_BYTES = 16 * 1024;

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
  const server: ServerType = await new Promise((resolve) => {
    const s = serve(
      {
        fetch: (req, env) => {
          const pathname = new URL(req.url).pathname;
          if (opts.s3 && (pathname === "/_s3" || pathname.startsWith("/_s3/"))) {
            // Handed the raw Node request: S3 requests are verified over their exact bytes (s3.ts).
            const { incoming, outgoing } = env as { incoming: IncomingMessage; outgoing: ServerResponse };
            opts.s3(incoming, outgoing);
            return RESPONSE_ALREADY_SENT;
          }
          if (!isApiPath(pathname)) return site.fetch(req, env);
          // Benchmarks: count the SQL statements each request sends (docs/local-runtime.md).
          if (sqlStatsEnabled()) return withSqlScope(`${req.method} ${pathname.replace(/\/[a-z]{3}_[0-9a-z]{26}/g, "/:id")}`, async () => app.fetch(req, env));
          return app.fetch(req, env);
        },
        port: opts.port,
        hostname: host,
        serverOptions: { maxHeaderSize: MAX_HEADER_BYTES },
      },
      () => resolve(s),
    );
  });
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    if (opts.upgrade && (pathname === "/ws" || pathname === "/ws/")) return opts.upgrade(req, socket, head);
    socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
  });
  server.on("clientError", answerClientError);
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : opts.port;
  return {
    url: `http://${host === "0.0.0.0" ? "localhost" : host}:${port}`,
    port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
