import { useActor } from "../actor";
import { Audit } from "../audit";
import { createId } from "../util/id";
import { fn } from "../util/fn";
import { VisibleError } from "../util/error";
import { z } from "../util/zod";
import * as schema from "./schema";
import { normalizeName, splitName } from "./keys";
import { getItem, putItem, deleteItem, queryPage, batchGet } from "./store";

export namespace Patient {
  export const Info = schema.Patient;
  export type Info = schema.Patient;
  export const CreateInput = schema.PatientFields;
  export const PatchInput = schema.PatientPatch;
  export const ListInput = schema.ListInput;

  const notFound = () => new VisibleError("not-found", "patient.not_found", "No such patient.");

  /** Loaded lazily: appointments import patients too, and only doctors need this path. */
  async function doctorSees(doctorId: string, patientId: string) {
    const { Appointment } = await import("../appointment");
    return Appointment.doctorSeesPatient(doctorId, patientId);
  }

  /**
   * The record-level rule: staff and admin see everyone, a patient only themself, a
   * doctor only patients they have appointments with. A refusal is audited.
   */
  async function assertCanRead(patientId: string, action: string) {
    const actor = useActor();
    if (actor.type === "system") return;
    if (actor.type === "user") {
      if (actor.role === "admin" || actor.role === "staff") return;
      if (actor.role === "patient" && actor.patientId === patientId) return;
      if (actor.role === "doctor" && actor.doctorId && (await doctorSees(actor.doctorId, patientId))) return;
    }
    throw await Audit.deny({ action, resourceType: "patient", resourceId: patientId, patientId });
  }

  function isAdmin() {
    const a = useActor();
    return a.type === "system" || (a.type === "user" && a.role === "admin");
  }

  /** True when the record exists and is not soft-deleted (used when booking). */
  export async function exists(id: string): Promise<boolean> {
    const p = await getItem(id);
    return Boolean(p && !p.deletedAt);
  }

  /** Raw lookup without access checks or audit, for other domain modules. */
  export async function get(id: string): Promise<Info | undefined> {
    return getItem(id);
  }

  export const read = fn(z.string().min(1).max(64), async (id) => {
    await assertCanRead(id, "patient.read");
    const p = await getItem(id);
    if (!p || (p.deletedAt && !isAdmin())) throw notFound();
    await Audit.record({ action: "patient.read", resourceType: "patient", resourceId: id, patientId: id });
    return p;
  });

  export const list = fn(schema.ListInput, async (input) => {
    const actor = useActor();
    let page: { items: Info[]; nextCursor: string | null };
    if (actor.type === "user" && actor.role === "patient") {
      const own = actor.patientId ? await getItem(actor.patientId) : undefined;
      page = { items: own && !own.deletedAt ? [own] : [], nextCursor: null };
    } else if (actor.type === "user" && actor.role === "doctor") {
      const { Appointment } = await import("../appointment");
      const ids = actor.doctorId ? await Appointment.patientIdsForDoctor(actor.doctorId) : [];
      const prefix = input.q ? normalizeName(input.q) : undefined;
      const items = (await batchGet(ids)).filter(
        (p) => !p.deletedAt && (!prefix || normalizeName(`${p.name.family} ${p.name.given}`).startsWith(prefix)) && (!input.email || p.contact?.email === input.email),
      );
      page = { items, nextCursor: null };
    } else {
      page = await queryPage({
        prefix: input.q ? normalizeName(input.q) : undefined,
        email: input.email,
        includeDeleted: input.includeDeleted === "true" && isAdmin(),
        limit: input.limit,
        cursor: input.cursor,
      });
    }
    await Audit.record({ action: "patient.list", resourceType: "patient", detail: { count: page.items.length, ids: page.items.map((p) => p.id) } });
    return page;
  });

  async function insert(fields: schema.PatientFields, id = createId("patient")) {
    const now = new Date().toISOString();
    const p: Info = { ...fields, id, version: 1, createdAt: now, updatedAt: now, deletedAt: null };
    if (!(await putItem(p))) throw new VisibleError("conflict", "patient.exists", "This patient already exists.");
    await Audit.record({ action: "patient.create", resourceType: "patient", resourceId: id, patientId: id, detail: { fields: Object.keys(fields) } });
    return p;
  }

  export const create = fn(schema.PatientFields, (fields) => insert(fields));

  /** The record a self-registered patient account gets. */
  export async function createForAccount(input: { name: string; email: string }) {
    return insert({ name: splitName(input.name), contact: { email: input.email } });
  }

  export const update = fn(
    z.object({ id: z.string().min(1).max(64), expectedVersion: z.number().int(), patch: schema.PatientPatch }),
    async ({ id, expectedVersion, patch }) => {
      await assertCanRead(id, "patient.update");
      const actor = useActor();
      if (actor.type === "user" && actor.role === "patient") {
        const forbidden = Object.keys(patch).filter((k) => !(schema.SELF_EDITABLE as readonly string[]).includes(k));
        if (forbidden.length)
          throw new VisibleError("forbidden", "patient.field_not_editable", "Patients may change only their contact details, address and insurance.", forbidden.map((field) => ({ field, message: "Not editable by the patient" })));
      }
      if (actor.type === "user" && actor.role === "doctor") throw await Audit.deny({ action: "patient.update", resourceType: "patient", resourceId: id, patientId: id });
      const current = await getItem(id);
      if (!current || current.deletedAt) throw notFound();
      if (current.version !== expectedVersion)
        throw new VisibleError("precondition", "patient.version_mismatch", `The record changed since version ${expectedVersion}; reload it.`, [{ field: "If-Match", message: `Current version is ${current.version}` }]);
      const next: Record<string, unknown> = { ...current };
      for (const [k, v] of Object.entries(patch)) {
        if (v === null) delete next[k];
        else if (v !== undefined) next[k] = v;
      }
      const updated = { ...(next as Info), version: current.version + 1, updatedAt: new Date().toISOString() };
      if (!(await putItem(updated, current.version)))
        throw new VisibleError("precondition", "patient.version_mismatch", "The record changed meanwhile; reload it.", [{ field: "If-Match", message: "Stale version" }]);
      await Audit.record({ action: "patient.update", resourceType: "patient", resourceId: id, patientId: id, detail: { fields: Object.keys(patch) } });
      return updated;
    },
  );

  export const remove = fn(z.object({ id: z.string().min(1).max(64), hard: z.boolean().default(false) }), async ({ id, hard }) => {
    if (hard && !isAdmin()) throw await Audit.deny({ action: "patient.delete", resourceType: "patient", resourceId: id, patientId: id }, "Only an administrator may erase a record.");
    const current = await getItem(id);
    if (!current || (current.deletedAt && !hard)) throw notFound();
    if (hard) await deleteItem(id);
    else {
      const now = new Date().toISOString();
      if (!(await putItem({ ...current, deletedAt: now, updatedAt: now, version: current.version + 1 }, current.version)))
        throw new VisibleError("conflict", "patient.changed", "The record changed meanwhile; try again.");
    }
    await Audit.record({ action: "patient.delete", resourceType: "patient", resourceId: id, patientId: id, detail: { hard } });
  });
}
