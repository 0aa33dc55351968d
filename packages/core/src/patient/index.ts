import { useActor } from "../actor";
import { Audit } from "../audit";
import { createId } from "../util/id";
import { fn } from "../util/fn";
import { singleLine } from "../util/line";
import { encodeCursor, decodeCursor } from "../util/cursor";
import { VisibleError, issuesFromZod } from "../util/error";
import { z } from "../util/zod";
import * as schema from "./schema";
import { matchesPrefix, nameKey, normalizeName, splitName } from "./keys";
import { mergePatch, changedFields } from "./merge";
import { getItem, getRecord, putItem, deleteItem, emailPage, batchGet, reindexAll } from "./store";
import { directoryPage } from "./list";
import { SearchInput, searchPatients } from "./search";
import { pendingAudit, projectWrite } from "./projection";
import { PatientDirectory } from "../directory";

/**
 * Patient records (DynamoDB). Every operation that exposes or changes patient data checks
 * the record-level rule and writes an audit row; the audit never holds field values.
 * See docs/patients.md.
 */
export namespace Patient {
  export const Info = schema.Patient;
  export type Info = schema.Patient;
  export const CreateInput = schema.PatientFields;
  export const PatchInput = schema.PatientPatch;
  export const ListInput = schema.ListInput;

  const Id = z.string().min(1).max(64);
  const FIELDS = Object.keys(schema.PatientFields.shape);

  const notFound = () => new VisibleError("not-found", "patient.not_found", "No such patient.");
  const stale = (detail: string) =>
    new VisibleError("precondition", "patient.version_mismatch", "The record changed since you read it; reload it and try again.", [{ field: "If-Match", message: detail }]);

  function isAdmin() {
    const a = useActor();
    return a.type === "system" || (a.type === "user" && a.role === "admin");
  }

  /**
   * The record-level rule: staff, admin and system see everyone, a patient only themself, a
   * doctor only patients they have a (non-cancelled) appointment with. Writes are never a
   * doctor's. A refusal is audited (outcome `denied`) and becomes a 403.
   */
  async function authorize(patientId: string, action: string, write = false) {
    const actor = useActor();
    if (actor.type === "system") return;
    if (actor.type === "user") {
      if (actor.role === "admin" || actor.role === "staff") return;
      if (actor.role === "patient" && actor.patientId === patientId) return;
      if (!write && actor.role === "doctor" && actor.doctorId && (await PatientDirectory.doctorSeesPatient(actor.doctorId, patientId))) return;
    }
    throw await Audit.deny({ action, resourceType: "patient", resourceId: patientId, patientId });
  }

  /** True when the record exists and is not soft-deleted (from the directory projection). No audit: no data leaves. */
  export const exists = PatientDirectory.bookable;

  /** Re-project one record (or all with `PatientDirectory.backfill`). */
  export const repairDirectory = PatientDirectory.repair;

  /** Raw lookup for other domain modules: no access check, no audit — don't hand the result to a caller unchecked. */
  export async function get(id: string): Promise<Info | undefined> {
    return getItem(id);
  }

  /** Soft-deleted records read as 404 for everyone but admins (see docs/patients.md). */
  export const read = fn(Id, async (id) => {
    await authorize(id, "patient.read");
    const p = await getItem(id);
    if (!p || (p.deletedAt && !isAdmin())) throw notFound();
    await Audit.record({ action: "patient.read", resourceType: "patient", resourceId: id, patientId: id });
    return p;
  });

  const ScopedCursor = z.object({ p: z.literal("scoped"), a: z.string().min(1).max(600) });

  /** A page over a small, already-authorized set (a patient's own record, a doctor's patients). */
  function scopedPage(records: Info[], input: schema.ListInput) {
    const prefix = input.q ? normalizeName(input.q) : undefined;
    let after: string | undefined;
    if (input.cursor) {
      after = decodeCursor(input.cursor, ScopedCursor).a;
    }
    const rows = records
      .filter((p) => !p.deletedAt && (!prefix || matchesPrefix(p.name, p.id, prefix)) && (!input.email || p.contact?.email === input.email))
      .map((p) => ({ p, key: nameKey(p.name, p.id) }))
      .filter((r) => after === undefined || r.key > after)
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const page = rows.slice(0, input.limit);
    return { items: page.map((r) => r.p), nextCursor: rows.length > input.limit ? encodeCursor({ p: "scoped", a: page.at(-1)!.key }) : null };
  }

  export const list = fn(schema.ListInput, async (input) => {
    const actor = useActor();
    let page: { items: Info[]; nextCursor: string | null };
    if (actor.type === "user" && actor.role === "patient") {
      const own = actor.patientId ? await getItem(actor.patientId) : undefined;
      page = scopedPage(own ? [own] : [], input);
    } else if (actor.type === "user" && actor.role === "doctor") {
      const ids = actor.doctorId ? await PatientDirectory.patientIdsForDoctor(actor.doctorId) : [];
      page = scopedPage(await batchGet(ids), input);
    } else if (actor.type === "system" || (actor.type === "user" && (actor.role === "admin" || actor.role === "staff"))) {
      // Names page through the Postgres directory (./list.ts); an exact email through byEmail.
      const includeDeleted = input.includeDeleted === "true" && isAdmin();
      page = input.email
        ? await emailPage({ email: input.email, includeDeleted, limit: input.limit, cursor: input.cursor })
        : await directoryPage({ prefix: input.q ? normalizeName(input.q) || undefined : undefined, includeDeleted, limit: input.limit, cursor: input.cursor });
    } else throw await Audit.deny({ action: "patient.list", resourceType: "patient" });
    // Which records were disclosed (ids), never what they contain or what was searched for.
    await Audit.record({ action: "patient.list", resourceType: "patient", patientIds: page.items.map((p) => p.id), detail: { count: page.items.length } });
    return page;
  });

  /** The FHIR Patient search (patient/search.ts): the list's scope and audit, more predicates, a total. */
  export const search = fn(SearchInput, searchPatients);

  async function insert(fields: schema.PatientFields) {
    const now = new Date().toISOString();
    const p: Info = { ...fields, id: createId("patient"), version: 1, createdAt: now, updatedAt: now, deletedAt: null };
    const audit = [pendingAudit({ action: "patient.create", resourceType: "patient", resourceId: p.id, patientId: p.id, detail: { fields: Object.keys(fields) } })];
    if (!(await putItem(p, undefined, audit))) throw new VisibleError("conflict", "patient.exists", "This patient already exists.");
    await projectWrite(p, audit);
    return p;
  }

  export const create = fn(schema.PatientFields, (fields) => insert(fields));

  export const AccountInput = z.object({
    email: schema.Email,
    name: singleLine(200),
    givenName: singleLine(100).optional(),
    familyName: singleLine(100).optional(),
  });

  /**
   * The record a self-registered patient account gets: the registration's name (or the
   * explicit given/family names) and email. It never links to an existing record with the
   * same email — the email is unverified, so that would hand a stranger someone's chart;
   * staff merge duplicates instead.
   */
  export const createForAccount = fn(AccountInput, (input) => {
    const split = splitName(input.name);
    const name = { given: input.givenName ?? split.given, family: input.familyName ?? split.family };
    return insert(schema.PatientFields.parse({ name: { given: name.given.slice(0, 100), family: name.family.slice(0, 100) }, contact: { email: input.email } }));
  });

  /** Undo `createForAccount` when the account it was for could not be finished. */
  export async function discardForAccount(id: string) {
    const record = await getRecord(id);
    if (!(await deleteItem(id, 1))) return;
    await PatientDirectory.erase(id).catch(() => PatientDirectory.repair(id));
    // The create's audit row, if its projection had failed, leaves with the item: log it first.
    await PatientDirectory.insertAudits(record?.unprojected ?? []);
    await Audit.record({ action: "patient.delete", resourceType: "patient", resourceId: id, patientId: id, detail: { hard: true, reason: "registration rolled back" } });
  }

  export const UpdateInput = z.object({ id: Id, expectedVersion: z.number().int().min(0), patch: schema.PatientPatch });

  /**
   * JSON Merge Patch with optimistic concurrency: the version the caller read must still be
   * current, checked up front (fast 412) and again by the conditional put (the race).
   */
  export const update = fn(UpdateInput, async ({ id, expectedVersion, patch }) => {
    await authorize(id, "patient.update", true);
    const actor = useActor();
    if (actor.type === "user" && actor.role === "patient") {
      const forbidden = Object.keys(patch).filter((k) => !(schema.SELF_EDITABLE as readonly string[]).includes(k));
      if (forbidden.length) {
        await Audit.record({ action: "patient.update", resourceType: "patient", resourceId: id, patientId: id, outcome: "denied", detail: { fields: forbidden } });
        throw new VisibleError(
          "forbidden",
          "patient.field_not_editable",
          "Patients may change only their contact details, address and insurance.",
          forbidden.map((field) => ({ field, message: "Not editable by the patient" })),
        );
      }
    }
    const record = await getRecord(id);
    const current = record?.patient;
    if (!current || current.deletedAt) throw notFound();
    if (current.version !== expectedVersion) throw stale(`Current version is "${current.version}"`);

    const { id: _i, version: _v, createdAt, updatedAt: _u, deletedAt: _d, ...fields } = current;
    const merged = schema.PatientFields.safeParse(mergePatch(fields, patch));
    if (!merged.success) throw new VisibleError("input", "validation", "The request is invalid.", issuesFromZod(merged.error.issues));
    const changed = changedFields(fields, merged.data, FIELDS);
    if (!changed.length) {
      await Audit.record({ action: "patient.update", resourceType: "patient", resourceId: id, patientId: id, detail: { fields: [] } });
      return current;
    }
    const updated: Info = { ...merged.data, id, version: current.version + 1, createdAt, updatedAt: new Date().toISOString(), deletedAt: null };
    // The rows of earlier writes still on the item travel on (the put replaces the item).
    const carried = [...record!.unprojected, pendingAudit({ action: "patient.update", resourceType: "patient", resourceId: id, patientId: id, detail: { fields: changed } })];
    if (!(await putItem(updated, current.version, carried))) throw stale("Changed by someone else meanwhile");
    await projectWrite(updated, carried);
    return updated;
  });

  export const RemoveInput = z.object({ id: Id, hard: z.boolean().default(false), expectedVersion: z.number().int().min(0).optional() });

  /** Soft delete (sets deletedAt) for staff and admin; `hard` erases the item (admin only). */
  export const remove = fn(RemoveInput, async ({ id, hard, expectedVersion }) => {
    const actor = useActor();
    const staff = actor.type === "system" || (actor.type === "user" && (actor.role === "admin" || actor.role === "staff"));
    if (!staff || (hard && !isAdmin()))
      throw await Audit.deny(
        { action: "patient.delete", resourceType: "patient", resourceId: id, patientId: id, detail: { hard } },
        hard ? "Only an administrator may erase a record." : undefined,
      );
    const record = await getRecord(id);
    const current = record?.patient;
    if (!current || (current.deletedAt && !hard)) throw notFound();
    if (expectedVersion !== undefined && current.version !== expectedVersion) throw stale(`Current version is "${current.version}"`);
    // The directory stops offering the patient for booking *before* DynamoDB changes: a
    // failure in between refuses bookings for a live record (repaired below), never the
    // reverse (bookings for a deleted one).
    const now = new Date().toISOString();
    const next: Info = { ...current, deletedAt: now, updatedAt: now, version: current.version + 1 };
    await PatientDirectory.put(PatientDirectory.entryOf(next));
    const carried = [...record!.unprojected, pendingAudit({ action: "patient.delete", resourceType: "patient", resourceId: id, patientId: id, detail: { hard } })];
    try {
      if (hard) {
        if (!(await deleteItem(id, current.version))) throw stale("Changed by someone else meanwhile");
      } else if (!(await putItem(next, current.version, carried))) throw stale("Changed by someone else meanwhile");
    } catch (err) {
      await PatientDirectory.repair(id).catch(() => undefined);
      throw err;
    }
    if (!hard) {
      // Like an update: the entry (already `deleted`) and the audit rows in one statement; never fails the request.
      await projectWrite(next, carried);
      return;
    }
    // Erased: nothing carries the rows any more, so they go to Postgres now (the erasure is done either way).
    await PatientDirectory.erase(id);
    await PatientDirectory.insertAudits(carried);
  });

  /** Bring every stored record's index attributes up to date (after an index is added or removed). */
  export const reindex = reindexAll;
}
