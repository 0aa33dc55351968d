import type { Actor } from "../actor";

/**
 * Who may act on which appointments, as data: `all` (staff, admin, system), `patient` (the
 * appointments of patient `id`), `doctor` (the schedule of doctor `id`), `none`. The same value
 * decides in TypeScript (`mayAct`) and is sent to the single-statement changes, which apply it
 * to the row they lock — so the rule is written once and the statement needs no prior read.
 *
 * `as` is what the action needs: `read` (anyone involved), `patient` (book, move, cancel: the
 * patient's own) or `doctor` (complete, no-show: the doctor's own).
 */
export type AccessScope = { scope: "all" } | { scope: "patient" | "doctor"; id: string } | { scope: "none" };

export function accessScope(actor: Actor, as: "read" | "patient" | "doctor"): AccessScope {
  if (actor.type === "system") return { scope: "all" };
  if (actor.type !== "user") return { scope: "none" };
  if (actor.role === "admin" || actor.role === "staff") return { scope: "all" };
  if (actor.role === "patient" && as !== "doctor" && actor.patientId) return { scope: "patient", id: actor.patientId };
  if (actor.role === "doctor" && as !== "patient" && actor.doctorId) return { scope: "doctor", id: actor.doctorId };
  return { scope: "none" };
}

export function mayAct(s: AccessScope, a: { patientId: string; doctorId: string }): boolean {
  if (s.scope === "all") return true;
  if (s.scope === "patient") return a.patientId === s.id;
  if (s.scope === "doctor") return a.doctorId === s.id;
  return false;
}
