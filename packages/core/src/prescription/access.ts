import { useActor } from "../actor";
import { Audit } from "../audit";
import type { PrescriptionRow } from "./info";

/**
 * Who reads a prescription: staff and admin all, the patient their own, the doctor what they
 * prescribed. A pharmacist reads through the pharmacy queue only (./dispense.ts), which shows
 * no more of the patient than the name and birth date. A refusal is audited with the patient id.
 */
export async function authorizeRead(p: Pick<PrescriptionRow, "id" | "patientId" | "doctorId">, action: string) {
  const actor = useActor();
  if (actor.type === "system") return;
  if (actor.type === "user") {
    if (actor.role === "admin" || actor.role === "staff") return;
    if (actor.role === "patient" && actor.patientId === p.patientId) return;
    if (actor.role === "doctor" && actor.doctorId === p.doctorId) return;
  }
  throw await Audit.deny({ action, resourceType: "prescription", resourceId: p.id, patientId: p.patientId });
}

/** Only the prescriber changes a prescription (cancels it, answers its repeat requests). */
export async function authorizePrescriber(p: Pick<PrescriptionRow, "id" | "patientId" | "doctorId">, action: string) {
  const actor = useActor();
  if (actor.type === "user" && actor.role === "doctor" && actor.doctorId === p.doctorId) return actor;
  throw await Audit.deny({ action, resourceType: "prescription", resourceId: p.id, patientId: p.patientId }, "Only the prescribing doctor may do this.");
}
