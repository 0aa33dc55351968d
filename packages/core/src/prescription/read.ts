import { and, eq, gte, inArray, lt, type SQL } from "drizzle-orm";
import { z } from "../util/zod";
import { fn } from "../util/fn";
import { Cursor } from "../util/cursor";
import { Keyset } from "../util/keyset";
import { Audit } from "../audit";
import { ListQuery } from "../audit/list";
import { prescriptionTable } from "./prescription.sql";
import { serialize, views } from "./info";
import { authorizeRead } from "./access";
import { dispensable, prescriptionStatuses, todayUtc, type PrescriptionStatus } from "./status";
import { VisibleError } from "../util/error";

const Id = z.string().min(1).max(64);
const P = prescriptionTable;

export const ListInput = z.object({
  patientId: Id.optional(),
  doctorId: Id.optional(),
  appointmentId: Id.optional(),
  status: z.enum(prescriptionStatuses).optional(),
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** The stored condition for a status as read: `expired` and the open statuses split on the date. */
export function statusWhere(status: PrescriptionStatus, today = todayUtc()): SQL {
  if (status === "expired") return and(inArray(P.status, [...dispensable]), lt(P.validUntil, today))!;
  if (dispensable.includes(status)) return and(eq(P.status, status), gte(P.validUntil, today))!;
  return eq(P.status, status);
}

/** Newest first; a patient is scoped to their own, a doctor to what they prescribed. Audited with every patient shown. */
export const list = fn(ListInput, async (input) => {
  const f = await ListQuery.scoped(input, "prescription.list", "prescription");
  const where: SQL[] = [];
  if (f.patientId) where.push(eq(P.patientId, f.patientId));
  if (f.doctorId) where.push(eq(P.doctorId, f.doctorId));
  if (f.appointmentId) where.push(eq(P.appointmentId, f.appointmentId));
  if (f.status) where.push(statusWhere(f.status));
  if (f.cursor) where.push(Keyset.after(f.cursor, P.createdAt, P.id, "desc"));
  const rows = await views(and(...where), f.limit + 1);
  const { page, nextCursor } = Keyset.page(rows, f.limit, (r) => ({ at: r.p.createdAt, id: r.p.id }));
  await Audit.record({
    action: "prescription.list",
    resourceType: "prescription",
    patientId: f.patientId ?? null,
    patientIds: page.map((r) => r.p.patientId),
    detail: { count: page.length },
  });
  return { items: page.map((r) => serialize(r)), nextCursor };
});

export async function loadView(id: string) {
  const [view] = await views(eq(P.id, id));
  if (!view) throw new VisibleError("not-found", "prescription.not_found", "No such prescription.");
  return view;
}

export const read = fn(Id, async (id) => {
  const view = await loadView(id);
  await authorizeRead(view.p, "prescription.read");
  await Audit.record({ action: "prescription.read", resourceType: "prescription", resourceId: id, patientId: view.p.patientId });
  return serialize(view);
});
