import type { IncomingMessage, ServerResponse } from "node:http";
import { WebSocket } from "ws";
import { gatewayId } from "./events";
import { SigV4Error, type LocalCredentials } from "../sigv4";
import { JSON_REFUSALS, verifyIncoming } from "../signed-front";

/** API Gateway's PostToConnection limit: 128 KB per message. */
export const MAX_POST_BYTES = 128 * 1024;

export interface ManagedConnection {
  ws: WebSocket;
  connectedAt: number;
  lastActiveAt: number;
  sourceIp: string;
  userAgent?: string;
}

/**
 * The `@connections` management API, as `@aws-sdk/client-apigatewaymanagementapi` calls it
 * (REST-JSON): POST sends the body to the client as one text frame, GET describes the
 * connection, DELETE closes it. An unknown or closed connection is `410 GoneException`,
 * with the error type in `x-amzn-ErrorType` where the SDK looks for it. The path may carry
 * the stage (`/local/@connections/{id}`), as the SDK sends it when the endpoint does.
 */
export async function serveManagement(req: IncomingMessage, res: ServerResponse, lookup: (id: string) => ManagedConnection | undefined, credentials: LocalCredentials) {
  const requestId = gatewayId();
  res.setHeader("x-amzn-RequestId", requestId);
  const match = /^(?:\/[^/?]+)?\/@connections\/([^/?]+)\/?(?:\?.*)?$/.exec(req.url ?? "");
  const body = await readBody(req, MAX_POST_BYTES);
  // Like API Gateway (IAM auth on @connections): nothing is sent, described or closed for a
  // request that is not signed with the runtime's credentials (docs/local-runtime.md).
  if (body !== "too-large") {
    try {
      await verifyIncoming(req, body, { service: "execute-api", credentials });
    } catch (err) {
      if (!(err instanceof SigV4Error)) throw err;
      const [type, message] = JSON_REFUSALS[err.code];
      return error(res, 403, type, message);
    }
  }
  if (!match) return error(res, 404, "NotFoundException", "Not Found");
  let id: string;
  try {
    id = decodeURIComponent(match[1]!);
  } catch {
    return error(res, 400, "BadRequestException", "Invalid connection id");
  }
  const c = lookup(id);
  const live = c && c.ws.readyState === WebSocket.OPEN ? c : undefined;

  switch (req.method) {
    case "POST": {
      if (!live) return error(res, 410, "GoneException", null);
      if (body === "too-large") return error(res, 413, "PayloadTooLargeException", `Message size exceeds the ${MAX_POST_BYTES / 1024} KB limit`);
      const sent = await new Promise<boolean>((resolve) => live.ws.send(body, { binary: false }, (err) => resolve(!err)));
      if (!sent) return error(res, 410, "GoneException", null);
      res.writeHead(200, { "content-length": "0" }).end();
      return;
    }
    case "GET": {
      if (!live) return error(res, 410, "GoneException", null);
      const json = JSON.stringify({
        connectedAt: new Date(live.connectedAt).toISOString(),
        lastActiveAt: new Date(live.lastActiveAt).toISOString(),
        identity: { sourceIp: live.sourceIp, userAgent: live.userAgent ?? "" },
      });
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(json) }).end(json);
      return;
    }
    case "DELETE": {
      if (!live) return error(res, 410, "GoneException", null);
      live.ws.close(1000, "");
      res.writeHead(204).end();
      return;
    }
    default:
      return error(res, 405, "MethodNotAllowedException", "Method not allowed");
  }
}

function error(res: ServerResponse, status: number, type: string, message: string | null) {
  const json = JSON.stringify({ message });
  res.writeHead(status, { "content-type": "application/json", "x-amzn-ErrorType": type, "content-length": Buffer.byteLength(json) }).end(json);
}

/** The whole body, or "too-large" once it passes `limit` (the rest is drained, not kept). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | "too-large"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= limit) chunks.push(c);
    });
    req.on("end", () => resolve(size > limit ? "too-large" : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
