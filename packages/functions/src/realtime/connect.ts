import { VisibleError } from "@carebeat/core/util/error";
import { logFailure, type WebSocketEvent, type WebSocketResult } from "./event";
import { realtime } from "./realtime";

/**
 * `$connect`: the access token comes as `?token=` (a browser's WebSocket cannot set headers).
 * 401 for a missing or bad token, 403 for a role that may not subscribe (patients); API
 * Gateway then refuses the upgrade with that status.
 */
export async function handler(event: WebSocketEvent): Promise<WebSocketResult> {
  try {
    await (await realtime()).connect({
      connectionId: event.requestContext.connectionId,
      token: event.queryStringParameters?.token,
      connectedAt: event.requestContext.connectedAt,
    });
    return { statusCode: 200 };
  } catch (err) {
    if (err instanceof VisibleError) return { statusCode: err.status, body: JSON.stringify({ code: err.code, message: err.message }) };
    logFailure(event, err);
    return { statusCode: 500 };
  }
}
