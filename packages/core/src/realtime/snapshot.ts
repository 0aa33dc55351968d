import type { Channel, Scope } from "./channels";

/**
 * What a new subscriber gets at once, before the next push. Analytics: the current
 * snapshot for the subscriber's scope (whole clinic, or one doctor's figures).
 * Invoices: nothing — the channel carries changes, and the invoice list is one GET away.
 *
 * Plug-in point for the analytics stream — one line, once `Analytics.snapshot(scope)` exists
 * in packages/core/src/analytics/:
 *   if (channel === "analytics") return (await import("../analytics")).Analytics.snapshot(scope);
 * (A dynamic import keeps the analytics module, and its database client, out of `$connect`.)
 */
export async function currentSnapshot(channel: Channel, scope: Scope): Promise<object | undefined> {
  if (channel === "analytics") return (await import("../analytics")).Analytics.snapshot(scope.type === "doctor" ? { doctorId: scope.doctorId } : {});
  return undefined;
}
