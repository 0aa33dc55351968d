import { action, query } from "@solidjs/router";
import { clean, http, ok, type Schemas } from "./http";
import type { paths } from "./schema";

/** Types come from the API's OpenAPI document (schema.d.ts). */
export type Prescription = Schemas["Prescription"];
export type PharmacyItem = Schemas["PharmacyItem"];
export type Medication = Schemas["Medication"];
export type RepeatRequest = Schemas["RepeatRequest"];
export type PrescribeInput = paths["/api/prescriptions"]["post"]["requestBody"]["content"]["application/json"];
export type PrescriptionStatus = Prescription["status"];
export type Frequency = PrescribeInput["dose"]["frequency"];
export type DoseUnit = PrescribeInput["dose"]["unit"];

export const statusLabels: Record<PrescriptionStatus, string> = {
  active: "Active",
  partly_dispensed: "Partly dispensed",
  dispensed: "Dispensed (repeats left)",
  completed: "Completed",
  cancelled: "Cancelled",
  expired: "Expired",
};
export const frequencyLabels: Record<Frequency, string> = {
  once_daily: "Once a day",
  twice_daily: "Twice a day",
  three_times_daily: "Three times a day",
  four_times_daily: "Four times a day",
  every_other_day: "Every other day",
  weekly: "Once a week",
  at_bedtime: "At bedtime",
  as_needed: "When needed",
};
export const doseUnits: DoseUnit[] = ["tablet", "capsule", "ml", "mg", "drop", "puff", "application", "unit", "sachet"];
export const medicationLabel = (m: Medication) => `${m.name} ${m.strength} ${m.form}`;

const id = (rxId: string) => ({ params: { path: { id: rxId } } });
const request = (requestId: string) => ({ params: { path: { requestId } } });

export const Prescriptions = {
  list: (f: { appointmentId?: string; cursor?: string | null }) =>
    ok(http.GET("/api/prescriptions", { params: { query: clean({ ...f, cursor: f.cursor ?? undefined, limit: 50 }) } })),
  medications: () => ok(http.GET("/api/prescriptions/medications", {})),
  prescribe: (input: PrescribeInput) => ok(http.POST("/api/prescriptions", { body: input })),
  cancel: (rxId: string, reason: string) => ok(http.POST("/api/prescriptions/{id}/cancel", { ...id(rxId), body: { reason } })),
  queue: (cursor?: string | null) => ok(http.GET("/api/prescriptions/queue", { params: { query: clean({ cursor: cursor ?? undefined, limit: 50 }) } })),
  /** `key` is made once per row's form, so a double click or a retry replays the first dispense. */
  dispense: (rxId: string, key: string, units: number) => ok(http.POST("/api/prescriptions/{id}/dispense", { ...id(rxId), headers: { "idempotency-key": key }, body: { units } })),
  requestRepeat: (rxId: string, note?: string) => ok(http.POST("/api/prescriptions/{id}/repeat-requests", { ...id(rxId), body: clean({ note }) })),
  repeatRequests: (status?: RepeatRequest["status"]) => ok(http.GET("/api/prescriptions/repeat-requests", { params: { query: clean({ status }) } })),
  approve: (requestId: string) => ok(http.POST("/api/prescriptions/repeat-requests/{requestId}/approve", { ...request(requestId), body: {} })),
  decline: (requestId: string, reason: string) => ok(http.POST("/api/prescriptions/repeat-requests/{requestId}/decline", { ...request(requestId), body: { reason } })),
  pdfLink: (rxId: string) =>
    ok(http.GET("/api/prescriptions/{id}/pdf", { params: { path: { id: rxId }, query: { format: "json" } } })) as Promise<{ url: string; expiresAt: string }>,
};

export const listPrescriptions = query((f: { appointmentId?: string; cursor?: string | null }) => Prescriptions.list(f), "prescriptions");
export const listMedications = query(() => Prescriptions.medications(), "medications");
export const pharmacyQueue = query((cursor?: string | null) => Prescriptions.queue(cursor), "pharmacy-queue");
export const listRepeatRequests = query((status?: RepeatRequest["status"]) => Prescriptions.repeatRequests(status), "repeat-requests");
export const prescribe = action((input: PrescribeInput) => Prescriptions.prescribe(input), "prescription.prescribe");
export const cancelPrescription = action((rxId: string, reason: string) => Prescriptions.cancel(rxId, reason), "prescription.cancel");
export const dispense = action((rxId: string, key: string, units: number) => Prescriptions.dispense(rxId, key, units), "prescription.dispense");
export const requestRepeat = action((rxId: string) => Prescriptions.requestRepeat(rxId), "prescription.repeat");
export const approveRepeat = action((requestId: string) => Prescriptions.approve(requestId), "prescription.approve");
export const declineRepeat = action((requestId: string, reason: string) => Prescriptions.decline(requestId, reason), "prescription.decline");
