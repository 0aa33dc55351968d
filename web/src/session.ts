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

export interface NavItem {
  href: string;
  label: string;
  icon: string;
}

/** The sections each role may open (docs/web.md). */
export function navFor(role: Role): NavItem[] {
  switch (role) {
    case "patient":
      return [
        { href: "/me", label: "My record", icon: "record" },
        { href: "/appointments", label: "My appointments", icon: "calendar" },
      ];
    case "doctor":
      return [
        { href: "/appointments", label: "Appointments", icon: "calendar" },
        { href: "/patients", label: "Patients", icon: "people" },
        { href: "/doctors", label: "Doctors", icon: "stethoscope" },
      ];
    case "staff":
      return [
        { href: "/patients", label: "Patients", icon: "people" },
        { href: "/appointments", label: "Appointments", icon: "calendar" },
        { href: "/doctors", label: "Doctors", icon: "stethoscope" },
      ];
    case "admin":
      return [
        { href: "/patients", label: "Patients", icon: "people" },
        { href: "/appointments", label: "Appointments", icon: "calendar" },
        { href: "/doctors", label: "Doctors", icon: "stethoscope" },
        { href: "/accounts", label: "Accounts", icon: "key" },
        { href: "/audit", label: "Audit log", icon: "shield" },
      ];
  }
}

export function homeFor(role: Role) {
  return navFor(role)[0].href;
}

export function hasRole(...roles: Role[]) {
  const u = user();
  return !!u && roles.includes(u.role);
}
