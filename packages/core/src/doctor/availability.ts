import type { WorkingHours } from "./doctor.sql";
import { zonedTime, weekdayOf, localParts, minutesOfDay } from "./time";

export interface Slot {
  startsAt: string;
  endsAt: string;
}

export interface Interval {
  start: Date;
  end: Date;
}

/**
 * Free slots on a local calendar date: the doctor's working hours for that weekday cut
 * into `slotMinutes` pieces, minus any slot overlapping a booking, minus slots already begun.
 */
export function freeSlots(opts: { date: string; timeZone: string; workingHours: WorkingHours[]; slotMinutes: number; booked: Interval[]; now: Date }): Slot[] {
  const day = weekdayOf(opts.date);
  const slots: Slot[] = [];
  for (const block of opts.workingHours.filter((h) => h.day === day).sort((a, b) => a.start.localeCompare(b.start))) {
    const blockStart = zonedTime(opts.date, block.start, opts.timeZone);
    const blockEnd = zonedTime(opts.date, block.end, opts.timeZone);
    for (let start = blockStart.getTime(); start + opts.slotMinutes * 60_000 <= blockEnd.getTime(); start += opts.slotMinutes * 60_000) {
      const end = start + opts.slotMinutes * 60_000;
      if (start < opts.now.getTime()) continue;
      if (opts.booked.some((b) => b.start.getTime() < end && b.end.getTime() > start)) continue;
      // Offered only if booking would accept it: the one rule, so the two agree on DST days too.
      if (!withinWorkingHours(new Date(start), new Date(end), opts.timeZone, opts.workingHours)) continue;
      slots.push({ startsAt: new Date(start).toISOString(), endsAt: new Date(end).toISOString() });
    }
  }
  return slots;
}

/** Does [start, end) fall inside one working-hours block, in the doctor's local time? */
export function withinWorkingHours(start: Date, end: Date, timeZone: string, workingHours: WorkingHours[]): boolean {
  const s = localParts(start, timeZone);
  const e = localParts(end, timeZone);
  const sameDay = s.year === e.year && s.month === e.month && s.day === e.day;
  const endMinutes = sameDay ? e.hour * 60 + e.minute : e.hour === 0 && e.minute === 0 ? 24 * 60 : -1;
  if (endMinutes < 0) return false;
  const startMinutes = s.hour * 60 + s.minute;
  return workingHours.some((h) => h.day === s.weekday && minutesOfDay(h.start) <= startMinutes && endMinutes <= minutesOfDay(h.end));
}
