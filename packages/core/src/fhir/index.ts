import { Patient } from "../patient";
import { Doctor } from "../doctor";
import { Appointment } from "../appointment";
import { APPOINTMENT as APPOINTMENT_CAPABILITY, appointmentFilters, readAppointment as readOne, toFhirAppointment } from "./appointment";
import { VisibleError } from "../util/error";
import { capabilityStatement, type ResourceCapability } from "./capability";
import { fromFhirId, IDENTIFIER_SYSTEM } from "./ids";
import { lastUpdated, parseDate, parseList, parseSearch, parseToken, queryString, type Parsed } from "./params";
import { searchset, toFhirPatient, toFhirPractitioner } from "./resources";
import { Invoice } from "../invoice";
import { createPatient as createOnePatient } from "./patient-write";
import { createAppointment as createOneAppointment, ifMatchVersion, patchAppointment as patchOneAppointment, updateAppointment as updateOneAppointment } from "./appointment-write";
import { Audit } from "../audit";
import { INVOICE, invoiceFilters, readInvoice as readOneInvoice, toFhirInvoice } from "./invoice";
import { AUDIT_EVENT, auditFilters, readAuditEvent as readOneAuditEvent, toFhirAuditEvent } from "./audit-event";
import {
  MEDICATION,
  MEDICATION_DISPENSE,
  MEDICATION_REQUEST,
  medicationDispensePage,
  medicationPage,
  medicationRequestPage,
  readMedication as readOneMedication,
  readMedicationDispense as readOneDispense,
  readMedicationRequest as readOneRequest,
} from "./medication";
import { SCHEDULE, SLOT, readSchedule as readOneSchedule, readSlot as readOneSlot, scheduleFilters, searchSlots as slotPage, toFhirSchedule } from "./schedule";

/**
 * FHIR R4 over the existing domains (docs/fhir.md): every read and search goes through the
 * domain's own operation — `Patient.read`/`Patient.search`, `Doctor.read`/`Doctor.search` — so the
 * roles' record scopes and the audit rows are the REST API's; this module only parses FHIR
 * search parameters and maps records to resources. It owns no data.
 */
export namespace Fhir {
  export const PATIENT: ResourceCapability = {
    type: "Patient",
    interactions: ["read", "search-type", "create"],
    params: {
      _id: { type: "token", documentation: "Logical id(s), comma-separated" },
      identifier: { type: "token", documentation: `${IDENTIFIER_SYSTEM.patient}|<Carebeat id>` },
      name: { type: "string", documentation: "Prefix of the family or given name (case- and accent-insensitive)" },
      family: { type: "string", documentation: "Prefix of the family name" },
      given: { type: "string", documentation: "Prefix of the given name" },
      birthdate: { type: "date", documentation: "[eq|ge|gt|le|lt]YYYY[-MM[-DD]]; twice for a range" },
      gender: { type: "token", documentation: "male | female | other | unknown" },
      _lastUpdated: { type: "date", documentation: "meta.lastUpdated: [eq|ge|gt|le|lt]YYYY[-MM[-DD[Thh:mm[:ss]±hh:mm]]]; twice for a range" },
    },
  };
  export const PRACTITIONER: ResourceCapability = {
    type: "Practitioner",
    interactions: ["read", "search-type"],
    params: {
      _id: { type: "token", documentation: "Logical id(s), comma-separated" },
      name: { type: "string", documentation: "Prefix of any word of the name" },
      _lastUpdated: { type: "date", documentation: "meta.lastUpdated, as for Patient" },
    },
  };
  /** What is implemented, and therefore all the CapabilityStatement lists. */
  export const APPOINTMENT = APPOINTMENT_CAPABILITY;
  export const INVOICE_CAPABILITY = INVOICE;
  export const AUDIT_EVENT_CAPABILITY = AUDIT_EVENT;
  export const SCHEDULE_CAPABILITY = SCHEDULE;
  export const SLOT_CAPABILITY = SLOT;
  export const MEDICATION_CAPABILITY = MEDICATION;
  export const MEDICATION_REQUEST_CAPABILITY = MEDICATION_REQUEST;
  export const MEDICATION_DISPENSE_CAPABILITY = MEDICATION_DISPENSE;
  export const RESOURCES: readonly ResourceCapability[] = [
    PATIENT,
    PRACTITIONER,
    APPOINTMENT,
    SCHEDULE,
    SLOT,
    INVOICE,
    AUDIT_EVENT,
    MEDICATION,
    MEDICATION_REQUEST,
    MEDICATION_DISPENSE,
  ];

  export interface Request {
    /** Absolute base URL, e.g. https://clinic.example/fhir/R4. */
    base: string;
    query: Record<string, string[]>;
    lenient: boolean;
  }

  const STARTED = new Date().toISOString();
  export const metadata = (base: string) => capabilityStatement(RESOURCES, { base, version: "0.1.0", date: STARTED });

  /**
   * The domains name their own input fields (`cursor`, `birthDate`, `sex`, `limit`…); a FHIR client
   * sent search parameters: issues are renamed to the parameter (`query._cursor`, `query.birthdate`).
   */
  const FIELD_OF: Record<string, string> = {
    "query.cursor": "query._cursor",
    cursor: "query._cursor",
    limit: "query._count",
    ids: "query._id",
    name: "query.name",
    family: "query.family",
    given: "query.given",
    birthDate: "query.birthdate",
    sex: "query.gender",
    patientId: "query.patient",
    doctorId: "query.practitioner",
    status: "query.status",
    from: "query.date",
    to: "query.date",
    updated: "query._lastUpdated",
    updatedFrom: "query._lastUpdated",
    updatedTo: "query._lastUpdated",
  };
  async function inQueryTerms<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (!(err instanceof VisibleError) || err.kind !== "input") throw err;
      const rename = (field: string) => FIELD_OF[field] ?? FIELD_OF[field.split(".")[0]!] ?? field;
      throw new VisibleError(
        err.kind,
        err.code,
        err.message,
        err.issues.map((i) => ({ ...i, field: rename(i.field) })),
        err.headers,
      );
    }
  }

  function links(req: Request, type: string, parsed: Parsed, nextCursor: string | null) {
    const url = (extra: Record<string, string>) => `${req.base}/${type}?${queryString(parsed.values, { ...extra, _count: String(parsed.count) })}`;
    return { self: url(parsed.cursor ? { _cursor: parsed.cursor } : {}), next: nextCursor ? url({ _cursor: nextCursor }) : undefined };
  }

  /** `_id` and `identifier` (our system, or none) → the ids asked for; another system matches nothing. */
  function idsOf(parsed: Parsed, system: string): string[] | undefined {
    let ids: string[] | undefined;
    const id = parsed.values.get("_id")?.[0];
    if (id !== undefined) ids = parseList("_id", id).map(fromFhirId);
    const identifier = parsed.values.get("identifier")?.[0];
    if (identifier !== undefined) {
      const wanted = parseList("identifier", identifier)
        .map((t) => parseToken("identifier", t))
        .filter((t) => t.system === undefined || t.system === system)
        .map((t) => t.code);
      ids = ids ? ids.filter((i) => wanted.includes(i)) : wanted;
    }
    return ids;
  }

  export async function readPatient(fhirId: string) {
    return toFhirPatient(await Patient.read(fromFhirId(fhirId)));
  }

  export async function searchPatients(req: Request) {
    const parsed = parseSearch(req.query, PATIENT.params, { lenient: req.lenient });
    const v = (name: string) => parsed.values.get(name)?.[0];
    const gender = v("gender");
    if (gender !== undefined && !["male", "female", "other", "unknown"].includes(gender))
      throw new VisibleError("input", "validation", "The request is invalid.", [{ field: "query.gender", message: "Must be male, female, other or unknown" }]);
    const birthDate = parsed.values.get("birthdate")?.flatMap((d) => parseDate("birthdate", d));
    const page = await inQueryTerms(() =>
      Patient.search({
        ids: idsOf(parsed, IDENTIFIER_SYSTEM.patient),
        name: v("name"),
        family: v("family"),
        given: v("given"),
        birthDate,
        sex: gender as "male" | "female" | "other" | "unknown" | undefined,
        updated: parsed.values.has("_lastUpdated") ? lastUpdated(parsed) : undefined,
        limit: parsed.count,
        cursor: parsed.cursor,
      }),
    );
    return searchset({ base: req.base, resources: page.items.map(toFhirPatient), total: page.total, ...links(req, "Patient", parsed, page.nextCursor) });
  }

  export async function readPractitioner(fhirId: string) {
    return toFhirPractitioner(await Doctor.read(fromFhirId(fhirId)));
  }

  export async function searchPractitioners(req: Request) {
    const parsed = parseSearch(req.query, PRACTITIONER.params, { lenient: req.lenient });
    const updated = lastUpdated(parsed);
    const page = await inQueryTerms(() =>
      Doctor.search({
        ids: idsOf(parsed, IDENTIFIER_SYSTEM.doctor),
        name: parsed.values.get("name")?.[0],
        updatedFrom: updated.from,
        updatedTo: updated.to,
        limit: parsed.count,
        cursor: parsed.cursor,
      }),
    );
    return searchset({ base: req.base, resources: page.items.map(toFhirPractitioner), total: page.total, ...links(req, "Practitioner", parsed, page.nextCursor) });
  }

  export const readAppointment = readOne;

  /** Through the appointments list: a patient their own, a doctor their schedule (asking for another's is a 403, audited). */
  export async function searchAppointments(req: Request) {
    const parsed = parseSearch(req.query, APPOINTMENT.params, { lenient: req.lenient });
    const match = appointmentFilters(parsed);
    const page = match.none
      ? { items: [], nextCursor: null, total: 0 }
      : await inQueryTerms(() => Appointment.search({ ...match.filters, limit: parsed.count, cursor: parsed.cursor }));
    return searchset({ base: req.base, resources: page.items.map(toFhirAppointment), total: page.total, ...links(req, "Appointment", parsed, page.nextCursor) });
  }

  export const readSchedule = readOneSchedule;

  /** A doctor's Schedule: the Practitioner search's pages (every doctor is visible to every role, as in REST). */
  export async function searchSchedules(req: Request) {
    const parsed = parseSearch(req.query, SCHEDULE.params, { lenient: req.lenient });
    const match = scheduleFilters(parsed);
    let ids = parsed.values.has("_id") ? parseList("_id", parsed.values.get("_id")![0]!).map(fromFhirId) : undefined;
    if (match.doctorId) ids = ids ? ids.filter((i) => i === match.doctorId) : [match.doctorId];
    const page = match.none
      ? { items: [], nextCursor: null, total: 0 }
      : await inQueryTerms(() => Doctor.search({ ids, active: match.active, limit: parsed.count, cursor: parsed.cursor }));
    return searchset({ base: req.base, resources: page.items.map(toFhirSchedule), total: page.total, ...links(req, "Schedule", parsed, page.nextCursor) });
  }

  export const readSlot = readOneSlot;

  /** One schedule's free slots, computed like the availability route (schedule.ts). */
  export async function searchSlots(req: Request) {
    const parsed = parseSearch(req.query, SLOT.params, { lenient: req.lenient });
    const page = await slotPage(parsed);
    return searchset({ base: req.base, resources: page.items, total: page.total, ...links(req, "Slot", parsed, page.nextCursor) });
  }

  export const readInvoice = readOneInvoice;

  /** Through the invoice list: a patient their own, a doctor their patients' (naming another is a 403, audited). */
  export async function searchInvoices(req: Request) {
    const parsed = parseSearch(req.query, INVOICE.params, { lenient: req.lenient });
    const match = invoiceFilters(parsed);
    const page = match.none
      ? { items: [], nextCursor: null, total: 0 }
      : await inQueryTerms(() => Invoice.search({ ...match.filters, limit: parsed.count, cursor: parsed.cursor }));
    return searchset({ base: req.base, resources: page.items.map(toFhirInvoice), total: page.total, ...links(req, "Invoice", parsed, page.nextCursor) });
  }

  export const readAuditEvent = readOneAuditEvent;

  /** The audit log, newest first (admins only, the route says so; reading it is audited as `audit.read`). */
  export async function searchAuditEvents(req: Request) {
    const parsed = parseSearch(req.query, AUDIT_EVENT.params, { lenient: req.lenient });
    const match = auditFilters(parsed);
    const page = match.none ? { items: [], nextCursor: null } : await inQueryTerms(() => Audit.list({ ...match.filters, limit: parsed.count, cursor: parsed.cursor }));
    return searchset({ base: req.base, resources: page.items.map(toFhirAuditEvent), ...links(req, "AuditEvent", parsed, page.nextCursor) });
  }

  export const readMedication = readOneMedication;

  /** The catalogue (every signed-in role and the pharmacist; no patient data), retired ones as inactive. */
  export async function searchMedications(req: Request) {
    const parsed = parseSearch(req.query, MEDICATION.params, { lenient: req.lenient });
    const page = await medicationPage(parsed);
    return searchset({ base: req.base, resources: page.items, ...links(req, "Medication", parsed, page.nextCursor) });
  }

  export const readMedicationRequest = readOneRequest;

  /** Prescriptions: a patient their own, a doctor what they prescribed, a pharmacist the dispensable queue (audited). */
  export async function searchMedicationRequests(req: Request) {
    const parsed = parseSearch(req.query, MEDICATION_REQUEST.params, { lenient: req.lenient });
    const page = await inQueryTerms(() => medicationRequestPage(parsed));
    return searchset({ base: req.base, resources: page.items, ...links(req, "MedicationRequest", parsed, page.nextCursor) });
  }

  export const readMedicationDispense = readOneDispense;

  /** Hand-overs at the counter, scoped like the prescriptions (audited). */
  export async function searchMedicationDispenses(req: Request) {
    const parsed = parseSearch(req.query, MEDICATION_DISPENSE.params, { lenient: req.lenient });
    const page = await inQueryTerms(() => medicationDispensePage(parsed));
    return searchset({ base: req.base, resources: page.items, ...links(req, "MedicationDispense", parsed, page.nextCursor) });
  }

  export const createPatient = createOnePatient;
  export const createAppointment = createOneAppointment;
  export const updateAppointment = updateOneAppointment;
  export const patchAppointment = patchOneAppointment;
  export const ifMatch = ifMatchVersion;
}
