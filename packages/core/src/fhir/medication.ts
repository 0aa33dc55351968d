import { z } from "../util/zod";
import { decodeCursor, encodeCursor } from "../util/cursor";
import { VisibleError } from "../util/error";
import type { MedicationRow, View } from "../prescription/info";
import { doseOf, medicationLabel } from "../prescription/info";
import { effectiveStatus, type Frequency, type PrescriptionStatus } from "../prescription/status";
import { readDispense, readPrescription, searchDispenses, searchMedications, searchPrescriptions, type DispenseView } from "../prescription/search";
import type { ResourceCapability } from "./capability";
import { IDENTIFIER_SYSTEM, fromFhirId, toFhirId } from "./ids";
import { parseDateTimes, parseList, parseReference, parseToken, type Parsed } from "./params";

/**
 * Medication, MedicationRequest and MedicationDispense over the prescription domain
 * (docs/prescriptions.md, "FHIR"): the catalogue, the prescriptions and the hand-overs, mapped
 * on each request through core/prescription's own scoped, audited reads.
 */
export const ATC_SYSTEM = "http://www.whocc.no/atc";
const SID = {
  medication: "https://carebeat.dev/fhir/sid/medication-id",
  prescription: "https://carebeat.dev/fhir/sid/prescription-id",
  dispense: "https://carebeat.dev/fhir/sid/dispense-id",
};

export const MEDICATION: ResourceCapability = {
  type: "Medication",
  interactions: ["read", "search-type"],
  params: {
    _id: { type: "token", documentation: "Logical id(s), comma-separated" },
    code: { type: "token", documentation: `${ATC_SYSTEM}|<ATC code>, comma-separated` },
  },
};
export const MEDICATION_REQUEST: ResourceCapability = {
  type: "MedicationRequest",
  interactions: ["read", "search-type"],
  params: {
    patient: { type: "reference", documentation: "Patient/<id>: the patient's prescriptions (not for pharmacists)" },
    subject: { type: "reference", documentation: "As patient" },
    status: { type: "token", documentation: "active | completed | cancelled | stopped (comma-separated)" },
    requester: { type: "reference", documentation: "Practitioner/<id>: the prescriber" },
    _lastUpdated: { type: "date", documentation: "meta.lastUpdated, as for Patient" },
  },
};
export const MEDICATION_DISPENSE: ResourceCapability = {
  type: "MedicationDispense",
  interactions: ["read", "search-type"],
  params: {
    patient: { type: "reference", documentation: "Patient/<id>: the patient's dispenses (not for pharmacists)" },
    subject: { type: "reference", documentation: "As patient" },
    prescription: { type: "reference", documentation: "MedicationRequest/<id>: the dispenses against one prescription" },
  },
};

/**
 * Medication ids may hold several `_` (the seed list's `med_seed_paracetamol_500`), so the FHIR id
 * swaps every one for `-` (Carebeat ids hold no `-`, so this is still a bijection).
 */
export const medicationFhirId = (id: string) => id.replaceAll("_", "-");
const medicationIdOf = (fhirId: string) => fhirId.replaceAll("-", "_");

export function toFhirMedication(m: MedicationRow) {
  return {
    resourceType: "Medication" as const,
    id: medicationFhirId(m.id),
    meta: { lastUpdated: m.updatedAt.toISOString() },
    identifier: [{ use: "official", system: SID.medication, value: m.id }],
    code: { ...(m.atcCode ? { coding: [{ system: ATC_SYSTEM, code: m.atcCode }] } : {}), text: medicationLabel(m) },
    status: m.active ? "active" : "inactive",
    form: { text: m.form },
    // Strength stays text (`250 mg/5 ml`): Carebeat does not parse it into a Ratio.
  };
}

/**
 * Carebeat's statuses → R4 `medicationrequest-status` (docs/prescriptions.md): not yet or partly
 * dispensed, and dispensed (whole fills handed over, repeats left — still dispensable), are active;
 * completed (every fill handed over) completed; cancelled cancelled; expired (past valid-until with
 * units left) stopped.
 */
const TO_FHIR: Record<PrescriptionStatus, string> = {
  active: "active",
  partly_dispensed: "active",
  dispensed: "active",
  completed: "completed",
  cancelled: "cancelled",
  expired: "stopped",
};
const FROM_FHIR: Record<string, PrescriptionStatus[]> = {};
for (const [ours, theirs] of Object.entries(TO_FHIR) as [PrescriptionStatus, string][]) FROM_FHIR[theirs] = [...(FROM_FHIR[theirs] ?? []), ours];
const UNUSED = ["on-hold", "entered-in-error", "draft", "unknown"];

/** Structured frequency → Timing.repeat (as_needed has no timing: asNeededBoolean). */
const TIMING: Record<Frequency, { frequency: number; period: number; periodUnit: "d" | "wk"; when?: string[] } | null> = {
  once_daily: { frequency: 1, period: 1, periodUnit: "d" },
  twice_daily: { frequency: 2, period: 1, periodUnit: "d" },
  three_times_daily: { frequency: 3, period: 1, periodUnit: "d" },
  four_times_daily: { frequency: 4, period: 1, periodUnit: "d" },
  every_other_day: { frequency: 1, period: 2, periodUnit: "d" },
  weekly: { frequency: 1, period: 1, periodUnit: "wk" },
  at_bedtime: { frequency: 1, period: 1, periodUnit: "d", when: ["HS"] },
  as_needed: null,
};

const medicationRef = (m: MedicationRow) => ({ reference: `Medication/${medicationFhirId(m.id)}`, display: medicationLabel(m) });
/** The pharmacy's view names the patient, never their id (the REST pharmacy view's rule). */
const subjectOf = ({ p }: View, pharmacy: boolean) => (pharmacy ? { display: p.patientName } : { reference: `Patient/${toFhirId(p.patientId)}`, display: p.patientName });

export function toFhirMedicationRequest(v: View, pharmacy = false, now = new Date()) {
  const { p, m, doctorName } = v;
  const status = effectiveStatus(p.status, p.validUntil, now);
  const dose = doseOf(p);
  const timing = TIMING[p.frequency];
  return {
    resourceType: "MedicationRequest" as const,
    id: toFhirId(p.id),
    meta: { lastUpdated: p.updatedAt.toISOString() },
    identifier: [{ use: "official", system: SID.prescription, value: p.id }],
    status: TO_FHIR[status],
    ...(status === "cancelled" && p.cancelReason ? { statusReason: { text: p.cancelReason } } : {}),
    ...(status === "expired" ? { statusReason: { text: `Expired: valid until ${p.validUntil}` } } : {}),
    intent: "order",
    medicationReference: medicationRef(m),
    subject: subjectOf(v, pharmacy),
    authoredOn: p.createdAt.toISOString(),
    requester: { reference: `Practitioner/${toFhirId(p.doctorId)}`, display: doctorName },
    dosageInstruction: [
      {
        text: dose.text,
        ...(p.instructions ? { patientInstruction: p.instructions } : {}),
        ...(timing ? { timing: { repeat: timing } } : { asNeededBoolean: true }),
        doseAndRate: [{ doseQuantity: { value: dose.amount, unit: dose.unit } }],
      },
    ],
    dispenseRequest: {
      validityPeriod: { end: p.validUntil },
      numberOfRepeatsAllowed: p.repeats,
      quantity: { value: p.quantity, unit: m.form },
    },
    ...(p.replaces ? { priorPrescription: { reference: `MedicationRequest/${toFhirId(p.replaces)}` } } : {}),
  };
}

export function toFhirMedicationDispense(v: DispenseView, pharmacy = false) {
  const { d, p, m } = v;
  return {
    resourceType: "MedicationDispense" as const,
    id: toFhirId(d.id),
    meta: { lastUpdated: d.createdAt.toISOString() },
    identifier: [{ use: "official", system: SID.dispense, value: d.id }],
    status: "completed",
    medicationReference: medicationRef(m),
    subject: subjectOf(v, pharmacy),
    // The pharmacist is a user account, not a Practitioner resource: named by identifier.
    performer: [{ actor: { identifier: { system: IDENTIFIER_SYSTEM.actor, value: d.dispensedBy }, display: "Pharmacist" } }],
    authorizingPrescription: [{ reference: `MedicationRequest/${toFhirId(p.id)}` }],
    quantity: { value: d.units, unit: m.form },
    whenHandedOver: d.createdAt.toISOString(),
  };
}

const invalid = (field: string, message: string) => new VisibleError("input", "validation", "The request is invalid.", [{ field: `query.${field}`, message }]);

/** `patient` or `subject` (one of them), a Patient reference → its Carebeat id. */
function patientParam(parsed: Parsed): string | undefined {
  const given = ["patient", "subject"].filter((n) => parsed.values.has(n));
  if (given.length > 1) throw invalid("subject", "Give patient or subject, not both");
  const name = given[0];
  if (!name) return undefined;
  const ref = parseReference(name, parsed.values.get(name)![0]!);
  if ((ref.type ?? (ref.id.startsWith("pat_") ? "Patient" : undefined)) !== "Patient") throw invalid(name, "Must reference a Patient");
  return ref.id;
}

function typedRef(parsed: Parsed, name: string, type: string, prefix: string): string | undefined {
  const raw = parsed.values.get(name)?.[0];
  if (raw === undefined) return undefined;
  const ref = parseReference(name, raw);
  if ((ref.type ?? (ref.id.startsWith(prefix) ? type : undefined)) !== type) throw invalid(name, `Must reference a ${type}`);
  return ref.id;
}

export async function readMedication(fhirId: string) {
  const [m] = await searchMedications({ ids: [medicationIdOf(fhirId)], limit: 1 });
  if (!m) throw new VisibleError("not-found", "medication.not_found", "No such medication.");
  return toFhirMedication(m);
}

const MedicationCursor = z.object({ id: z.string().min(1).max(64) }).strict();

export async function medicationPage(parsed: Parsed) {
  const id = parsed.values.get("_id")?.[0];
  const ids = id !== undefined ? parseList("_id", id).map(medicationIdOf) : undefined;
  const code = parsed.values.get("code")?.[0];
  const atcCodes =
    code !== undefined
      ? parseList("code", code)
          .map((t) => parseToken("code", t))
          .filter((t) => t.system === undefined || t.system === ATC_SYSTEM)
          .map((t) => t.code)
      : undefined;
  const after = parsed.cursor ? decodeCursor(parsed.cursor, MedicationCursor, "query._cursor").id : undefined;
  const rows = await searchMedications({ ids, atcCodes, after, limit: parsed.count + 1 });
  const page = rows.slice(0, parsed.count);
  return { items: page.map(toFhirMedication), nextCursor: rows.length > parsed.count ? encodeCursor({ id: page.at(-1)!.id }) : null };
}

export async function readMedicationRequest(fhirId: string) {
  const { view, pharmacy } = await readPrescription(fromFhirId(fhirId));
  return toFhirMedicationRequest(view, pharmacy);
}

export async function medicationRequestPage(parsed: Parsed) {
  const status = parsed.values.get("status")?.[0];
  let statuses: PrescriptionStatus[] | undefined;
  if (status !== undefined) {
    const codes = parseList("status", status);
    const bad = codes.find((c) => !FROM_FHIR[c] && !UNUSED.includes(c));
    if (bad) throw invalid("status", "Must be an R4 medicationrequest status (active, completed, cancelled, stopped, on-hold, entered-in-error, draft, unknown)");
    statuses = codes.flatMap((c) => FROM_FHIR[c] ?? []);
  }
  const updates = parsed.values.get("_lastUpdated");
  const updated = updates ? parseDateTimes("_lastUpdated", updates) : {};
  const page = await searchPrescriptions({
    patientId: patientParam(parsed),
    doctorId: typedRef(parsed, "requester", "Practitioner", "doc_"),
    statuses,
    updatedFrom: updated.from,
    updatedTo: updated.to,
    cursor: parsed.cursor,
    limit: parsed.count,
  });
  return { items: page.items.map((v) => toFhirMedicationRequest(v, page.pharmacy)), nextCursor: page.nextCursor };
}

export async function readMedicationDispense(fhirId: string) {
  const { view, pharmacy } = await readDispense(fromFhirId(fhirId));
  return toFhirMedicationDispense(view, pharmacy);
}

export async function medicationDispensePage(parsed: Parsed) {
  const page = await searchDispenses({
    patientId: patientParam(parsed),
    prescriptionId: typedRef(parsed, "prescription", "MedicationRequest", "rx_"),
    cursor: parsed.cursor,
    limit: parsed.count,
  });
  return { items: page.items.map((v) => toFhirMedicationDispense(v, page.pharmacy)), nextCursor: page.nextCursor };
}
