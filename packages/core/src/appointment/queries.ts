import { and, asc, eq, gte, gt, lt, ne, sql, type SQL } from "drizzle-orm";
import type { z } from "../util/zod";
import { useTransaction } from "../drizzle";
import { Audit } from "../audit";
import { ListQuery } from "../audit/list";
import { Doctor } from "../doctor";
import { freeSlots } from "../doctor/availability";
import { patientDirectoryTable } from "../directory";
import { doctorTable } from "../doctor/doctor.sql";
import { appointmentTable } from "./appointment.sql";
import { DoctorCache } from "./doctor-cache";
import { assertAccess, refuse } from "./refusals";
import { serialize, type Info, type SearchInput, type ListItem } from "./info";
import { Keyset } from "../util/keyset";

export async function read(appointmentId: string): Promise<Info> {
  const [row] = await useTransaction((tx) => tx.select().from(appointmentTable).where(eq(appointmentTable.id, appointmentId)));
  if (!row) return refuse("appointment.read", appointmentId);
  await assertAccess(row, "appointment.read", "read");
  DoctorCache.learn([row]);
  await Audit.record({ action: "appointment.read", resourceType: "appointment", resourceId: row.id, patientId: row.patientId });
  return serialize(row);
}

/** The list's filters (already scoped to the caller) as conditions, without the cursor. */
function matching(filters: Omit<z.infer<typeof SearchInput>, "limit" | "cursor">): SQL[] {
  const where: SQL[] = [];
  if (filters.doctorId) where.push(eq(appointmentTable.doctorId, filters.doctorId));
  if (filters.patientId) where.push(eq(appointmentTable.patientId, filters.patientId));
  if (filters.status) where.push(eq(appointmentTable.status, filters.status));
  if (filters.from) where.push(gte(appointmentTable.startsAt, new Date(filters.from)));
  if (filters.to) where.push(lt(appointmentTable.startsAt, new Date(filters.to)));
  if (filters.updatedFrom) where.push(gte(appointmentTable.updatedAt, new Date(filters.updatedFrom)));
  if (filters.updatedTo) where.push(lt(appointmentTable.updatedAt, new Date(filters.updatedTo)));
  return where;
}

/** The list (its scope, paging and audit) with the number of all its matches: a FHIR search's `total`. */
export async function search(input: z.infer<typeof SearchInput>): Promise<{ items: ListItem[]; nextCursor: string | null; total: number }> {
  const page = await list(input);
  const filters = await ListQuery.scoped(input, "appointment.list", "appointment");
  const [row] = await useTransaction((tx) =>
    tx
      .select({ n: sql<number>`count(*)::int` })
      .from(appointmentTable)
      .where(and(...matching(filters))),
  );
  return { ...page, total: Number(row?.n ?? 0) };
}

/** Start-time order, keyset-paginated on (starts_at, id). Patients and doctors are scoped to themselves. */
export async function list(input: z.infer<typeof SearchInput>): Promise<{ items: ListItem[]; nextCursor: string | null }> {
  const filters = await ListQuery.scoped(input, "appointment.list", "appointment");
  const where = matching(filters);
  if (filters.cursor) where.push(Keyset.after(filters.cursor, appointmentTable.startsAt, appointmentTable.id, "asc"));
  // Names in the same query: the directory's live entries and the doctors table.
  const rows = await useTransaction((tx) =>
    tx
      .select({ a: appointmentTable, patientName: patientDirectoryTable.displayName, doctorName: doctorTable.name })
      .from(appointmentTable)
      .leftJoin(patientDirectoryTable, and(eq(patientDirectoryTable.id, appointmentTable.patientId), eq(patientDirectoryTable.status, "active")))
      .leftJoin(doctorTable, eq(doctorTable.id, appointmentTable.doctorId))
      .where(and(...where))
      .orderBy(asc(appointmentTable.startsAt), asc(appointmentTable.id))
      .limit(filters.limit + 1),
  );
  const { page, nextCursor } = Keyset.page(rows, filters.limit, (r) => ({ at: r.a.startsAt, id: r.a.id }));
  DoctorCache.learn(page.map((r) => r.a));
  // Every patient the page discloses (by name now, too) is in the audit row.
  await Audit.record({
    action: "appointment.list",
    resourceType: "appointment",
    patientId: filters.patientId ?? null,
    patientIds: page.map((r) => r.a.patientId),
    detail: { count: page.length },
  });
  return { items: page.map((r): ListItem => ({ ...serialize(r.a), patientName: r.patientName ?? null, doctorName: r.doctorName ?? null })), nextCursor };
}

export async function availability(doctorId: string, date: string) {
  const doctor = await Doctor.read(doctorId);
  // A day in any timezone lies within ±14 h of UTC midnight; fetch that window, slot math filters.
  const from = new Date(Date.parse(`${date}T00:00:00Z`) - 14 * 3600_000);
  const to = new Date(Date.parse(`${date}T00:00:00Z`) + 38 * 3600_000);
  const booked = await useTransaction((tx) =>
    tx
      .select({ start: appointmentTable.startsAt, end: appointmentTable.endsAt })
      .from(appointmentTable)
      .where(and(eq(appointmentTable.doctorId, doctorId), ne(appointmentTable.status, "cancelled"), lt(appointmentTable.startsAt, to), gt(appointmentTable.endsAt, from))),
  );
  // A deactivated doctor takes no bookings (book() answers 422), so offer no slots either.
  const slots = doctor.active ? freeSlots({ date, timeZone: doctor.timezone, workingHours: doctor.workingHours, slotMinutes: doctor.slotMinutes, booked, now: new Date() }) : [];
  return { doctorId, date, timezone: doctor.timezone, slots };
}
