import { eq } from "drizzle-orm";
import { createTransaction } from "../drizzle";
import { VisibleError } from "../util/error";
import { appointmentTable } from "./appointment.sql";

/**
 * An appointment's version for ETag / If-Match (docs/fhir.md): its `updated_at` in epoch
 * milliseconds. Every change sets `updated_at = now()` in the statement that makes it
 * (book, reschedule, the status transitions), so the version moves with each change.
 */
export const versionOf = (a: { updatedAt: string }) => String(Date.parse(a.updatedAt));

/**
 * Run `change` only if the appointment is still at `expected`: the row is locked first (the
 * lock the change statements take anyway, so the lock order stays the appointment's, then its
 * invoice's) and the version compared under it, so nothing can move between the check and the
 * change. A mismatch is a 412 and nothing is written. The caller has read the row (its access
 * check and audit), so a missing row here is one deleted meanwhile: a 404.
 */
export async function unlessChanged<T>(appointmentId: string, expected: string, change: () => Promise<T>): Promise<T> {
  return createTransaction(async (tx) => {
    const [row] = await tx.select({ updatedAt: appointmentTable.updatedAt }).from(appointmentTable).where(eq(appointmentTable.id, appointmentId)).for("update");
    if (!row) throw new VisibleError("not-found", "appointment.not_found", "No such appointment.");
    const current = String(row.updatedAt.getTime());
    if (current !== expected)
      throw new VisibleError("precondition", "appointment.version_mismatch", "The appointment changed since you read it; reload it and try again.", [
        { field: "If-Match", message: `Not the current version (W/"${current}")` },
      ]);
    return change();
  });
}
