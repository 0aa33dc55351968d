import { successor } from "../util/successor";
import { and, asc, eq, gt, gte, inArray, isNotNull, lt, ne, not, sql, type SQL } from "drizzle-orm";
import { useTransaction, useSql } from "../drizzle";
import { lazy } from "../util/lazy";
import type { PendingAudit } from "../patient/store";
import { nameKey, givenKey } from "../patient/keys";
import type { Patient } from "../patient/schema";
import { appointmentTable } from "../appointment/appointment.sql";
import { patientDirectoryTable } from "./directory.sql";

export { patientDirectoryTable } from "./directory.sql";

/**
 * The patient records (DynamoDB) are read only on the directory's repair paths below (a miss,
 * the backfill), so the store and the DynamoDB SDK are imported there, on first use: the API's
 * appointments and doctors domains, which read the directory, load without them
 * (docs/capacity.md "Cold start").
 */
const records = lazy(() => import("../patient/store"));

/**
 * What spans patients (DynamoDB) and appointments (Postgres), depending only on their
 * tables — so `patient/` and `appointment/` both import this module and not each other:
 *
 * - the patient directory projection (id, display name, status, version) that bookings check
 *   and lists join for names, kept in step by every patient write (docs/patients.md);
 * - the doctor–patient relationship the patient access rule needs (from appointments).
 *
 * No access checks and no audit here: callers (Patient, Appointment, Invoice) do both.
 */
export namespace PatientDirectory {
  /** `nameKey`/`givenKey`: patient/keys.ts's sort keys, which the patients list pages through. */
  export type Entry = { id: string; displayName: string; status: "active" | "deleted"; version: number; nameKey: string; givenKey: string };

  /** "Given Family": what a list shows next to an appointment or an invoice. */
  export function displayName(name: { given: string; family: string }) {
    return `${name.given} ${name.family}`;
  }

  export function entryOf(p: Patient): Entry {
    return {
      id: p.id,
      displayName: displayName(p.name),
      status: p.deletedAt ? "deleted" : "active",
      version: p.version,
      nameKey: nameKey(p.name, p.id),
      givenKey: givenKey(p.name, p.id),
    };
  }

  /**
   * Upsert the entry unless the directory already holds a newer version (a late or retried
   * write never overwrites a newer one). `force` takes the entry as it is (repair: DynamoDB
   * is the source of truth even when the directory ran ahead of it).
   */
  export async function put(e: Entry, force = false) {
    const set = { displayName: e.displayName, status: e.status, version: e.version, nameKey: e.nameKey, givenKey: e.givenKey, syncedAt: new Date() };
    await useTransaction((tx) =>
      tx
        .insert(patientDirectoryTable)
        .values({ ...e, syncedAt: set.syncedAt })
        .onConflictDoUpdate({ target: patientDirectoryTable.id, set, setWhere: force ? undefined : sql`${patientDirectoryTable.version} <= excluded.version` }),
    );
  }

  /**
   * `put` plus the audit rows of the patient's writes, as ONE statement (one round trip): what a
   * create or an update sends to Postgres after its DynamoDB write. The rows are the ones the
   * item carries (`unprojected`, docs/patients.md): each is inserted once (`on conflict do
   * nothing`), with the time of its write, so sending them again — a retry, the next write,
   * a repair, the backfill — never duplicates one. `force` takes the entry as it is (repair).
   */
  export async function putWithAudits(e: Entry, audits: PendingAudit[], force = false) {
    await useSql().unsafe(
      `with pd as (
        insert into patient_directory (id, display_name, status, version, name_key, given_key, synced_at) values ($1, $2, $3, $4::int, $7, $8, now())
        on conflict (id) do update set display_name = excluded.display_name, status = excluded.status, version = excluded.version,
          name_key = excluded.name_key, given_key = excluded.given_key, synced_at = excluded.synced_at
        where $6::boolean or patient_directory.version <= excluded.version
      )
      insert into audit_log (id, at, actor_id, actor_role, action, resource_type, resource_id, patient_id, request_id, outcome, detail)
      select r.id, r.at, r."actorId", r."actorRole", r.action, r."resourceType", r."resourceId", r."patientId", r."requestId", r.outcome, r.detail
      from jsonb_to_recordset($5::text::jsonb) as r(id text, at timestamptz, "actorId" text, "actorRole" text, action text, "resourceType" text, "resourceId" text, "patientId" text, "requestId" text, outcome text, detail jsonb)
      on conflict (id) do nothing`,
      [e.id, e.displayName, e.status, e.version, JSON.stringify(audits), force, e.nameKey, e.givenKey],
      { prepare: true },
    );
  }

  /** Just the carried audit rows (a hard-deleted or unchanged record has no entry to write). */
  export async function insertAudits(audits: PendingAudit[]) {
    if (!audits.length) return;
    await useSql().unsafe(
      `insert into audit_log (id, at, actor_id, actor_role, action, resource_type, resource_id, patient_id, request_id, outcome, detail)
      select r.id, r.at, r."actorId", r."actorRole", r.action, r."resourceType", r."resourceId", r."patientId", r."requestId", r.outcome, r.detail
      from jsonb_to_recordset($1::text::jsonb) as r(id text, at timestamptz, "actorId" text, "actorRole" text, action text, "resourceType" text, "resourceId" text, "patientId" text, "requestId" text, outcome text, detail jsonb)
      on conflict (id) do nothing`,
      [JSON.stringify(audits)],
    );
  }

  export async function erase(id: string) {
    await useTransaction((tx) => tx.delete(patientDirectoryTable).where(eq(patientDirectoryTable.id, id)));
  }

  /** Make the entry match the DynamoDB record now (or remove it when the record is gone). */
  export async function repair(id: string): Promise<Entry | undefined> {
    const { getRecord, clearUnprojected } = await records();
    const record = await getRecord(id);
    if (!record) {
      await erase(id);
      return undefined;
    }
    const e = entryOf(record.patient);
    await putWithAudits(e, record.unprojected, true);
    if (record.unprojected.length) await clearUnprojected(id, record.patient.version);
    return e;
  }

  /**
   * Can this patient be booked (the record exists and is not soft-deleted)? One primary-key
   * read in Postgres; only a patient the directory has never heard of (a create whose
   * projection write failed, a directory not yet backfilled) costs a DynamoDB read, which
   * also repairs the entry.
   */
  export async function bookable(id: string): Promise<boolean> {
    const [row] = await useTransaction((tx) => tx.select({ status: patientDirectoryTable.status }).from(patientDirectoryTable).where(eq(patientDirectoryTable.id, id)));
    if (row) return row.status === "active";
    return (await repair(id))?.status === "active";
  }

  /**
   * One page of the patients list in name order (docs/patients.md "Indexes and search"): entries
   * whose `name_key` (phase `family`) or `given_key` (phase `given`) starts with `prefix`, after
   * the keyset cursor `after`, in key order. The given phase skips what the family phase returns
   * (the name key starts with the prefix too), so one walk has no duplicates. Prefixes are
   * ranges (`>= prefix AND < successor`) over the "C"-collated keys: the B-trees of
   * directory.sql.ts serve both the range and the order, with or without a cursor.
   */
  export async function listPage(opts: { phase: "family" | "given"; prefix?: string; after?: string; includeDeleted: boolean; limit: number }) {
    const t = patientDirectoryTable;
    const key = opts.phase === "family" ? t.nameKey : t.givenKey;
    const where: SQL[] = [isNotNull(key)];
    if (opts.prefix) where.push(...prefixRange(key, opts.prefix));
    if (opts.phase === "given" && opts.prefix) where.push(not(and(...prefixRange(t.nameKey, opts.prefix))!));
    if (opts.after !== undefined) where.push(gt(key, opts.after));
    if (!opts.includeDeleted) where.push(eq(t.status, "active"));
    const rows = await useTransaction((tx) =>
      tx
        .select({ id: t.id, version: t.version, key })
        .from(t)
        .where(and(...where))
        .orderBy(asc(key))
        .limit(opts.limit),
    );
    return rows.map((r) => ({ id: r.id, version: r.version, key: r.key! }));
  }

  function prefixRange(column: typeof patientDirectoryTable.nameKey | typeof patientDirectoryTable.givenKey, prefix: string): SQL[] {
    const end = successor(prefix);
    return end === undefined ? [gte(column, prefix)] : [gte(column, prefix), lt(column, end)];
  }

  /**
   * Rebuild the directory from DynamoDB: every record upserted as it is, entries without a
   * record removed. Idempotent; run by the offline runtime at start and by the migrate
   * function after migrations (the repair path of docs/patients.md).
   */
  export async function backfill(): Promise<{ scanned: number; removed: number; audits: number }> {
    const { scanPage, clearUnprojected } = await records();
    const seen = new Set<string>();
    let pending = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await scanPage(start);
      const entries = page.records.map((r) => entryOf(r.patient));
      for (const e of entries) seen.add(e.id);
      // Audit rows of writes whose Postgres statement failed (docs/patients.md): into the log, then off the item.
      for (const { patient, unprojected } of page.records) {
        if (!unprojected.length) continue;
        await insertAudits(unprojected);
        await clearUnprojected(patient.id, patient.version);
        pending += unprojected.length;
      }
      if (entries.length)
        await useTransaction((tx) =>
          tx
            .insert(patientDirectoryTable)
            .values(entries.map((e) => ({ ...e, syncedAt: new Date() })))
            .onConflictDoUpdate({
              target: patientDirectoryTable.id,
              // Everything, keys included: rows written before a column existed get it here.
              set: {
                displayName: sql`excluded.display_name`,
                status: sql`excluded.status`,
                version: sql`excluded.version`,
                nameKey: sql`excluded.name_key`,
                givenKey: sql`excluded.given_key`,
                syncedAt: sql`excluded.synced_at`,
              },
            }),
        );
      start = page.next;
    } while (start);
    const ids = await useTransaction((tx) => tx.select({ id: patientDirectoryTable.id }).from(patientDirectoryTable));
    const gone = ids.map((r) => r.id).filter((id) => !seen.has(id));
    for (let i = 0; i < gone.length; i += 500) await useTransaction((tx) => tx.delete(patientDirectoryTable).where(inArray(patientDirectoryTable.id, gone.slice(i, i + 500))));
    return { scanned: seen.size, removed: gone.length, audits: pending };
  }

  /** Does this doctor have a (non-cancelled) appointment with this patient? The patient access rule. */
  export async function doctorSeesPatient(doctorId: string, patientId: string): Promise<boolean> {
    const [row] = await useTransaction((tx) =>
      tx
        .select({ id: appointmentTable.id })
        .from(appointmentTable)
        .where(and(eq(appointmentTable.doctorId, doctorId), eq(appointmentTable.patientId, patientId), ne(appointmentTable.status, "cancelled")))
        .limit(1),
    );
    return Boolean(row);
  }

  export async function patientIdsForDoctor(doctorId: string): Promise<string[]> {
    const rows = await useTransaction((tx) =>
      tx
        .selectDistinct({ patientId: appointmentTable.patientId })
        .from(appointmentTable)
        .where(and(eq(appointmentTable.doctorId, doctorId), ne(appointmentTable.status, "cancelled"))),
    );
    return rows.map((r) => r.patientId);
  }
}

export { successor };
