import { log, errorFields } from "@carebeat/core/observability";

/**
 * The API Gateway WebSocket proxy event, as much of it as Carebeat reads (the offline gateway,
 * packages/local/src/realtime/, builds the same shape). Defined here because @types/aws-lambda
 * is not a dependency.
 */
export interface WebSocketEvent {
  requestContext: {
    routeKey: string;
    eventType: "CONNECT" | "MESSAGE" | "DISCONNECT";
    connectionId: string;
    domainName: string;
    stage: string;
    apiId: string;
    requestId: string;
    extendedRequestId?: string;
    messageId?: string;
    messageDirection: "IN";
    connectedAt: number;
    requestTime: string;
    requestTimeEpoch: number;
    identity: { sourceIp: string; userAgent?: string };
    disconnectStatusCode?: number;
    disconnectReason?: string;
  };
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  queryStringParameters?: Record<string, string>;
  multiValueQueryStringParameters?: Record<string, string[]>;
  body?: string;
  isBase64Encoded: boolean;
}

/** What API Gateway reads back: for `$connect`, a non-2xx status refuses the connection. */
export interface WebSocketResult {
  statusCode: number;
  body?: string;
}

/** Logs an unexpected failure with the ids needed to find it, never a message body or token. */
export function logFailure(event: WebSocketEvent, err: unknown) {
  log.error("realtime.route_failed", {
    routeKey: event.requestContext.routeKey,
    connectionId: event.requestContext.connectionId,
    requestId: event.requestContext.requestId,
    ...errorFields(err),
  });
}
