import { api, type Page } from "./client";

/** Day numbers follow ISO 8601: 1 = Monday … 7 = Sunday. */
export interface WorkingHours {
  day: number;
  start: string; // "09:00"
  end: string; // "17:00"
}

export interface DoctorInput {
  name: string;
  specialty: string;
  /** Visit fee in the smallest currency unit (cents). */
  visitFee: number;
  currency?: string;
  timezone: string;
  workingHours: WorkingHours[];
  slotMinutes?: number;
}

export interface Doctor extends DoctorInput {
  id: string;
  createdAt?: string;
  updatedAt?: string;
}

export interface Slot {
  startsAt: string;
  endsAt: string;
}

export const dayNames = ["", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

export function formatFee(d: Pick<Doctor, "visitFee" | "currency">) {
  if (typeof d.visitFee !== "number") return "—";
  try {
    return new Intl.NumberFormat(undefined, { style: "currency", currency: d.currency || "USD" }).format(d.visitFee / 100);
  } catch {
    return (d.visitFee / 100).toFixed(2);
  }
}

export function hoursSummary(hours: WorkingHours[] | undefined) {
  if (!hours?.length) return "No hours set";
  return [...hours]
    .sort((a, b) => a.day - b.day)
    .map((h) => `${dayNames[h.day]?.slice(0, 3) ?? h.day} ${h.start}–${h.end}`)
    .join(", ");
}

/** The list endpoint may answer a page or a bare array while the API settles. */
function asPage<T>(body: Page<T> | T[]): Page<T> {
  return Array.isArray(body) ? { items: body, nextCursor: null } : body;
}

export const Doctors = {
  list: (q: { q?: string; cursor?: string | null; limit?: number } = {}) =>
    api.get<Page<Doctor> | Doctor[]>("/api/doctors", { query: { q: q.q, cursor: q.cursor, limit: q.limit ?? 50 } }).then(asPage),
  get: (id: string) => api.get<Doctor>(`/api/doctors/${encodeURIComponent(id)}`),
  create: (input: DoctorInput) => api.post<Doctor>("/api/doctors", input),
  update: (id: string, patch: Partial<DoctorInput>) => api.patch<Doctor>(`/api/doctors/${encodeURIComponent(id)}`, patch),
  remove: (id: string) => api.delete(`/api/doctors/${encodeURIComponent(id)}`),
  /** Free slots on a calendar day (YYYY-MM-DD, in the doctor's time zone). */
  availability: (id: string, date: string) =>
    api
      .get<{ slots: Slot[] } | Slot[]>(`/api/doctors/${encodeURIComponent(id)}/availability`, { query: { date } })
      .then((r) => (Array.isArray(r) ? r : r.slots ?? [])),
};
