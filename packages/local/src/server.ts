import { Hono } from "hono";
import { serve, type ServerType } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";

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
}): Promise<RunningServer> {
  const { app } = await import("@carebeat/functions/api");
  const site = new Hono();
  const dist = opts.webDist;
  if (dist && existsSync(path.join(dist, "index.html"))) {
    site.use("/*", serveStatic({ root: path.relative(process.cwd(), dist) || "." }));
    // Client-side routes (e.g. /patients/pat_…) get the SPA shell.
    // Read per request so a rebuilt site is served without restarting the runtime.
    site.get("*", (c) => c.html(readFileSync(path.join(dist, "index.html"), "utf8")));
  }
  const isApi = (p: string) => p === "/api" || p.startsWith("/api/") || p === "/health" || p === "/openapi.json" || p === "/docs" || p.startsWith("/docs/");
  const host = opts.host ?? "127.0.0.1";
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: (req) => (isApi(new URL(req.url).pathname) ? app.fetch(req) : site.fetch(req)), port: opts.port, hostname: host }, () => resolve(s));
  });
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    if (opts.upgrade && (pathname === "/ws" || pathname === "/ws/")) return opts.upgrade(req, socket, head);
    socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : opts.port;
  return {
    url: `http://${host === "0.0.0.0" ? "localhost" : host}:${port}`,
    port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
