import { lazy } from "@carebeat/core/util/lazy";
import { logFailure, type WebSocketEvent, type WebSocketResult } from "./event";

// `$disconnect` only deletes the connection's items (what `Realtime.disconnect` does): the
// connection table module alone (DynamoDB), not the realtime domain's token check, zod and
// drizzle, loaded on the first event (docs/capacity.md, issue 19.1).
const connections = lazy(() => import("@carebeat/core/realtime/connections"));

/**
 * `$disconnect`: forget the connection and its subscriptions. API Gateway delivers this on a
 * best-effort basis; what it misses, the first 410 during a broadcast (or the TTL) removes.
 */
export async function handler(event: WebSocketEvent): Promise<WebSocketResult> {
  try {
    await (await connections()).removeConnection(event.requestContext.connectionId);
    return { statusCode: 200 };
  } catch (err) {
    logFailure(event, err);
    return { statusCode: 500 };
  }
}
