import { createSignal } from "solid-js";
import { onSession, hasStoredSession, refreshSession, type Role, type User } from "./api/client";

const [user, setUser] = createSignal<User | null>(null);
const [ready, setReady] = createSignal(false);
onSession((u) => setUser(u));

export { user, ready };

/** On start-up, turn the refresh cookie back into a session (silently), if one was left. */
export async function restoreSession() {
  if (hasStoredSession()) await refreshSession().catch(() => null);
  setReady(true);
}

export function hasRole(...roles: Role[]) {
  const u = user();
  return !!u && roles.includes(u.role);
}
