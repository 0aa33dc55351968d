import { api, type Page } from "./client";

/**
 * Field names follow /openapi.json (`Doctor`, from packages/core/src/doctor/index.ts);
 * fix them here only.
 */

/** One block of working time; ISO weekday 1 = Monday … 7 = Sunday. Several blocks a day are allowed. */
export interface WorkingHours {
  day: number;
  start: string; // "09:00"
  end: string; // "17:00" (or "24:00")
}

export interface DoctorInput {
  name: string;
  specialty: string;
  /** Visit fee in the smallest currency unit (cents). */
  visitFeeCents: number;
  /** ISO 4217, e.g. USD (the API's default). */
  currency?: string;
  /** IANA zone; working hours and availability dates are in this zone. */
  timezone: string;
  /** Length of a bookable slot (5–240, the API's default is 30). */
  slotMinutes?: number;
  workingHours: WorkingHours[];
}

export interface Doctor extends Required<DoctorInput> {
  id: string;
  /** Deactivated doctors are kept for history but take no new bookings. */
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Slot {
  startsAt: string;
  endsAt: string;
}

export interface Availability {
  doctorId: string;
  /** The calendar day asked for, in the doctor's time zone. */
  date: string;
  timezone: string;
  slots: Slot[];
}

export const dayNames = ["", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

export function formatFee(d: Pick<Doctor, "visitFeeCents" | "currency">) {
  if (typeof d.visitFeeCents !== "number") return "—";
  try {
    return new Intl.NumberFormat(undefined, { style: "currency", currency: d.currency || "USD" }).format(d.visitFeeCents / 100);
  } catch {
    return `${(d.visitFeeCents / 100).toFixed(2)} ${d.currency ?? ""}`.trim();
  }
}

/** "Mon–Fri 09:00–17:00; Sat 10:00–14:00" */
export function hoursSummary(hours: WorkingHours[] | undefined) {
  return hours?.length ? hoursLines(hours).join("; ") : "No hours set";
}

/** Consecutive days with the same hours grouped: ["Mon–Tue 09:00–17:00", "Wed 09:00–12:00, 13:00–17:00", …] */
export function hoursLines(hours: WorkingHours[] | undefined): string[] {
  if (!hours?.length) return [];
  const byDay = new Map<number, string>();
  for (const h of [...hours].sort((a, b) => a.day - b.day || a.start.localeCompare(b.start)))
    byDay.set(h.day, [byDay.get(h.day), `${h.start}–${h.end}`].filter(Boolean).join(", "));
  const groups: { from: number; to: number; text: string }[] = [];
  for (const [day, text] of byDay) {
    const last = groups[groups.length - 1];
    if (last && last.to === day - 1 && last.text === text) last.to = day;
    else groups.push({ from: day, to: day, text });
  }
  const short = (d: number) => dayNames[d]?.slice(0, 3) ?? String(d);
  return groups.map((g) => `${g.from === g.to ? short(g.from) : `${short(g.from)}–${short(g.to)}`} ${g.text}`);
}

const path = (id: string) => `/api/doctors/${encodeURIComponent(id)}`;

export const Doctors = {
  /** Name order; `q` matches a name (any word) or specialty prefix. `limit` is at most 100. */
  list: (q: { q?: string; cursor?: string | null; limit?: number; includeInactive?: boolean } = {}) =>
    api.get<Page<Doctor>>("/api/doctors", { query: { q: q.q, cursor: q.cursor, limit: Math.min(q.limit ?? 50, 100), includeInactive: q.includeInactive ? "true" : undefined } }),
  /** Every doctor (follows the cursor), for pickers and name lookups. */
  async all(opts: { includeInactive?: boolean } = {}): Promise<Doctor[]> {
    const out: Doctor[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 20; i++) {
      const page: Page<Doctor> = await Doctors.list({ cursor, limit: 100, includeInactive: opts.includeInactive });
      out.push(...page.items);
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    return out;
  },
  get: (id: string) => api.get<Doctor>(path(id)),
  create: (input: DoctorInput) => api.post<Doctor>("/api/doctors", input),
  update: (id: string, patch: Partial<DoctorInput> & { active?: boolean }) => api.patch<Doctor>(path(id), patch),
  /** Deactivates (the record stays for history); PATCH `{ active: true }` brings it back. */
  deactivate: (id: string) => api.delete(path(id)),
  /** Free slots on a calendar day (YYYY-MM-DD, in the doctor's time zone). */
  availability: (id: string, date: string) => api.get<Availability>(`${path(id)}/availability`, { query: { date } }),
};
