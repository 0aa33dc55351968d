import { useActor } from "../actor";
import { Audit } from "./index";

/**
 * What every list of patient-related rows does alike (appointments, invoices): scope the filters
 * to the actor. Paging is util/keyset.ts; each list keeps its own audit record, since what it
 * discloses differs.
 */
export namespace ListQuery {
  /**
   * A patient sees their own rows, a doctor their own schedule's: the filter is set to them, and
   * asking for someone else's is refused (audited as denied) rather than silently narrowed.
   */
  export async function scoped<F extends { patientId?: string; doctorId?: string }>(filters: F, action: string, resourceType: string): Promise<F> {
    const actor = useActor();
    const f = { ...filters };
    if (actor.type === "user" && actor.role === "patient") {
      if (f.patientId && f.patientId !== actor.patientId) throw await Audit.deny({ action, resourceType, patientId: f.patientId });
      f.patientId = actor.patientId ?? "none";
    }
    if (actor.type === "user" && actor.role === "doctor") {
      if (f.doctorId && f.doctorId !== actor.doctorId) throw await Audit.deny({ action, resourceType, patientId: f.patientId ?? null });
      f.doctorId = actor.doctorId ?? "none";
    }
    return f;
  }
}
