import { Appointment } from "../appointment";
import { VisibleError, issuesFromZod, type FieldIssue } from "../util/error";
import { z } from "../util/zod";
import { FHIR_STATUS, toFhirAppointment } from "./appointment";
import { IDENTIFIER_SYSTEM, fromFhirId, toFhirId } from "./ids";
import { applyJsonPatch } from "./json-patch";

/**
 * Appointment writes (docs/fhir.md, "Writes"), each one the booking domain's own operation:
 * `create` is `Appointment.book` (its 409 on an overlap, 422 out of hours, its outbox event and
 * audit row; billing starts after commit), and an update or patch that sets `status: cancelled`
 * is `Appointment.cancel`, one that moves `start`/`end` is `Appointment.reschedule`. Any other
 * change is refused (422) rather than half applied. `If-Match` is checked under the row lock
 * (`Appointment.ifVersion`), so a stale version is a 412 and nothing is written.
 */
const Reference = z.object({ reference: z.string().max(200), display: z.string().max(300).optional() }).strict();
const Participant = z
  .object({
    actor: Reference,
    status: z.enum(["accepted", "declined", "tentative", "needs-action"]).optional(),
    required: z.enum(["required", "optional", "information-only"]).optional(),
  })
  .strict();
const R4_STATUSES = ["proposed", "pending", "booked", "arrived", "fulfilled", "cancelled", "noshow", "entered-in-error", "checked-in", "waitlist"] as const;

export const FhirAppointmentInput = z
  .object({
    resourceType: z.literal("Appointment"),
    id: z.string().max(64).optional(),
    meta: z.record(z.string(), z.unknown()).optional(),
    text: z.record(z.string(), z.unknown()).optional(),
    // Carebeat's own identifier (as a read answers it) may come back; nobody else's can be stored.
    identifier: z
      .array(z.object({ use: z.string().optional(), system: z.literal(IDENTIFIER_SYSTEM.appointment), value: z.string().max(64) }).strict())
      .max(1)
      .optional(),
    status: z.enum(R4_STATUSES),
    cancelationReason: z
      .object({ text: z.string().max(500) })
      .strict()
      .optional(),
    description: z.string().max(500).optional(),
    start: z.string().max(40),
    end: z.string().max(40),
    minutesDuration: z.number().int().optional(),
    // Server-assigned; a read's value may be sent back and is ignored.
    created: z.string().max(40).optional(),
    participant: z.array(Participant).length(2, "Exactly two participants: the Patient and the Practitioner"),
  })
  .strict();
type Input = z.infer<typeof FhirAppointmentInput>;

const invalid = (issues: FieldIssue[]) => new VisibleError("input", "validation", "The request is invalid.", issues);
const refused = (field: string, message: string) => new VisibleError("unprocessable", "fhir.unsupported_change", message, [{ field, message }]);

function parse(body: unknown): Input & { patientId: string; doctorId: string } {
  const parsed = FhirAppointmentInput.safeParse(body);
  if (!parsed.success) throw invalid(issuesFromZod(parsed.error.issues).map((i) => ({ ...i, field: i.field === "(body)" ? "body" : `body.${i.field}` })));
  const a = parsed.data;
  const of = (type: string) =>
    a.participant
      .map((p) => /^(?:.*\/)?([A-Za-z]+)\/([A-Za-z0-9\-._]{1,64})$/.exec(p.actor.reference))
      .filter((m) => m?.[1] === type)
      .map((m) => fromFhirId(m![2]!));
  const patients = of("Patient");
  const doctors = of("Practitioner");
  if (patients.length !== 1 || doctors.length !== 1) throw invalid([{ field: "body.participant", message: "Exactly one Patient/<id> and one Practitioner/<id> actor" }]);
  const minutes = (Date.parse(a.end) - Date.parse(a.start)) / 60_000;
  if (a.minutesDuration !== undefined && Number.isFinite(minutes) && a.minutesDuration !== minutes)
    throw invalid([{ field: "body.minutesDuration", message: "Must equal end − start" }]);
  return { ...a, patientId: patients[0]!, doctorId: doctors[0]! };
}

/** The booking domain names its fields; the client sent R4 elements. */
const ELEMENT: Record<string, string> = { startsAt: "body.start", endsAt: "body.end", reason: "body.description", patientId: "body.participant", doctorId: "body.participant" };
async function inBodyTerms<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof VisibleError) || err.kind !== "input") throw err;
    throw new VisibleError(
      err.kind,
      err.code,
      err.message,
      err.issues.map((i) => ({ ...i, field: ELEMENT[i.field] ?? i.field })),
      err.headers,
    );
  }
}

/** `create`: a booking. Only a booked appointment can be created. */
export async function createAppointment(body: unknown) {
  const a = parse(body);
  if (a.status !== "booked") throw refused("body.status", "An appointment is created booked (status booked)");
  if (a.cancelationReason) throw refused("body.cancelationReason", "A new appointment has no cancellation reason");
  const info = await inBodyTerms(() => Appointment.book({ patientId: a.patientId, doctorId: a.doctorId, startsAt: a.start, endsAt: a.end, reason: a.description }));
  return toFhirAppointment(info);
}

/** `If-Match: W/"<version>"` (or `"<version>"`) → the version; anything else is a 400. */
export function ifMatchVersion(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,16})"?\s*$/.exec(header);
  if (!m) throw invalid([{ field: "If-Match", message: 'Must be an ETag such as W/"1767000000000"' }]);
  return m[1];
}

const sameInstant = (a: string, b: string) => Date.parse(a) === Date.parse(b);

/** What the desired resource asks of the current appointment: nothing, a cancellation or a move. */
function changeOf(current: Appointment.Info, d: Input & { patientId: string; doctorId: string }): (() => Promise<Appointment.Info>) | null {
  if (d.patientId !== current.patientId || d.doctorId !== current.doctorId) throw refused("body.participant", "The participants of an appointment cannot change");
  if ((d.description ?? null) !== (current.reason ?? null)) throw refused("body.description", "The reason of an appointment cannot change");
  const moved = !sameInstant(d.start, current.startsAt) || !sameInstant(d.end, current.endsAt);
  const status = FHIR_STATUS[current.status];
  if (d.status !== status) {
    if (d.status !== "cancelled") throw refused("body.status", "Only a cancellation (status cancelled) can be made through update or patch");
    if (moved) throw refused("body.start", "Cancel or move an appointment, not both at once");
    return () => Appointment.cancel({ id: current.id, reason: d.cancelationReason?.text });
  }
  if ((d.cancelationReason?.text ?? null) !== (current.cancelReason ?? null)) throw refused("body.cancelationReason", "The cancellation reason is set by cancelling");
  if (moved) return () => inBodyTerms(() => Appointment.reschedule({ id: current.id, times: { startsAt: d.start, endsAt: d.end } }));
  return null;
}

async function apply(current: Appointment.Info, desired: unknown, ifMatch: string | undefined) {
  // Checked on what was read first (a stale client hears 412 before any rule about its changes),
  // and again under the lock: then the locked row being at that version means the diff was against it.
  if (ifMatch !== undefined && ifMatch !== Appointment.version(current))
    throw new VisibleError("precondition", "appointment.version_mismatch", "The appointment changed since you read it; reload it and try again.", [
      { field: "If-Match", message: `Not the current version (W/"${Appointment.version(current)}")` },
    ]);
  const d = parse(desired);
  const change = changeOf(current, d);
  const run = async () => (change ? change() : current);
  const info = ifMatch === undefined ? await run() : await Appointment.ifVersion(current.id, ifMatch, run);
  return toFhirAppointment(info);
}

/** `update` (PUT): the whole resource; its id must be the path's. */
export async function updateAppointment(fhirId: string, body: unknown, ifMatch: string | undefined) {
  const id = fromFhirId(fhirId);
  const bodyId = (body as { id?: unknown } | null)?.id;
  if (typeof bodyId !== "string" || fromFhirId(bodyId) !== id) throw invalid([{ field: "body.id", message: "Must be the id in the URL" }]);
  const current = await Appointment.read(id);
  return apply(current, body, ifMatch);
}

/** `patch` (JSON Patch) onto the resource as a read answers it, then as an update. */
export async function patchAppointment(fhirId: string, patch: unknown, ifMatch: string | undefined) {
  const current = await Appointment.read(fromFhirId(fhirId));
  const desired = applyJsonPatch(toFhirAppointment(current), patch);
  if (desired.id !== toFhirId(current.id)) throw refused("body", "The id cannot change");
  return apply(current, desired, ifMatch);
}
