import { z } from "../util/zod";
import { fn } from "../util/fn";
import { VisibleError, issuesFromZod, type FieldIssue } from "../util/error";
import { verifySessionToken } from "../auth/revocation";
import { channels, connectRoles, maySubscribe, scopeOf, scopeKey, type Channel, type Scope } from "./channels";
import {
  putConnection,
  getConnection,
  putSubscription,
  deleteSubscription,
  removeConnection,
  refreshConnection,
  listSubscribers,
  listUserConnections,
  type Connection,
} from "./connections";
import { postToConnection, closeConnection } from "./management";
import { currentSnapshot } from "./snapshot";
import { expire, tokenExpiry } from "./expire";
import { forEachBounded } from "./bounded";
import { paced, pacingInterval, type PacingMode } from "./pacing";
import { log, errorFields } from "../observability/log";

export { channels, channelRoles, maySubscribe, scopeOf, type Channel, type Scope } from "./channels";
export { CONNECTION_TTL_SECONDS, type Connection, type Subscription } from "./connections";
export { pacingInterval, pushBudget, type PacingMode } from "./pacing";

/** PostToConnection calls in flight per broadcast. */
export const BROADCAST_CONCURRENCY = 16;

/**
 * How long after its access token expired a connection may still receive pushes. Past that,
 * the next broadcast closes it: a disabled account or a changed role stops seeing live data
 * within one token lifetime, as on the HTTP API. Clients keep a connection by sending
 * `{"action":"refresh","token":…}` with each refreshed token, or simply reconnect.
 */
export const TOKEN_GRACE_SECONDS = 60;

/**
 * Live pushes over API Gateway WebSockets (docs/realtime.md). The `$connect`, `$disconnect`
 * and `$default` handlers call `connect`, `disconnect` and `receive`; the analytics and invoice
 * consumers call `broadcast`. Nothing here knows whether the gateway is AWS or the offline one.
 */
export namespace Realtime {
  export const Channel = z.enum(channels);

  /** What a client may send (route `$default`; API Gateway's route selection is `$request.body.action`). */
  export const ClientMessage = z.discriminatedUnion("action", [
    z.object({ action: z.literal("subscribe"), channel: Channel }).strict(),
    z.object({ action: z.literal("unsubscribe"), channel: Channel }).strict(),
    z.object({ action: z.literal("ping") }).strict(),
    z.object({ action: z.literal("refresh"), token: z.string().min(1).max(4096) }).strict(),
  ]);
  export type ClientMessage = z.infer<typeof ClientMessage>;

  /** Control replies; snapshots and pushes are sent as they are (their own `type`/`metricType`). */
  export type Reply =
    | { type: "subscribed"; channel: Channel }
    | { type: "unsubscribed"; channel: Channel }
    | { type: "pong" }
    | { type: "refreshed"; tokenExpiresAt: number }
    | { type: "error"; code: string; message: string; issues?: FieldIssue[] };

  /**
   * A broadcast message: one object for the whole clinic, or a function choosing the message
   * per scope (called once per distinct scope, not per connection). A plain object goes only
   * to clinic-scoped subscribers (staff, admin): a doctor is never sent the whole clinic's
   * figures by accident; give a function to reach doctors with their own.
   */
  export type Message = object | ((scope: Scope) => object | undefined | Promise<object | undefined>);

  export const ConnectInput = z.object({
    connectionId: z.string().min(1).max(128),
    token: z.string().max(4096).optional(),
    connectedAt: z.number().int().optional(),
  });

  /** `$connect`: a valid access token of a role that may subscribe to something, or no connection. */
  export const connect = fn(ConnectInput, async (input): Promise<Connection> => {
    if (!input.token) throw new VisibleError("unauthenticated", "realtime.token_required", "Pass the access token as ?token=.");
    // A disabled account, or a token from before a password change, opens nothing (issue 18).
    const claims = await verifySessionToken(input.token);
    if (!connectRoles.includes(claims.role)) throw new VisibleError("forbidden", "auth.forbidden", "Your role may not open a live connection.");
    // A token issued before MFA enrolment opens only the enrolment routes (docs/auth.md).
    if (claims.enrol) throw new VisibleError("forbidden", "auth.mfa_enrolment_required", "Set up two-step sign-in before you continue.");
    return putConnection({
      connectionId: input.connectionId,
      userId: claims.sub,
      role: claims.role,
      doctorId: claims.doctorId ?? null,
      connectedAt: input.connectedAt,
      tokenExpiresAt: tokenExpiry(input.token),
    });
  });

  /** `$disconnect` (and a 410 during a broadcast). */
  export async function disconnect(connectionId: string): Promise<void> {
    await removeConnection(connectionId);
  }

  /**
   * `$default`: one client message in, the replies to send back out, in order. A subscribe
   * is stored before the snapshot is read, so no push can fall between the two; a client keeps
   * whichever snapshot is newer (`timestamp`) should a push overtake the first one.
   */
  export async function receive(connectionId: string, body: string | undefined): Promise<object[]> {
    let json: unknown;
    try {
      json = JSON.parse(body ?? "");
    } catch {
      return [error("realtime.invalid_json", 'Send a JSON message, e.g. {"action":"subscribe","channel":"analytics"}.')];
    }
    const parsed = ClientMessage.safeParse(json);
    if (!parsed.success) return [error("validation", "The message is invalid.", issuesFromZod(parsed.error.issues))];
    const msg = parsed.data;
    if (msg.action === "ping") return [{ type: "pong" } satisfies Reply];

    const connection = await getConnection(connectionId);
    if (!connection) return [error("realtime.unknown_connection", "This connection has expired; reconnect.")];
    if (msg.action === "refresh") {
      let claims;
      try {
        claims = await verifySessionToken(msg.token);
      } catch (err) {
        if (err instanceof VisibleError) return [error(err.code, err.message, [{ field: "token", message: "Invalid or expired" }])];
        throw err;
      }
      // Same user, same role and doctor: anything else is a new identity, which needs a new $connect.
      if (claims.sub !== connection.userId || claims.role !== connection.role || (claims.doctorId ?? null) !== connection.doctorId) {
        return [error("realtime.reconnect", "This token belongs to another identity; open a new connection with it.", [{ field: "token", message: "Different user or role" }])];
      }
      const tokenExpiresAt = tokenExpiry(msg.token);
      await refreshConnection(connectionId, tokenExpiresAt);
      return [{ type: "refreshed", tokenExpiresAt } satisfies Reply];
    }
    if (msg.action === "unsubscribe") {
      await deleteSubscription(connectionId, msg.channel);
      return [{ type: "unsubscribed", channel: msg.channel } satisfies Reply];
    }
    if (connection.tokenExpiresAt + TOKEN_GRACE_SECONDS < Math.floor(Date.now() / 1000)) {
      return [error("auth.invalid_token", "The access token of this connection has expired; send a refresh or reconnect.")];
    }
    const scope = scopeOf(connection);
    if (!maySubscribe(connection.role, msg.channel) || !scope) {
      return [error("auth.forbidden", `Your role may not subscribe to ${msg.channel}.`, [{ field: "channel", message: "Not allowed for your role" }])];
    }
    await putSubscription(connection, msg.channel);
    const snapshot = await currentSnapshot(msg.channel, scope);
    return [{ type: "subscribed", channel: msg.channel } satisfies Reply, ...(snapshot ? [snapshot] : [])];
  }

  /** One message to one connection; a vanished connection is forgotten. */
  export async function send(connectionId: string, message: object): Promise<"sent" | "gone"> {
    const result = await postToConnection(connectionId, JSON.stringify(message));
    if (result === "gone") await removeConnection(connectionId);
    return result;
  }

  /**
   * PostToConnection to every subscriber of `channel`, at most BROADCAST_CONCURRENCY at once.
   * A connection answering 410 Gone is deleted on that first 410 and the rest still get theirs.
   * Other failures are logged (connection id and error name, never the message) and skipped:
   * one slow or throttled client must not fail the Kafka batch that triggered the push.
   *
   * With `pacing`, the channel spends at most its PostToConnection budget per second across all
   * containers (./pacing.ts): `latest` for cumulative messages (a later broadcast may carry this
   * one's change: `covered`), `every` for messages that must each go out (they wait their turn).
   */
  export async function broadcast(channel: Channel, message: Message, options: { pacing?: PacingMode } = {}): Promise<BroadcastResult> {
    const subscribers = await listSubscribers(channel);
    const interval = options.pacing ? pacingInterval(subscribers.length) : 0;
    if (!interval) return { ...(await deliver(channel, subscribers, message)), covered: false, waitedMs: 0 };
    // Paced: the subscriber list is read again in the slot, which may come a while later.
    const r = await paced(channel, interval, options.pacing!, async () => deliver(channel, await listSubscribers(channel), message));
    return r.outcome === "sent" ? { ...r.value, covered: false, waitedMs: r.waitedMs } : { delivered: 0, gone: 0, covered: true, waitedMs: r.waitedMs };
  }

  export interface BroadcastResult {
    delivered: number;
    gone: number;
    /** Paced `latest` only: a later broadcast carries this change, so this one sent nothing. */
    covered: boolean;
    /** How long pacing held the broadcast back. */
    waitedMs: number;
  }

  async function deliver(channel: Channel, subscribers: Awaited<ReturnType<typeof listSubscribers>>, message: Message): Promise<{ delivered: number; gone: number }> {
    const payloads = new Map<string, Promise<string | undefined>>();
    const payloadFor = (scope: Scope) => {
      const key = scopeKey(scope);
      let p = payloads.get(key);
      if (!p) {
        p = (async () => {
          const m = typeof message === "function" ? await message(scope) : scope.type === "clinic" ? message : undefined;
          return m === undefined ? undefined : JSON.stringify(m);
        })();
        payloads.set(key, p);
      }
      return p;
    };
    let delivered = 0;
    let gone = 0;
    const now = Math.floor(Date.now() / 1000);
    await forEachBounded(subscribers, BROADCAST_CONCURRENCY, async (s) => {
      if (s.tokenExpiresAt + TOKEN_GRACE_SECONDS < now) return expire(s.connectionId);
      const scope = scopeOf(s);
      // The role was checked at subscribe; checked again so a changed rule applies at once.
      if (!scope || !maySubscribe(s.role, channel)) return;
      const data = await payloadFor(scope);
      if (data === undefined) return;
      try {
        if ((await postToConnection(s.connectionId, data)) === "sent") delivered++;
        else {
          gone++;
          await removeConnection(s.connectionId);
        }
      } catch (err) {
        log.error("realtime.post_failed", { channel, connectionId: s.connectionId, ...errorFields(err) });
      }
    });
    return { delivered, gone };
  }

  /** Close a connection from the server side (API Gateway then runs `$disconnect`). */
  export const close = closeConnection;

  /**
   * Close every connection of a user (an account disabled, a password changed): each is
   * closed through the management API and forgotten. Returns how many were open.
   */
  export async function closeUser(userId: string): Promise<number> {
    const ids = await listUserConnections(userId);
    await Promise.all(ids.map((id) => expire(id)));
    return ids.length;
  }

  function error(code: string, message: string, issues?: FieldIssue[]): Reply {
    return { type: "error", code, message, ...(issues?.length ? { issues } : {}) };
  }
}
