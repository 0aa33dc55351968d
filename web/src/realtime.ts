/**
 * The one WebSocket client of the site (live analytics, invoice status). Pages call
 * `useChannel("analytics", onMessage)` and read `connection()` for the badge
 * (connected / reconnecting / offline); `onReconnect` lets them reload over HTTP what they
 * missed. The reconnect/backoff logic lives in realtime-client.ts (unit-tested).
 *
 * Protocol: the client sends `{"action":"subscribe","channel":"analytics"|"invoices"}`;
 * the server sends JSON objects (`{type:"subscribed",channel}`, analytics snapshots with
 * `metricType:"AppointmentAnalytics"`, invoice status messages).
 */
import { createSignal, onCleanup } from "solid-js";
import { currentAccessToken, hasStoredSession, onSession, refreshSession } from "./api/client";
import { RealtimeClient, type Channel, type ConnectionState, type RealtimeMessage, type SocketLike } from "./realtime-client";

export type { Channel, RealtimeMessage };

let resolved: Promise<string> | null = null;

/**
 * Where the WebSocket is: the build variable `VITE_REALTIME_URL` (AWS: stacks/web.ts builds the
 * site with the API Gateway WebSocket stage URL), else the same origin's `/ws` (the offline
 * runtime). Nothing is asked of the API at run time.
 */
function realtimeUrl(): Promise<string> {
  resolved ??= Promise.resolve((import.meta.env?.VITE_REALTIME_URL as string | undefined) || `${location.origin.replace(/^http/, "ws")}/ws`);
  return resolved;
}

/** An access token valid for at least 30 s more (the server checks it on connect). */
async function freshToken(): Promise<string | null> {
  const token = currentAccessToken();
  if (token && expiresInMs(token) > 30_000) return token;
  if (!token && !hasStoredSession()) return null;
  const renewed = await refreshSession();
  return renewed?.accessToken ?? null;
}

function expiresInMs(jwt: string) {
  try {
    const payload = JSON.parse(atob(jwt.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))) as { exp?: number };
    return payload.exp ? payload.exp * 1000 - Date.now() : Infinity;
  } catch {
    return 0;
  }
}

const [connection, setConnection] = createSignal<ConnectionState>("offline");
/** connected / reconnecting / offline, as a Solid signal. */
export { connection };

const realtime = new RealtimeClient({
  resolveUrl: realtimeUrl,
  token: freshToken,
  open: (url) => new WebSocket(url) as unknown as SocketLike,
  onState: setConnection,
});

if (typeof window !== "undefined") {
  window.addEventListener("online", () => realtime.setNetwork(true));
  window.addEventListener("offline", () => realtime.setNetwork(false));
  // Every sign-in and silent refresh emits the user: hand the new token to the open socket
  // (the server closes one whose token expired), or connect if nothing is open.
  onSession((user) => {
    // An account that must enrol in MFA first opens no live connection (the server refuses it).
    if (!user || user.mfaEnrolmentRequired) return realtime.stop();
    realtime.resume();
    realtime.refreshToken(currentAccessToken());
  });
}

/** Listen to a channel while the calling component lives. */
export function useChannel(channel: Channel, handler: (msg: RealtimeMessage) => void) {
  onCleanup(realtime.subscribe(channel, handler));
}

/** Run `fn` after every reconnect while the calling component lives (catch up over HTTP). */
export function onReconnect(fn: () => void) {
  onCleanup(realtime.onReconnect(fn));
}
