import { test } from "node:test";
import assert from "node:assert/strict";
import ical from "node-ical";
import { renderFeed, type FeedVisit } from "./render";

const visit = (id: string, startsAt: string, extra: Partial<FeedVisit> = {}): FeedVisit => ({
  id,
  startsAt: new Date(startsAt),
  endsAt: new Date(Date.parse(startsAt) + 30 * 60_000),
  status: "booked",
  reschedules: 0,
  updatedAt: new Date("2027-01-01T00:00:00Z"),
  doctorName: "Dr Ruth Cole",
  timezone: "America/New_York",
  ...extra,
});

test("America/New_York on both sides of the March DST change, VTIMEZONE, SEQUENCE, CANCELLED, same bytes for same data", () => {
  // New York leaves EST (-05) for EDT (-04) on 2027-03-14.
  const view = {
    owner: "patient" as const,
    clinicName: "Hudson Clinic",
    siteUrl: "https://clinic.example/appointments",
    visits: [visit("apt_a", "2027-03-12T14:00:00Z"), visit("apt_b", "2027-03-16T14:00:00Z", { reschedules: 2, status: "cancelled" })],
  };
  const text = renderFeed(view);
  assert.equal(text, renderFeed(view), "deterministic: the ETag depends on the data only");
  assert.match(text, /BEGIN:VTIMEZONE\r\nTZID:America\/New_York\r\n/);
  assert.match(text, /DTSTART;TZID=America\/New_York:20270312T090000\r\n/);
  assert.match(text, /DTSTART;TZID=America\/New_York:20270316T100000\r\n/);
  const events = Object.values(ical.sync.parseICS(text)).filter((c: any) => c.type === "VEVENT") as any[];
  const a = events.find((e) => e.uid === "apt_a@carebeat");
  const b = events.find((e) => e.uid === "apt_b@carebeat");
  assert.equal(a.start.toISOString(), "2027-03-12T14:00:00.000Z");
  assert.equal(b.start.toISOString(), "2027-03-16T14:00:00.000Z");
  assert.equal(String(b.sequence), "2");
  assert.equal(b.status, "CANCELLED");
  assert.equal(a.summary, "Appointment with Dr Ruth Cole");
  assert.equal(a.location, "Hudson Clinic");
});

test("a doctor's feed: 'Patient visit', no location", () => {
  const text = renderFeed({ owner: "doctor", clinicName: "Hudson Clinic", siteUrl: "https://clinic.example/appointments", visits: [visit("apt_c", "2027-05-01T14:00:00Z")] });
  assert.match(text, /SUMMARY:Patient visit\r\n/);
  assert.doesNotMatch(text, /\r\nLOCATION/);
});
