import { Audit } from "../audit";
import { PatientDirectory } from "../directory";
import { transient } from "../drizzle";
import { log, errorFields } from "../observability/log";
import { clearUnprojected, type PendingAudit } from "./store";
import type { Patient } from "./schema";

/**
 * The Postgres side of a patient write (docs/patients.md "Writes and failures").
 *
 * DynamoDB holds the record and decides races (the conditional put), and the put also stores the
 * write's audit row on the item (`unprojected`), so the change and its audit row are one atomic
 * write. Then ONE statement gives Postgres the directory entry and every audit row the item
 * carries. If that statement keeps failing, the request still succeeds: what it acknowledges —
 * the record and its audit row — is durable in DynamoDB, and the next write of the record, a
 * repair (a booking that misses the entry) or the backfill (every start and deploy) hands the
 * rows to Postgres later, each exactly once.
 */

/** The audit row of a write, timed now, to be stored with the record (`putItem(…, unprojected)`). */
export function pendingAudit(input: Audit.RecordInput): PendingAudit {
  const row = Audit.build(input);
  return { ...row, at: new Date().toISOString() } as PendingAudit;
}

/** "Worth an immediate retry" is a PostgreSQL error classification: drizzle/index.ts holds it. */
export { transient };

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Project a write that DynamoDB has accepted: the directory entry and the carried audit rows in
 * one statement (retried twice if the connection failed), then forget the rows on the item. Never
 * throws: a failure is logged (ids and codes only) and left to the repair paths. Returns whether
 * Postgres has the write now.
 */
export async function projectWrite(p: Patient, carried: PendingAudit[]): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    try {
      await PatientDirectory.putWithAudits(PatientDirectory.entryOf(p), carried);
      break;
    } catch (err) {
      if (attempt < 2 && transient(err)) {
        await pause(50 * 4 ** attempt);
        continue;
      }
      log.warn("patient.projection_deferred", { patientId: p.id, version: p.version, audits: carried.map((a) => a.id), ...errorFields(err) });
      return false;
    }
  }
  // Only an optimisation: rows left on the item are sent again (and ignored) by the next write.
  await clearUnprojected(p.id, p.version).catch((err) => log.warn("patient.unprojected_not_cleared", { patientId: p.id, ...errorFields(err) }));
  return true;
}
