/**
 * The WebSocket client behind realtime.ts, free of Solid and of the browser globals so it
 * can be unit-tested with a fake socket and fake timers (realtime-client.test.ts).
 *
 * One socket per tab, opened while at least one channel is subscribed. It reconnects after
 * an unexpected close with exponential backoff and jitter, sends its subscriptions again on
 * every (re)connect, and tells `onReconnect` listeners, so a page can catch up over HTTP on
 * what it missed while the socket was down.
 *
 * Keeping a connection alive: API Gateway closes a socket after 10 idle minutes, so the
 * client sends `{"action":"ping"}` every `pingMs` (4 minutes); the server closes a socket
 * whose access token expired (plus a minute) at its next push, so `refreshToken(token)`
 * sends `{"action":"refresh","token"}` each time the session gets a new access token.
 */

export type Channel = "analytics" | "invoices";
export type ConnectionState = "connected" | "reconnecting" | "offline";
/** A server message: `{type:"subscribed",channel}`, analytics snapshots, invoice status messages. */
export type RealtimeMessage = Record<string, unknown>;

/** The part of the browser's WebSocket this client uses. */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: { code: number; reason?: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface RealtimeDeps {
  /** Where to connect, without the token (e.g. `ws://localhost:3000/ws`). */
  resolveUrl: () => Promise<string>;
  /** A current access token, or null when signed out (then the client stays offline). */
  token: () => Promise<string | null>;
  open: (url: string) => SocketLike;
  onState?: (state: ConnectionState) => void;
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
  random?: () => number;
  /** Backoff: first retry after about `baseMs`, doubling up to `maxMs`. */
  baseMs?: number;
  maxMs?: number;
  /** Keep-alive period (API Gateway's idle limit is 10 minutes). */
  pingMs?: number;
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
}

const OPEN = 1;

/** Delay before retry number `attempt` (0-based): exponential, capped, "equal jitter" (½–1× the step). */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number) {
  const step = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(step / 2 + (random() * step) / 2);
}

/** Which channel a message belongs to: its `channel` field, else its shape. */
export function channelOf(msg: RealtimeMessage): Channel | null {
  if (msg.channel === "analytics" || msg.channel === "invoices") return msg.channel;
  if (msg.metricType === "AppointmentAnalytics") return "analytics";
  if (typeof msg.invoiceId === "string" || (typeof msg.type === "string" && msg.type.startsWith("invoice"))) return "invoices";
  return null;
}

export class RealtimeClient {
  private socket: SocketLike | null = null;
  private readonly handlers = new Map<Channel, Set<(msg: RealtimeMessage) => void>>();
  private readonly reconnectHooks = new Set<() => void>();
  private readonly confirmed = new Set<Channel>();
  private timer: unknown = null;
  private attempt = 0;
  private connectedBefore = false;
  private stopped = false;
  private networkDown = false;
  private generation = 0;
  private current: ConnectionState = "offline";
  private pinger: unknown = null;
  /** The newest access token seen, sent as `refresh` when it differs from the socket's. */
  private sentToken: string | null = null;
  private readonly d: Required<Omit<RealtimeDeps, "onState">> & Pick<RealtimeDeps, "onState">;

  constructor(deps: RealtimeDeps) {
    this.d = {
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
      random: Math.random,
      baseMs: 500,
      maxMs: 30_000,
      pingMs: 4 * 60_000,
      setInterval: (fn, ms) => {
        const h = setInterval(fn, ms);
        // Node (tests): a keep-alive must not keep the process running.
        (h as { unref?: () => void }).unref?.();
        return h;
      },
      clearInterval: (h) => clearInterval(h as ReturnType<typeof setInterval>),
      ...deps,
    };
  }

  get state(): ConnectionState {
    return this.current;
  }

  /** Channels the server has confirmed with `{type:"subscribed"}` on this connection. */
  isConfirmed(channel: Channel) {
    return this.confirmed.has(channel);
  }

  /** Listen to a channel; the first listener subscribes (and connects). Returns the undo. */
  subscribe(channel: Channel, handler: (msg: RealtimeMessage) => void): () => void {
    let set = this.handlers.get(channel);
    const first = !set?.size;
    if (!set) this.handlers.set(channel, (set = new Set()));
    set.add(handler);
    if (first) this.sendSubscribe(channel);
    this.ensureConnected();
    return () => {
      set!.delete(handler);
      // The protocol has no unsubscribe: without listeners the socket is simply closed.
      if (![...this.handlers.values()].some((s) => s.size)) this.disconnect();
    };
  }

  /** Called after every reconnect (not the first connect): catch up over HTTP. */
  onReconnect(fn: () => void): () => void {
    this.reconnectHooks.add(fn);
    return () => this.reconnectHooks.delete(fn);
  }

  /**
   * The session has a new access token: hand it to the open connection, whose rights would
   * otherwise end with the token it was opened with. A socket still connecting uses the new
   * one at its next (re)connect anyway.
   */
  refreshToken(token: string | null) {
    if (!token || token === this.sentToken) return;
    if (this.socket?.readyState === OPEN) {
      this.sentToken = token;
      this.socket.send(JSON.stringify({ action: "refresh", token }));
    }
  }

  /** The browser went offline / online again, or the session ended / started. */
  setNetwork(up: boolean) {
    this.networkDown = !up;
    if (!up) {
      this.closeSocket();
      this.setState("offline");
    } else {
      this.attempt = 0;
      this.ensureConnected(true);
    }
  }

  /** Sign-out: close now, stay offline until `resume()`. */
  stop() {
    this.stopped = true;
    this.closeSocket();
    this.setState("offline");
  }

  resume() {
    this.stopped = false;
    this.attempt = 0;
    this.ensureConnected(true);
  }

  private wanted() {
    return !this.stopped && !this.networkDown && [...this.handlers.values()].some((s) => s.size);
  }

  private ensureConnected(now = false) {
    if (!this.wanted() || this.socket || (this.timer !== null && !now)) return;
    if (this.timer !== null) this.d.clearTimeout(this.timer);
    this.timer = null;
    void this.connect();
  }

  private async connect() {
    const gen = ++this.generation;
    this.setState("reconnecting");
    let url: string;
    let token: string | null;
    try {
      [url, token] = await Promise.all([this.d.resolveUrl(), this.d.token()]);
    } catch {
      if (gen === this.generation) this.retry();
      return;
    }
    if (gen !== this.generation || !this.wanted()) return;
    if (!token) {
      // Signed out: nothing to connect as. `resume()` (next sign-in) starts again.
      this.setState("offline");
      return;
    }
    this.sentToken = token;
    const sep = url.includes("?") ? "&" : "?";
    let socket: SocketLike;
    try {
      socket = this.d.open(`${url}${sep}token=${encodeURIComponent(token)}`);
    } catch {
      this.retry();
      return;
    }
    this.socket = socket;
    this.confirmed.clear();
    socket.onopen = () => {
      if (this.socket !== socket) return;
      const reconnected = this.connectedBefore;
      this.connectedBefore = true;
      this.attempt = 0;
      this.setState("connected");
      this.startPing(socket);
      for (const [channel, set] of this.handlers) if (set.size) this.sendSubscribe(channel);
      if (reconnected) for (const fn of this.reconnectHooks) fn();
    };
    socket.onmessage = (ev) => this.receive(ev.data);
    const closed = () => {
      if (this.socket !== socket) return; // already handled, or replaced
      this.socket = null;
      this.stopPing();
      this.confirmed.clear();
      if (this.wanted()) this.retry();
      else this.setState("offline");
    };
    // Browsers fire `close` after `error`; Node's WebSocket may not when the connection is
    // refused, so an error counts as the close (whichever comes first wins).
    socket.onerror = () => {
      closed();
      try {
        socket.close();
      } catch {
        /* never opened */
      }
    };
    socket.onclose = closed;
  }

  private startPing(socket: SocketLike) {
    this.stopPing();
    this.pinger = this.d.setInterval(() => {
      if (this.socket === socket && socket.readyState === OPEN) socket.send(JSON.stringify({ action: "ping" }));
    }, this.d.pingMs);
  }

  private stopPing() {
    if (this.pinger !== null) this.d.clearInterval(this.pinger);
    this.pinger = null;
  }

  private retry() {
    this.socket = null;
    this.stopPing();
    if (!this.wanted()) return this.setState("offline");
    this.setState("reconnecting");
    const delay = backoffDelay(this.attempt++, this.d.baseMs, this.d.maxMs, this.d.random);
    this.timer = this.d.setTimeout(() => {
      this.timer = null;
      this.ensureConnected();
    }, delay);
  }

  private receive(data: unknown) {
    let msg: RealtimeMessage;
    try {
      msg = JSON.parse(typeof data === "string" ? data : String(data));
    } catch {
      return; // not JSON: not ours
    }
    if (!msg || typeof msg !== "object") return;
    if (msg.type === "subscribed") {
      const c = channelOf(msg);
      if (c) this.confirmed.add(c);
      return;
    }
    // Several invoice changes of one server batch arrive as one message (docs/realtime.md).
    if (msg.type === "invoice.statuses" && Array.isArray(msg.changes)) {
      for (const change of msg.changes) if (change && typeof change === "object") this.dispatch(change as RealtimeMessage);
      return;
    }
    this.dispatch(msg);
  }

  private dispatch(msg: RealtimeMessage) {
    const channel = channelOf(msg);
    if (!channel) return;
    for (const fn of this.handlers.get(channel) ?? []) fn(msg);
  }

  private sendSubscribe(channel: Channel) {
    if (this.socket?.readyState === OPEN) this.socket.send(JSON.stringify({ action: "subscribe", channel }));
  }

  private disconnect() {
    this.closeSocket();
    this.setState("offline");
  }

  private closeSocket() {
    this.generation++;
    this.stopPing();
    if (this.timer !== null) this.d.clearTimeout(this.timer);
    this.timer = null;
    const s = this.socket;
    this.socket = null;
    this.confirmed.clear();
    if (s) {
      s.onclose = null;
      s.onmessage = null;
      try {
        s.close(1000, "done");
      } catch {
        /* already closed */
      }
    }
  }

  private setState(next: ConnectionState) {
    if (next === this.current) return;
    this.current = next;
    this.d.onState?.(next);
  }
}
