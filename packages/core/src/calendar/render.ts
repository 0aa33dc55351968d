import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import { getVtimezoneComponent } from "@touch4it/ical-timezones";
import { TZDate } from "@date-fns/tz";

/** One visit as a feed shows it: no reason, no fee, nothing clinical (docs/calendar.md "Privacy"). */
export interface FeedVisit {
  id: string;
  startsAt: Date;
  endsAt: Date;
  status: "booked" | "completed" | "cancelled" | "no_show";
  reschedules: number;
  updatedAt: Date;
  doctorName: string;
  timezone: string;
}

export interface FeedView {
  owner: "doctor" | "patient";
  clinicName: string;
  /** The site's appointments page: the doctor's feed links there instead of naming the patient. */
  siteUrl: string;
  visits: FeedVisit[];
}

/** The calendar's refresh hint: 15 minutes (X-PUBLISHED-TTL and REFRESH-INTERVAL). */
const FEED_TTL_SECONDS = 900;

/**
 * RFC 5545 text of a feed. Each visit is one VEVENT whose UID is derived from the appointment id
 * (it never changes, so a calendar updates the event in place), whose SEQUENCE is the number of
 * reschedules, and whose times carry the doctor's TZID with a VTIMEZONE for every zone used
 * (@touch4it/ical-timezones). TZDate (@date-fns/tz) makes ical-generator print the wall-clock time
 * in that zone whatever the process's own zone is. DTSTAMP is the row's last change, so the same
 * data renders to the same bytes (the ETag depends on nothing else).
 */
export function renderFeed(view: FeedView): string {
  const cal = ical({
    prodId: { company: "Carebeat", product: "Calendar", language: "EN" },
    name: view.owner === "doctor" ? `${view.clinicName}: my visits` : `${view.clinicName}: my appointments`,
    method: ICalCalendarMethod.PUBLISH,
    ttl: FEED_TTL_SECONDS,
  });
  cal.timezone({ name: null, generator: getVtimezoneComponent });
  for (const v of view.visits) {
    const summary = view.owner === "doctor" ? "Patient visit" : `Appointment with ${v.doctorName}`;
    cal.createEvent({
      id: `${v.id}@carebeat`,
      sequence: v.reschedules,
      stamp: v.updatedAt,
      start: new TZDate(v.startsAt.getTime(), v.timezone),
      end: new TZDate(v.endsAt.getTime(), v.timezone),
      timezone: v.timezone,
      summary,
      location: view.owner === "patient" ? view.clinicName : null,
      url: view.siteUrl,
      status: v.status === "cancelled" ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return cal.toString();
}
