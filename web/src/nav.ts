import type { Role } from "./api/client";
import { navFor, type NavItem } from "./session";

/**
 * The navigation: session.ts's sections per role, plus the pages added since (kept here so
 * the session code stays untouched while it changes elsewhere; fold back when convenient).
 */
export function sectionsFor(role: Role): NavItem[] {
  const items = [...navFor(role)];
  const after = (href: string, item: NavItem) => items.splice(items.findIndex((i) => i.href === href) + 1, 0, item);
  if (role === "admin" || role === "staff" || role === "doctor") after("/appointments", { href: "/calendar", label: "Calendar", icon: "grid" });
  if (role === "admin" || role === "staff" || role === "patient")
    after(role === "patient" ? "/appointments" : "/calendar", { href: "/invoices", label: role === "patient" ? "My invoices" : "Invoices", icon: "receipt" });
  if (role === "admin" || role === "staff" || role === "doctor") after(role === "doctor" ? "/calendar" : "/invoices", { href: "/analytics", label: "Analytics", icon: "chart" });
  if (role === "admin") after("/audit", { href: "/outbox", label: "Outbox", icon: "receipt" });
  if (role === "doctor" || role === "patient") items.push({ href: "/calendar-feed", label: "Calendar feed", icon: "calendar" });
  return items;
}
