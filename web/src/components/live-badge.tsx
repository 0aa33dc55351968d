import { connection } from "../realtime";

const labels = { connected: "Live", reconnecting: "Reconnecting…", offline: "Offline" } as const;
const titles = {
  connected: "Connected: changes appear here as they happen.",
  reconnecting: "The live connection dropped; reconnecting. What changed meanwhile is loaded once it is back.",
  offline: "Not connected: reload the page to see the latest figures.",
} as const;

/** The shared WebSocket's state: connected / reconnecting / offline. */
export function LiveBadge() {
  return (
    <span class={`live-badge live-${connection()}`} role="status" title={titles[connection()]} data-testid="connection-state">
      <span class="live-dot" aria-hidden="true" />
      {labels[connection()]}
    </span>
  );
}
