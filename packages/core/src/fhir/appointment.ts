import { Appointment } from "../appointment";
import type { AppointmentStatus } from "../appointment/appointment.sql";
import { VisibleError } from "../util/error";
import type { ResourceCapability } from "./capability";
import { IDENTIFIER_SYSTEM, fromFhirId, toFhirId } from "./ids";
import { lastUpdated, parseDateTimes, parseReference, type Parsed } from "./params";

/** Carebeat's lifecycle → R4 `appointmentstatus` (docs/fhir.md). */
const TO_FHIR: Record<AppointmentStatus, string> = { booked: "booked", completed: "fulfilled", cancelled: "cancelled", no_show: "noshow" };
export const FHIR_STATUS: Readonly<Record<AppointmentStatus, string>> = TO_FHIR;
const FROM_FHIR = Object.fromEntries(Object.entries(TO_FHIR).map(([k, v]) => [v, k])) as Record<string, AppointmentStatus>;
/** R4 codes Carebeat never uses: a search for them is valid and matches nothing. */
const UNUSED = ["proposed", "pending", "arrived", "entered-in-error", "checked-in", "waitlist"];

export const APPOINTMENT: ResourceCapability = {
  type: "Appointment",
  interactions: ["read", "search-type", "create", "update", "patch"],
  params: {
    patient: { type: "reference", documentation: "Patient/<id>: the patient's appointments" },
    practitioner: { type: "reference", documentation: "Practitioner/<id>: the doctor's appointments" },
    actor: { type: "reference", documentation: "Patient/<id> or Practitioner/<id>" },
    date: { type: "date", documentation: "Start: [eq|ge|gt|le|lt]YYYY[-MM[-DD[Thh:mm[:ss]±hh:mm]]]; twice for a range" },
    status: { type: "token", documentation: "booked | fulfilled | cancelled | noshow" },
    _lastUpdated: { type: "date", documentation: "meta.lastUpdated, as date" },
  },
};

/** An appointment as an R4 Appointment: the patient and the doctor as accepted participants. */
export function toFhirAppointment(a: Appointment.Info & { patientName?: string | null; doctorName?: string | null }) {
  const participant = (reference: string, display: string | null | undefined) => ({ actor: { reference, ...(display ? { display } : {}) }, status: "accepted" });
  return {
    resourceType: "Appointment" as const,
    id: toFhirId(a.id),
    // The version is updated_at in ms (Appointment.version): the ETag and If-Match value.
    meta: { versionId: Appointment.version(a), lastUpdated: a.updatedAt },
    identifier: [{ use: "official", system: IDENTIFIER_SYSTEM.appointment, value: a.id }],
    status: TO_FHIR[a.status],
    ...(a.cancelReason ? { cancelationReason: { text: a.cancelReason } } : {}),
    ...(a.reason ? { description: a.reason } : {}),
    start: a.startsAt,
    end: a.endsAt,
    minutesDuration: Math.round((Date.parse(a.endsAt) - Date.parse(a.startsAt)) / 60_000),
    created: a.createdAt,
    participant: [participant(`Patient/${toFhirId(a.patientId)}`, a.patientName), participant(`Practitioner/${toFhirId(a.doctorId)}`, a.doctorName)],
  };
}

const invalid = (field: string, message: string) => new VisibleError("input", "validation", "The request is invalid.", [{ field: `query.${field}`, message }]);

/**
 * The search parameters as the appointments list's filters (its scope, paging and audit); `none`
 * when they cannot match anything (two different patients, a status Carebeat never uses).
 */
export function appointmentFilters(parsed: Parsed):
  | {
      none: true;
    }
  | { none: false; filters: { patientId?: string; doctorId?: string; status?: AppointmentStatus; from?: string; to?: string; updatedFrom?: string; updatedTo?: string } } {
  const v = (name: string) => parsed.values.get(name)?.[0];
  const patients = new Set<string>();
  const doctors = new Set<string>();
  let none = false;
  const add = (name: string, raw: string | undefined, allowed: string[]) => {
    if (raw === undefined) return;
    const ref = parseReference(name, raw);
    const type = ref.type ?? (ref.id.startsWith("pat_") ? "Patient" : ref.id.startsWith("doc_") ? "Practitioner" : undefined);
    if (type === undefined) throw invalid(name, `Must reference ${allowed.join(" or ")}`);
    if (allowed.includes(type)) (type === "Patient" ? patients : doctors).add(ref.id);
    // An actor of another type (a Location, a Device) is a valid reference no Carebeat appointment has.
    else if (name === "actor") none = true;
    else throw invalid(name, `Must reference ${allowed.join(" or ")}`);
  };
  add("patient", v("patient"), ["Patient"]);
  add("practitioner", v("practitioner"), ["Practitioner"]);
  add("actor", v("actor"), ["Patient", "Practitioner"]);
  const status = v("status");
  if (status !== undefined && !FROM_FHIR[status] && !UNUSED.includes(status)) throw invalid("status", "Must be an R4 appointment status (booked, fulfilled, cancelled, noshow, …)");
  if (status !== undefined && UNUSED.includes(status)) none = true;
  const dates = parsed.values.get("date");
  const range = dates ? parseDateTimes("date", dates) : {};
  if (range.from && range.to && range.from >= range.to) none = true;
  const updated = lastUpdated(parsed);
  if (updated.from && updated.to && updated.from >= updated.to) none = true;
  if (patients.size > 1 || doctors.size > 1 || none) return { none: true };
  return {
    none: false,
    filters: {
      patientId: [...patients][0],
      doctorId: [...doctors][0],
      status: status ? FROM_FHIR[status] : undefined,
      ...range,
      ...(updated.from ? { updatedFrom: updated.from } : {}),
      ...(updated.to ? { updatedTo: updated.to } : {}),
    },
  };
}

export async function readAppointment(fhirId: string) {
  return toFhirAppointment(await Appointment.read(fromFhirId(fhirId)));
}
