import { z } from "../util/zod";
import { fn } from "../util/fn";
import { calendarDate } from "../util/date";
import { AppointmentEvents, AppointmentEvent } from "./event";
import * as info from "./info";
import * as booking from "./book";
import * as change from "./change";
import * as queries from "./queries";
import { unlessChanged, versionOf } from "./version";

const { id } = info;

/**
 * The appointment domain's surface. The work lives in book.ts (booking), change.ts (reschedule and
 * the status transitions) and queries.ts (read, list, availability), which share refusals.ts,
 * retry.ts and the one per-process cache, doctor-cache.ts; the single-round-trip statements are
 * the *.statement.ts files.
 */
export namespace Appointment {
  /** The events an appointment emits (topic `appointment-events`, key = doctor id). */
  export const Event = AppointmentEvent;
  export type Event = AppointmentEvent;
  export const Events = AppointmentEvents;
  export const Info = info.Info;
  export type Info = info.Info;
  export const ListItem = info.ListItem;
  export type ListItem = info.ListItem;
  export const BookInput = info.BookInput;
  export const RescheduleInput = info.RescheduleInput;
  export const CancelInput = info.CancelInput;
  export const ListInput = info.ListInput;
  export const SearchInput = info.SearchInput;

  export const book = fn(BookInput, booking.book);
  export const reschedule = fn(z.object({ id, times: RescheduleInput }), ({ id: appointmentId, times }) => change.reschedule(appointmentId, times));
  export const cancel = fn(z.object({ id, reason: z.string().max(500).optional() }), ({ id: appointmentId, reason }) =>
    change.transition(appointmentId, "cancelled", "patient", { cancelReason: reason }),
  );
  export const complete = fn(id, (appointmentId) => change.transition(appointmentId, "completed", "doctor"));
  export const noShow = fn(id, (appointmentId) => change.transition(appointmentId, "no_show", "doctor"));
  export const read = fn(id, queries.read);
  export const list = fn(ListInput, queries.list);
  /** `list` with the total of its matches (the FHIR Appointment search, docs/fhir.md). */
  export const search = fn(SearchInput, queries.search);
  /** The ETag version (updated_at in ms) and a change guarded by it (If-Match, 412): version.ts. */
  export const version = versionOf;
  export const ifVersion = unlessChanged;
  export const availability = fn(z.object({ doctorId: id, date: calendarDate() }), ({ doctorId, date }) => queries.availability(doctorId, date));
}
