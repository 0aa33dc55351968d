import type { Role } from "./api/client";
import { navFor, type NavItem } from "./session";

/**
 * The navigation: session.ts's sections per role, plus the pages added since (kept here so
 * the session code stays untouched while it changes elsewhere; fold back when convenient).
 */
export function sectionsFor(role: Role): NavItem[] {
  const items = [...navFor(role)];
  if (role === "admin" || role === "staff" || role === "doctor") {
    const at = items.findIndex((i) => i.href === "/appointments");
    items.splice(at + 1, 0, { href: "/calendar", label: "Calendar", icon: "grid" });
  }
  return items;
}
