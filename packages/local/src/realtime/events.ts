import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { WebSocketEvent } from "@carebeat/functions/realtime/event";

/**
 * API Gateway's WebSocket proxy events, built the way the service builds them, so the
 * handlers cannot tell this gateway from AWS.
 */

/** API Gateway ids look like `WyHPAfymhcwCENw=`: 11 random bytes in base64 (the `=` included). */
export function gatewayId(): string {
  let id = randomBytes(11).toString("base64");
  // Keep to letters, digits and `=` as AWS does; the `=` still exercises URL encoding.
  id = id.replace(/[+/]/g, (c) => (c === "+" ? "A" : "B"));
  return id;
}

export interface ConnectionInfo {
  connectionId: string;
  connectedAt: number;
  sourceIp: string;
  userAgent?: string;
}

export interface GatewayContext {
  apiId: string;
  stage: string;
  domainName: string;
}

/** `19/Mar/2019:09:39:18 +0000`, API Gateway's requestTime format. */
function requestTime(ms: number): string {
  const d = new Date(ms);
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

function base(gw: GatewayContext, c: ConnectionInfo, routeKey: string, eventType: WebSocketEvent["requestContext"]["eventType"]): WebSocketEvent {
  const now = Date.now();
  const requestId = gatewayId();
  return {
    requestContext: {
      routeKey,
      eventType,
      connectionId: c.connectionId,
      domainName: gw.domainName,
      stage: gw.stage,
      apiId: gw.apiId,
      requestId,
      extendedRequestId: requestId,
      messageDirection: "IN",
      connectedAt: c.connectedAt,
      requestTime: requestTime(now),
      requestTimeEpoch: now,
      identity: { sourceIp: c.sourceIp, userAgent: c.userAgent },
    },
    isBase64Encoded: false,
  };
}

/** `$connect` carries the handshake's headers and query string; no body. */
export function connectEvent(gw: GatewayContext, c: ConnectionInfo, req: IncomingMessage): WebSocketEvent {
  const event = base(gw, c, "$connect", "CONNECT");
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const [name, value] = [req.rawHeaders[i]!, req.rawHeaders[i + 1]!];
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
  }
  event.headers = headers;
  event.multiValueHeaders = multiValueHeaders;
  const url = new URL(req.url ?? "/", "http://gateway");
  if ([...url.searchParams.keys()].length) {
    event.queryStringParameters = {};
    event.multiValueQueryStringParameters = {};
    for (const [k, v] of url.searchParams) {
      event.queryStringParameters[k] = v; // the last value wins, as in API Gateway
      (event.multiValueQueryStringParameters[k] ??= []).push(v);
    }
  }
  return event;
}

/** A client frame routed to `$default` (the only message route Carebeat defines). */
export function messageEvent(gw: GatewayContext, c: ConnectionInfo, data: Buffer, isBinary: boolean): WebSocketEvent {
  const event = base(gw, c, "$default", "MESSAGE");
  event.requestContext.messageId = gatewayId();
  event.body = isBinary ? data.toString("base64") : data.toString("utf8");
  event.isBase64Encoded = isBinary;
  return event;
}

export function disconnectEvent(gw: GatewayContext, c: ConnectionInfo, code: number, reason: string): WebSocketEvent {
  const event = base(gw, c, "$disconnect", "DISCONNECT");
  event.requestContext.disconnectStatusCode = code;
  event.requestContext.disconnectReason = reason;
  return event;
}
