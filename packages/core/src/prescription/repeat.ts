import { and, asc, eq } from "drizzle-orm";
import { z } from "../util/zod";
import { fn } from "../util/fn";
import { createId } from "../util/id";
import { VisibleError } from "../util/error";
import { calendarDate } from "../util/date";
import { createTransaction, pgConstraint, useTransaction, type Transaction } from "../drizzle";
import { assertRole, useUser } from "../actor";
import { Audit } from "../audit";
import { prescriptionTable, repeatRequestTable } from "./prescription.sql";
import { announce, serializeRepeat, views, serialize } from "./info";
import { authorizePrescriber } from "./access";
import { insertPrescription, lockPrescription, CancelInput, checkValidUntil } from "./prescribe";
import { todayUtc } from "./status";

const Id = z.string().min(1).max(64);
const R = repeatRequestTable;
const DAY = 86_400_000;

export const RequestInput = z.object({ note: CancelInput.shape.reason.optional() }).strict();
export const ApproveInput = z.object({ validUntil: calendarDate().optional().openapi({ description: "Default: as long as the original was valid for, from today" }) }).strict();
export const DeclineInput = CancelInput;
export const RepeatListInput = z.object({ status: z.enum(["pending", "approved", "declined"]).optional() });

const notFound = () => new VisibleError("not-found", "prescription.repeat_not_found", "No such repeat request.");

/**
 * A patient asks for more of one of their prescriptions (any but a cancelled one); one pending
 * request per prescription (a second is a 409). The prescriber approves or declines it.
 */
export const request = fn(z.object({ id: Id, input: RequestInput }), ({ id, input }) => {
  const user = assertRole("patient");
  return createTransaction(async (tx) => {
    const row = await lockPrescription(tx, id);
    if (row.patientId !== user.patientId) throw await Audit.deny({ action: "prescription.repeat_request", resourceType: "prescription", resourceId: id, patientId: row.patientId });
    if (row.status === "cancelled") throw new VisibleError("conflict", "prescription.closed", "A cancelled prescription cannot be renewed; ask your doctor.");
    try {
      const [req] = await tx
        .insert(R)
        .values({ id: createId("repeatRequest"), prescriptionId: id, patientId: row.patientId, doctorId: row.doctorId, note: input.note ?? null })
        .returning();
      await announce("prescription.repeat_requested", row, { repeatRequestId: req!.id });
      await Audit.record({ action: "prescription.repeat_request", resourceType: "prescription", resourceId: id, patientId: row.patientId });
      return serializeRepeat(req!);
    } catch (err) {
      if (pgConstraint(err) === "prescription_repeat_requests_one_pending")
        throw new VisibleError("conflict", "prescription.repeat_pending", "A repeat of this prescription is already waiting for the doctor.");
      throw err;
    }
  });
});

/** A doctor's repeat requests (pending by default), oldest first; a patient's own; staff and admin all. */
export const listRequests = fn(RepeatListInput, async (input) => {
  const user = useUser();
  const status = input.status ?? "pending";
  const scope = user.role === "doctor" ? eq(R.doctorId, user.doctorId ?? "none") : user.role === "patient" ? eq(R.patientId, user.patientId ?? "none") : undefined;
  const rows = await useTransaction((tx) =>
    tx
      .select()
      .from(R)
      .where(and(eq(R.status, status), scope))
      .orderBy(asc(R.createdAt), asc(R.id))
      .limit(200),
  );
  await Audit.record({ action: "prescription.repeat_list", resourceType: "prescription", patientIds: rows.map((r) => r.patientId), detail: { count: rows.length } });
  return { items: rows.map(serializeRepeat) };
});

/**
 * The request and its prescription, locked prescription first — the order a patient's request
 * takes them in (it locks the prescription, then inserts the request), so the two never deadlock.
 */
async function lockRequest(tx: Transaction, requestId: string) {
  const [peek] = await tx.select({ prescriptionId: R.prescriptionId }).from(R).where(eq(R.id, requestId));
  if (!peek) throw notFound();
  const old = await lockPrescription(tx, peek.prescriptionId);
  const [req] = await tx.select().from(R).where(eq(R.id, requestId)).for("update");
  return { req: req!, old };
}

/**
 * The prescriber approves: a new prescription with the same medication, dose, quantity and
 * repeats (`replaces` the old one), valid from today; the old one is left as it is.
 */
export const approve = fn(z.object({ requestId: Id, input: ApproveInput }), ({ requestId, input }) => {
  assertRole("doctor");
  return createTransaction(async (tx) => {
    const { req, old } = await lockRequest(tx, requestId);
    await authorizePrescriber(old, "prescription.repeat_approve");
    if (req.status !== "pending") throw new VisibleError("conflict", "prescription.repeat_decided", `This request was already ${req.status}.`);
    const span = Math.max(1, Math.round((Date.parse(old.validUntil) - Date.parse(old.createdAt.toISOString().slice(0, 10))) / DAY));
    const validUntil = input.validUntil ?? todayUtc(new Date(Date.now() + span * DAY));
    checkValidUntil(validUntil);
    const { id: _id, patientName: _n, patientBirthDate: _b, createdAt: _c, updatedAt: _u, dispensedUnits: _d, status: _s, cancelReason: _r, cancelledAt: _ca, ...copy } = old;
    const fresh = await insertPrescription(tx, { ...copy, validUntil, replaces: old.id });
    const [decided] = await tx.update(R).set({ status: "approved", newPrescriptionId: fresh.id, decidedAt: new Date() }).where(eq(R.id, requestId)).returning();
    await announce("prescription.repeat_approved", fresh, { repeatRequestId: requestId });
    await Audit.record({
      action: "prescription.repeat_approve",
      resourceType: "prescription",
      resourceId: old.id,
      patientId: old.patientId,
      detail: { newPrescriptionId: fresh.id },
    });
    return { request: serializeRepeat(decided!), prescription: serialize((await views(eq(prescriptionTable.id, fresh.id)))[0]!) };
  });
});

export const decline = fn(z.object({ requestId: Id, input: DeclineInput }), ({ requestId, input }) => {
  assertRole("doctor");
  return createTransaction(async (tx) => {
    const { req, old } = await lockRequest(tx, requestId);
    await authorizePrescriber(old, "prescription.repeat_decline");
    if (req.status !== "pending") throw new VisibleError("conflict", "prescription.repeat_decided", `This request was already ${req.status}.`);
    const [decided] = await tx.update(R).set({ status: "declined", reason: input.reason, decidedAt: new Date() }).where(eq(R.id, requestId)).returning();
    await announce("prescription.repeat_declined", old, { repeatRequestId: requestId });
    await Audit.record({ action: "prescription.repeat_decline", resourceType: "prescription", resourceId: old.id, patientId: old.patientId });
    return { request: serializeRepeat(decided!) };
  });
});
