import { action, query } from "@solidjs/router";
import { clean, http, ok, type Page, type Schemas } from "./http";

import type { paths } from "./schema";

/** Types come from the API's OpenAPI document (schema.d.ts); nothing here is hand-copied. */
export type Doctor = Schemas["Doctor"];
export type DoctorInput = paths["/api/doctors"]["post"]["requestBody"]["content"]["application/json"];
export type DoctorPatch = NonNullable<paths["/api/doctors/{id}"]["patch"]["requestBody"]>["content"]["application/json"];
/** One block of working time; ISO weekday 1 = Monday … 7 = Sunday. Several blocks a day are allowed. */
export type WorkingHours = Doctor["workingHours"][number];
/** Free slots on a calendar day in the doctor's time zone. */
type Availability = paths["/api/doctors/{id}/availability"]["get"]["responses"][200]["content"]["application/json"];
export type Slot = Availability["slots"][number];

export const dayNames = ["", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

export function formatFee(d: Pick<Doctor, "visitFeeCents" | "currency">) {
  if (typeof d.visitFeeCents !== "number") return "—";
  try {
    return new Intl.NumberFormat(undefined, { style: "currency", currency: d.currency || "USD" }).format(d.visitFeeCents / 100);
  } catch {
    return `${(d.visitFeeCents / 100).toFixed(2)} ${d.currency ?? ""}`.trim();
  }
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

const byId = (doctorId: string) => ({ params: { path: { id: doctorId } } });

const Doctors = {
  /** Name order; `q` matches a name (any word) or specialty prefix. `limit` is at most 100. */
  list: (q: { q?: string; cursor?: string | null; limit?: number; includeInactive?: boolean } = {}) =>
    ok(
      http.GET("/api/doctors", {
        params: {
          query: clean({ q: q.q, cursor: q.cursor ?? undefined, limit: Math.min(q.limit ?? 50, 100), includeInactive: q.includeInactive ? ("true" as const) : undefined }),
        },
      }),
    ),
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
  get: (doctorId: string) => ok(http.GET("/api/doctors/{id}", byId(doctorId))),
  create: (input: DoctorInput) => ok(http.POST("/api/doctors", { body: input })),
  update: (doctorId: string, patch: DoctorPatch) => ok(http.PATCH("/api/doctors/{id}", { ...byId(doctorId), body: patch })),
  /** Deactivates (the record stays for history); PATCH `{ active: true }` brings it back. */
  deactivate: (doctorId: string) => ok(http.DELETE("/api/doctors/{id}", byId(doctorId))).then(() => undefined),
  /** Free slots on a calendar day (YYYY-MM-DD, in the doctor's time zone). */
  availability: (doctorId: string, date: string) => ok(http.GET("/api/doctors/{id}/availability", { params: { path: { id: doctorId }, query: { date } } })),
};

/** Router data functions: cached per arguments; a successful action revalidates them. */
export const listDoctors = query((q: Parameters<typeof Doctors.list>[0]) => Doctors.list(q), "doctors");
/** All doctors, inactive ones too (names in history). Empty when the role may not list them. */
export const allDoctors = query(() => Doctors.all({ includeInactive: true }).catch(() => [] as Doctor[]), "doctors.all");
export const getDoctor = query((doctorId: string) => Doctors.get(doctorId), "doctor");
export const getAvailability = query((doctorId: string, date: string) => Doctors.availability(doctorId, date), "availability");
export const createDoctor = action((input: DoctorInput) => Doctors.create(input), "doctor.create");
export const updateDoctor = action((doctorId: string, patch: DoctorPatch) => Doctors.update(doctorId, patch), "doctor.update");
export const deactivateDoctor = action((doctorId: string) => Doctors.deactivate(doctorId).then(() => Doctors.get(doctorId)), "doctor.deactivate");
