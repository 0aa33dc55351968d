import { z } from "../util/zod";
import { Cursor } from "../util/cursor";
import { instant as instantRule } from "../util/date";
import { appointmentTable, appointmentStatuses } from "./appointment.sql";

/** An appointments row without its generated range column (statements return it so). */
export type Row = Omit<typeof appointmentTable.$inferSelect, "during">;
const instant = instantRule();
export const id = z.string().min(1).max(64);

/** An appointment as the API answers it. */
export const Info = z
  .object({
    id: z.string(),
    doctorId: z.string(),
    patientId: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    status: z.enum(appointmentStatuses),
    reason: z.string().nullable(),
    cancelReason: z.string().nullable(),
    feeCents: z.number(),
    currency: z.string(),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Appointment");
export type Info = z.infer<typeof Info>;

/** A list row names its patient and doctor, so a list needs no request (or audit row) per row. */
export const ListItem = Info.extend({
  patientName: z.string().nullable().openapi({ description: "From the patient directory; null for a deleted or unknown record" }),
  doctorName: z.string().nullable(),
}).openapi("AppointmentListItem");
export type ListItem = z.infer<typeof ListItem>;

const timeRange = { startsAt: instant, endsAt: instant };
function checkDuration<T extends { startsAt: string; endsAt: string }>(s: z.ZodType<T>) {
  return s.refine(
    (v) => {
      const minutes = (Date.parse(v.endsAt) - Date.parse(v.startsAt)) / 60_000;
      return minutes >= 5 && minutes <= 240;
    },
    { message: "Must be 5 to 240 minutes after startsAt", path: ["endsAt"] },
  );
}
export const BookInput = checkDuration(z.object({ patientId: id, doctorId: id, ...timeRange, reason: z.string().trim().max(500).optional() }).strict());
export const RescheduleInput = checkDuration(z.object(timeRange).strict());
export const CancelInput = z.object({ reason: z.string().trim().max(500).optional() }).strict();
export const ListInput = z.object({
  doctorId: id.optional(),
  patientId: id.optional(),
  status: z.enum(appointmentStatuses).optional(),
  from: instant.optional(),
  to: instant.optional(),
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
/** The list plus an updated_at range, `updatedFrom` inclusive, `updatedTo` exclusive (the FHIR `_lastUpdated` search). */
export const SearchInput = ListInput.extend({ updatedFrom: instant.optional(), updatedTo: instant.optional() });

/** Fields a statement's row carries beyond the API's (the range column) are left out. */
export function serialize(r: Row & { during?: unknown }): Info {
  // The reschedule count is the calendar feed's SEQUENCE (docs/calendar.md), not part of the API's answer.
  const { during: _d, reschedules: _r, ...rest } = r;
  return { ...rest, startsAt: r.startsAt.toISOString(), endsAt: r.endsAt.toISOString(), createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() };
}
