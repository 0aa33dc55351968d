import { logFailure, type WebSocketEvent, type WebSocketResult } from "./event";
import { handler as connect } from "./connect";
import { realtime } from "./realtime";

/**
 * `$default`: every client message (`{"action":"subscribe","channel":"analytics"}`, …).
 * SST's WebSocket API has no route responses, so the replies go back through the management
 * API (PostToConnection to the sender), in order: `subscribed`, then the current snapshot.
 *
 * In AWS the same function serves `$connect` (stacks/realtime.ts: both need PostgreSQL), so
 * it dispatches on the route key (the offline gateway calls it for both too).
 */
export async function handler(event: WebSocketEvent): Promise<WebSocketResult> {
  if (event.requestContext.routeKey === "$connect") return connect(event);
  const connectionId = event.requestContext.connectionId;
  const Realtime = await realtime();
  try {
    const body = event.isBase64Encoded && event.body ? Buffer.from(event.body, "base64").toString("utf8") : event.body;
    for (const reply of await Realtime.receive(connectionId, body)) {
      if ((await Realtime.send(connectionId, reply)) === "gone") break;
    }
    return { statusCode: 200 };
  } catch (err) {
    logFailure(event, err);
    await Realtime.send(connectionId, { type: "error", code: "internal", message: "Something went wrong; try again." }).catch(() => undefined);
    return { statusCode: 500 };
  }
}
