import { createServer, STATUS_CODES, type IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, WebSocket } from "ws";
import type { WebSocketEvent, WebSocketResult } from "@carebeat/functions/realtime/event";
import { connectEvent, messageEvent, disconnectEvent, gatewayId, type ConnectionInfo, type GatewayContext } from "./events";
import { serveManagement, MAX_POST_BYTES, type ManagedConnection } from "./management";
import { freePort } from "../ports";
import { localCredentials } from "../credentials";
import type { LocalCredentials } from "../sigv4";

type Handler = (event: WebSocketEvent) => Promise<WebSocketResult | void>;
interface RouteHandlers {
  $connect: Handler;
  $disconnect: Handler;
  $default: Handler;
}

export interface WebSocketGatewayOptions {
  log?: (line: string) => void;
  stage?: string;
  /** Defaults to packages/functions/src/realtime/{connect,disconnect,default}.ts, loaded on first use. */
  handlers?: RouteHandlers;
  /** API Gateway closes a connection idle for 10 minutes … */
  idleTimeoutMs?: number;
  /** … and any connection after 2 hours. */
  maxConnectionMs?: number;
  /** The key pair `@connections` requests must be signed with (the runtime's, credentials.ts). */
  credentials?: LocalCredentials;
}

export interface WebSocketGateway {
  /** `ws://127.0.0.1:<port>/<stage>`: what `Resource.Realtime.url` is offline. */
  url: string;
  /** `http://127.0.0.1:<port>/<stage>`: the `@connections` API (`Resource.Realtime.managementEndpoint`). */
  managementEndpoint: string;
  /** Serve an HTTP upgrade received by another server (the API's `/ws`). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Open connections, oldest first. */
  connections(): ConnectionInfo[];
  /**
   * Test aid: drop a connection without running `$disconnect`, which API Gateway delivers
   * only on a best-effort basis. The stored connection is then found gone (410) on its first push.
   */
  loseConnection(connectionId: string): boolean;
  stop(): Promise<void>;
}

interface Live extends ManagedConnection {
  info: ConnectionInfo;
  /** Events of one connection run in order: a subscribe is handled before the next message. */
  queue: Promise<unknown>;
  lost: boolean;
  idle?: ReturnType<typeof backgroundTimer>;
  max?: ReturnType<typeof backgroundTimer>;
}

/**
 * The offline API Gateway WebSocket API: real WebSockets on loopback, the same three route
 * handlers invoked with API Gateway's event shape, and the `@connections` management API on
 * the same port, so `PostToConnection` runs unchanged against it. A non-2xx from `$connect`
 * refuses the upgrade with that status, as API Gateway does.
 */
export async function startWebSocketGateway(opts: WebSocketGatewayOptions = {}): Promise<WebSocketGateway> {
  const log = opts.log ?? (() => {});
  const stage = opts.stage ?? "local";
  const idleTimeoutMs = opts.idleTimeoutMs ?? 10 * 60_000;
  const maxConnectionMs = opts.maxConnectionMs ?? 2 * 3600_000;
  const port = await freePort();
  // Without the runtime's pair (a test gateway on its own) a fresh one: nothing unsigned gets in.
  const credentials = opts.credentials ?? localCredentials();
  const gw: GatewayContext = { apiId: "local", stage, domainName: `127.0.0.1:${port}` };
  const live = new Map<string, Live>();
  const pending = new Set<Promise<unknown>>();
  // Frames up to API Gateway's 128 KB message limit.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_POST_BYTES });

  let handlers: Promise<RouteHandlers> | undefined;
  const loadHandlers = () =>
    (handlers ??= opts.handlers
      ? Promise.resolve(opts.handlers)
      : // $connect and $default are one function, as in AWS (stacks/realtime.ts).
        Promise.all([import("@carebeat/functions/realtime/disconnect"), import("@carebeat/functions/realtime/default")]).then(([d, m]) => ({
          $connect: m.handler,
          $disconnect: d.handler,
          $default: m.handler,
        })));

  /** Invoke a route like API Gateway: a throwing handler is a 500, logged here. */
  const invoke = (route: keyof RouteHandlers, event: WebSocketEvent): Promise<number> => {
    const run = loadHandlers()
      .then((h) => h[route](event))
      .then(
        (r) => (r && typeof r.statusCode === "number" ? r.statusCode : 200),
        (err) => {
          log(`realtime: ${route} failed for ${event.requestContext.connectionId}: ${(err as Error)?.name ?? err}`);
          return 500;
        },
      );
    pending.add(run);
    void run.finally(() => pending.delete(run));
    return run;
  };

  const enqueue = (c: Live, route: keyof RouteHandlers, event: WebSocketEvent) => {
    c.queue = c.queue.then(() => invoke(route, event));
    return c.queue;
  };

  const closeIdle = (c: Live) => {
    if (c.idle) clearTimeout(c.idle);
    c.idle = backgroundTimer(() => c.ws.close(1001, "Going away"), idleTimeoutMs);
  };

  function accept(info: ConnectionInfo, ws: WebSocket) {
    const c: Live = {
      info,
      ws,
      connectedAt: info.connectedAt,
      lastActiveAt: Date.now(),
      sourceIp: info.sourceIp,
      userAgent: info.userAgent,
      queue: Promise.resolve(),
      lost: false,
    };
    live.set(info.connectionId, c);
    closeIdle(c);
    c.max = backgroundTimer(() => ws.close(1001, "Going away"), maxConnectionMs);
    ws.on("message", (data: Buffer, isBinary: boolean) => {
      c.lastActiveAt = Date.now();
      closeIdle(c);
      void enqueue(c, "$default", messageEvent(gw, info, Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer), isBinary));
    });
    ws.on("error", () => {}); // a reset client ends in "close" too
    ws.on("close", (code: number, reason: Buffer) => {
      clearTimeout(c.idle);
      clearTimeout(c.max);
      if (live.get(info.connectionId) === c) live.delete(info.connectionId);
      if (!c.lost) void enqueue(c, "$disconnect", disconnectEvent(gw, info, code, reason.toString() || "Client closed"));
    });
  }

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
    socket.on("error", () => {});
    if (req.headers.upgrade?.toLowerCase() !== "websocket") return refuse(socket, 400);
    const info: ConnectionInfo = {
      connectionId: gatewayId(),
      connectedAt: Date.now(),
      sourceIp: req.socket.remoteAddress ?? "127.0.0.1",
      userAgent: req.headers["user-agent"],
    };
    void invoke("$connect", connectEvent(gw, info, req)).then((status) => {
      if (status < 200 || status > 299) {
        log(`realtime: connection refused (${status})`);
        return refuse(socket, status);
      }
      if (socket.destroyed) {
        // The client gave up while $connect ran: tell the handlers it is gone.
        void invoke("$disconnect", disconnectEvent(gw, info, 1006, "Client left during $connect"));
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => accept(info, ws));
    });
  }

  const server = createServer((req, res) => {
    void serveManagement(req, res, (id) => live.get(id), credentials).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.on("upgrade", handleUpgrade);
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", () => resolve()));

  return {
    url: `ws://127.0.0.1:${port}/${stage}`,
    managementEndpoint: `http://127.0.0.1:${port}/${stage}`,
    handleUpgrade,
    connections: () => [...live.values()].map((c) => c.info),
    loseConnection(connectionId) {
      const c = live.get(connectionId);
      if (!c) return false;
      c.lost = true;
      live.delete(connectionId);
      c.ws.terminate();
      return true;
    },
    async stop() {
      // Close every client the way a stage shutdown would; their $disconnects run before the
      // stores behind them stop.
      const closing = [...live.values()].map(
        (c) =>
          new Promise<void>((resolve) => {
            c.ws.once("close", () => resolve());
            c.ws.close(1001, "Going away");
            setTimeout(() => (c.ws.terminate(), resolve()), 1000).unref();
          }),
      );
      await Promise.all(closing);
      await Promise.allSettled([...pending]);
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A timer that never keeps the process alive. */
function backgroundTimer(fn: () => void, ms: number) {
  const t = setTimeout(fn, ms);
  t.unref();
  return t;
}

function refuse(socket: Duplex, status: number) {
  if (socket.destroyed) return;
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Error"}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
