import WebSocket from "ws";
import type { TestApp } from "@carebeat/local/testing";
import { measure, type Result } from "./harness";

/**
 * Broadcast cost through the real path offline: Query on the Connections index (dynalite),
 * PostToConnection through the AWS SDK to the local gateway, frames to real `ws` clients.
 * Each op is one `Realtime.broadcast` until every subscriber has the message.
 */
export async function realtimeBenchmarks(t: TestApp, sizes = [1, 25, 100]): Promise<Result[]> {
  const { Realtime } = await import("@carebeat/core/realtime");
  const staff = await t.user("staff");
  const rows: Result[] = [];
  const clients: { ws: WebSocket; waiting?: () => void }[] = [];
  try {
    for (const size of sizes) {
      while (clients.length < size) {
        const ws = new WebSocket(`${t.stack.realtime.url}?token=${staff.token}`);
        const c: { ws: WebSocket; waiting?: () => void } = { ws };
        await new Promise((resolve, reject) => (ws.once("open", resolve), ws.once("error", reject)));
        const subscribed = new Promise((resolve) => ws.once("message", resolve));
        ws.send(JSON.stringify({ action: "subscribe", channel: "analytics" }));
        await subscribed;
        ws.on("message", () => c.waiting?.());
        clients.push(c);
      }
      rows.push(
        await measure(`Realtime.broadcast → ${size} WebSocket client${size > 1 ? "s" : ""}`, size >= 100 ? 30 : 100, async () => {
          const all = Promise.all(clients.map((c) => new Promise<void>((resolve) => (c.waiting = resolve))));
          const r = await Realtime.broadcast("analytics", { metricType: "AppointmentAnalytics", timestamp: new Date().toISOString() });
          if (r.delivered !== size) throw new Error(`delivered ${r.delivered} of ${size}`);
          await all;
        }),
      );
    }
  } finally {
    for (const c of clients) c.ws.close();
  }
  return rows;
}
