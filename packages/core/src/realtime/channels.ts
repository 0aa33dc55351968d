import type { Role } from "../actor";

/**
 * The channels a WebSocket client may subscribe to, and who may. `analytics` carries the
 * live appointment figures; `invoices` carries invoice status changes (id, number, status,
 * amount — never a patient's name), which only the front desk and admins work with.
 */
export const channels = ["analytics", "invoices"] as const;
export type Channel = (typeof channels)[number];

export const channelRoles: Record<Channel, readonly Role[]> = {
  analytics: ["staff", "admin", "doctor"],
  invoices: ["staff", "admin"],
};

/** Roles that may open a connection at all: anyone who may subscribe to something. */
export const connectRoles: readonly Role[] = ["staff", "admin", "doctor"];

export function maySubscribe(role: Role, channel: Channel): boolean {
  return channelRoles[channel].includes(role);
}

/**
 * Whose figures a subscriber may see. The HTTP API shows a doctor only their own analytics
 * (GET /analytics/*), so the socket does too: a doctor's connection gets a doctor-scoped
 * message, staff and admins the whole clinic's.
 */
export type Scope = { type: "clinic" } | { type: "doctor"; doctorId: string };

export function scopeOf(c: { role: Role; doctorId?: string | null }): Scope | undefined {
  if (c.role === "doctor") return c.doctorId ? { type: "doctor", doctorId: c.doctorId } : undefined;
  return { type: "clinic" };
}

export function scopeKey(s: Scope): string {
  return s.type === "clinic" ? "clinic" : `doctor:${s.doctorId}`;
}
