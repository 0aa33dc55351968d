import { Realtime } from "@carebeat/core/realtime";
import { logFailure, type WebSocketEvent, type WebSocketResult } from "./event";

/**
 * `$disconnect`: forget the connection and its subscriptions. API Gateway delivers this on a
 * best-effort basis; what it misses, the first 410 during a broadcast (or the TTL) removes.
 */
export async function handler(event: WebSocketEvent): Promise<WebSocketResult> {
  try {
    await Realtime.disconnect(event.requestContext.connectionId);
    return { statusCode: 200 };
  } catch (err) {
    logFailure(event, err);
    return { statusCode: 500 };
  }
}
