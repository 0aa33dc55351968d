/**
 * The WebSocket client's reconnect logic with a fake socket and a manual clock:
 * subscriptions re-sent after a reconnect, backoff growing with jitter and capped,
 * onReconnect hooks, message routing, offline/online and sign-out.
 *
 *   node --import tsx --test web/src/realtime-client.test.ts
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { IncomingMessage } from "node:http";
import { WebSocketServer, type RawData, type WebSocket as ServerSocket } from "ws";
import { RealtimeClient, backoffDelay, channelOf, type ConnectionState, type SocketLike } from "./realtime-client";

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: unknown[] = [];
  closed = false;
  onopen: SocketLike["onopen"] = null;
  onclose: SocketLike["onclose"] = null;
  onerror: SocketLike["onerror"] = null;
  onmessage: SocketLike["onmessage"] = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.closed = true;
    this.readyState = 3;
  }
  // server side
  accept() {
    this.readyState = 1;
    this.onopen?.({});
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
  push(msg: unknown) {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
}

function harness(opts: { token?: string | null } = {}) {
  const sockets: FakeSocket[] = [];
  const states: ConnectionState[] = [];
  const timers: { fn: () => void; ms: number; id: number }[] = [];
  const intervals: { fn: () => void; ms: number; id: number }[] = [];
  let nextId = 1;
  const client = new RealtimeClient({
    resolveUrl: async () => "ws://clinic.test/ws",
    token: async () => (opts.token === undefined ? "tok.en" : opts.token),
    open: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    onState: (s) => states.push(s),
    setTimeout: (fn, ms) => {
      const t = { fn, ms, id: nextId++ };
      timers.push(t);
      return t.id;
    },
    clearTimeout: (id) => {
      const i = timers.findIndex((t) => t.id === id);
      if (i >= 0) timers.splice(i, 1);
    },
    random: () => 1,
    baseMs: 100,
    maxMs: 1000,
    pingMs: 240_000,
    setInterval: (fn, ms) => {
      const t = { fn, ms, id: nextId++ };
      intervals.push(t);
      return t.id;
    },
    clearInterval: (id) => {
      const i = intervals.findIndex((t) => t.id === id);
      if (i >= 0) intervals.splice(i, 1);
    },
  });
  const tick = () => new Promise((r) => setImmediate(r));
  /** Fire the pending retry timer. */
  const fire = async () => {
    const t = timers.shift();
    assert.ok(t, "a retry is scheduled");
    t.fn();
    await tick();
    return t.ms;
  };
  return { client, sockets, states, timers, intervals, tick, fire, last: () => sockets[sockets.length - 1]! };
}

test("connects on the first subscription with the token in the URL and subscribes", async () => {
  const h = harness();
  const got: unknown[] = [];
  h.client.subscribe("analytics", (m) => got.push(m));
  await h.tick();
  assert.equal(h.sockets.length, 1);
  assert.equal(h.last().url, "ws://clinic.test/ws?token=tok.en");
  assert.equal(h.client.state, "reconnecting");
  h.last().accept();
  assert.equal(h.client.state, "connected");
  assert.deepEqual(h.last().sent, [{ action: "subscribe", channel: "analytics" }]);

  h.last().push({ type: "subscribed", channel: "analytics" });
  assert.ok(h.client.isConfirmed("analytics"));
  h.last().push({ metricType: "AppointmentAnalytics", totals: { booked: 3 } });
  h.last().push({ type: "invoice.paid", invoiceId: "inv_1" }); // other channel: not delivered here
  h.last().onmessage?.({ data: "not json" }); // ignored
  assert.deepEqual(got, [{ metricType: "AppointmentAnalytics", totals: { booked: 3 } }]);
});

test("a second channel on an open socket subscribes at once, on the same socket", async () => {
  const h = harness();
  h.client.subscribe("analytics", () => {});
  await h.tick();
  h.last().accept();
  const invoices: unknown[] = [];
  h.client.subscribe("invoices", (m) => invoices.push(m));
  assert.equal(h.sockets.length, 1);
  assert.deepEqual(h.last().sent.at(-1), { action: "subscribe", channel: "invoices" });
  h.last().push({ channel: "invoices", type: "invoice.issued", invoiceId: "inv_2", status: "issued" });
  assert.equal(invoices.length, 1);
});

test("reconnects with growing, capped backoff, re-sends subscriptions and calls onReconnect", async () => {
  const h = harness();
  let caughtUp = 0;
  h.client.onReconnect(() => caughtUp++);
  h.client.subscribe("analytics", () => {});
  h.client.subscribe("invoices", () => {});
  await h.tick();
  h.last().accept();
  assert.equal(caughtUp, 0, "the first connect is not a reconnect");

  h.last().drop();
  assert.equal(h.client.state, "reconnecting");
  const delays: number[] = [];
  for (let i = 0; i < 6; i++) {
    delays.push(await h.fire());
    h.last().drop(); // the server is still down
  }
  // random() = 1 → the full step: 100, 200, 400, 800, then capped at 1000.
  assert.deepEqual(delays, [100, 200, 400, 800, 1000, 1000]);

  await h.fire();
  h.last().accept();
  assert.equal(h.client.state, "connected");
  assert.equal(caughtUp, 1);
  assert.deepEqual(h.last().sent, [
    { action: "subscribe", channel: "analytics" },
    { action: "subscribe", channel: "invoices" },
  ]);
  // A successful connection resets the backoff.
  h.last().drop();
  assert.equal(await h.fire(), 100);
});

test("keep-alive: pings every 4 minutes while connected (API Gateway's idle limit is 10), not after a close", async () => {
  const h = harness();
  h.client.subscribe("analytics", () => {});
  await h.tick();
  assert.equal(h.intervals.length, 0, "no ping before the socket is open");
  h.last().accept();
  assert.equal(h.intervals.length, 1);
  assert.equal(h.intervals[0]!.ms, 240_000);
  h.intervals[0]!.fn();
  assert.deepEqual(h.last().sent.at(-1), { action: "ping" });
  h.last().drop();
  assert.equal(h.intervals.length, 0, "the dropped socket's keep-alive stops");
  await h.fire();
  h.last().accept();
  assert.equal(h.intervals.length, 1, "one keep-alive per connection");
  h.client.stop();
  assert.equal(h.intervals.length, 0);
});

test("a new access token is sent as refresh on the open socket, once; the same token is not resent", async () => {
  const h = harness();
  h.client.subscribe("invoices", () => {});
  h.client.refreshToken("too.early"); // nothing open yet: the next connect fetches a token itself
  await h.tick();
  h.last().accept();
  h.client.refreshToken("tok.en"); // the token the socket was opened with
  h.client.refreshToken(null);
  assert.deepEqual(h.last().sent, [{ action: "subscribe", channel: "invoices" }]);
  h.client.refreshToken("new.token");
  h.client.refreshToken("new.token");
  assert.deepEqual(h.last().sent.slice(1), [{ action: "refresh", token: "new.token" }]);
  h.last().push({ type: "refreshed", tokenExpiresAt: 1 }); // not routed to any page
});

test("backoff jitter stays between half and the full step", () => {
  for (const r of [0, 0.25, 0.5, 0.99]) {
    const d = backoffDelay(3, 100, 30_000, () => r);
    assert.ok(d >= 400 && d <= 800, String(d));
  }
  assert.equal(
    backoffDelay(50, 100, 30_000, () => 1),
    30_000,
  );
});

test("offline stops retrying; online reconnects at once", async () => {
  const h = harness();
  h.client.subscribe("analytics", () => {});
  await h.tick();
  h.last().accept();
  h.client.setNetwork(false);
  assert.equal(h.client.state, "offline");
  assert.ok(h.last().closed);
  assert.equal(h.timers.length, 0, "no retry while offline");
  h.client.setNetwork(true);
  await h.tick();
  assert.equal(h.sockets.length, 2);
  h.last().accept();
  assert.equal(h.client.state, "connected");
});

test("the last unsubscribe closes the socket; sign-out stops, sign-in resumes", async () => {
  const h = harness();
  const off = h.client.subscribe("analytics", () => {});
  await h.tick();
  h.last().accept();
  off();
  assert.ok(h.last().closed);
  assert.equal(h.client.state, "offline");

  h.client.subscribe("invoices", () => {});
  await h.tick();
  h.last().accept();
  h.client.stop();
  assert.equal(h.client.state, "offline");
  h.last().drop();
  assert.equal(h.timers.length, 0, "a stopped client does not retry");
  h.client.resume();
  await h.tick();
  assert.equal(h.sockets.length, 3);
});

test("without a token it stays offline and does not open a socket", async () => {
  const h = harness({ token: null });
  h.client.subscribe("analytics", () => {});
  await h.tick();
  assert.equal(h.sockets.length, 0);
  assert.equal(h.client.state, "offline");
});

test("a batch of invoice changes (invoice.statuses) reaches invoice handlers as one message per change", async () => {
  const h = harness();
  const invoices: unknown[] = [];
  const analytics: unknown[] = [];
  h.client.subscribe("invoices", (m) => invoices.push(m));
  h.client.subscribe("analytics", (m) => analytics.push(m));
  await h.tick();
  h.last().accept();
  const a = { type: "invoice.status", invoiceId: "inv_1", status: "issued" };
  const b = { type: "invoice.status", invoiceId: "inv_2", status: "paid" };
  h.last().push({ type: "invoice.statuses", changes: [a, b, "junk"] });
  assert.deepEqual(invoices, [a, b]);
  assert.deepEqual(analytics, []);
});

test("messages are routed by channel, else by shape", () => {
  assert.equal(channelOf({ channel: "invoices" }), "invoices");
  assert.equal(channelOf({ metricType: "AppointmentAnalytics" }), "analytics");
  assert.equal(channelOf({ type: "invoice.paid" }), "invoices");
  assert.equal(channelOf({ invoiceId: "inv_1", status: "paid" }), "invoices");
  assert.equal(channelOf({ type: "hello" }), null);
});

test("against a real WebSocket server: subscribe, receive, survive a server restart", async () => {
  const start = (port = 0) =>
    new Promise<WebSocketServer>((resolve) => {
      const wss: WebSocketServer = new WebSocketServer({ port, host: "127.0.0.1" }, () => resolve(wss));
      wss.on("connection", (socket: ServerSocket, req: IncomingMessage) => {
        const token = new URL(req.url ?? "/", "http://x").searchParams.get("token");
        if (token !== "real-token") return socket.close(4401, "unauthorized");
        socket.on("message", (raw: RawData) => {
          const msg = JSON.parse(String(raw)) as { action: string; channel: string };
          if (msg.action === "subscribe") {
            socket.send(JSON.stringify({ type: "subscribed", channel: msg.channel }));
            socket.send(JSON.stringify({ metricType: "AppointmentAnalytics", booked: wss.clients.size }));
          }
        });
      });
    });
  let wss = await start();
  const port = (wss.address() as { port: number }).port;
  const states: ConnectionState[] = [];
  const snapshots: unknown[] = [];
  let reconnects = 0;
  const client = new RealtimeClient({
    resolveUrl: async () => `ws://127.0.0.1:${port}/ws`,
    token: async () => "real-token",
    open: (url) => new WebSocket(url) as unknown as SocketLike,
    onState: (s) => states.push(s),
    baseMs: 50,
    maxMs: 200,
  });
  const until = async (check: () => boolean, what: string) => {
    const end = Date.now() + 5000;
    while (!check()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  client.onReconnect(() => reconnects++);
  const off = client.subscribe("analytics", (m) => snapshots.push(m));
  try {
    await until(() => snapshots.length === 1, "the first snapshot");
    assert.equal(client.state, "connected");
    assert.ok(client.isConfirmed("analytics"));

    // The server goes away: the client keeps trying, then resubscribes on the new server.
    for (const c of wss.clients) c.terminate();
    await new Promise<void>((r) => wss.close(() => r()));
    await until(() => client.state === "reconnecting", "reconnecting");
    await new Promise((r) => setTimeout(r, 300)); // a few failed attempts against a closed port
    wss = await start(port);
    await until(() => snapshots.length === 2, "a snapshot after the restart");
    assert.equal(client.state, "connected");
    assert.equal(reconnects, 1);
    assert.deepEqual(states.slice(0, 2), ["reconnecting", "connected"]);
  } finally {
    off();
    await new Promise<void>((r) => wss.close(() => r()));
  }
  assert.equal(client.state, "offline");
});
