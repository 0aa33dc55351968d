import { and, asc, eq, gt, gte, ilike, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { z } from "../util/zod";
import { fn } from "../util/fn";
import { singleLine } from "../util/line";
import { createId } from "../util/id";
import { VisibleError } from "../util/error";
import { encodeCursor, decodeCursor, Cursor } from "../util/cursor";
import { likePrefix } from "../util/like";
import { useTransaction } from "../drizzle";
import { Audit } from "../audit";
import { doctorTable } from "./doctor.sql";
import { isTimeZone, minutesOfDay } from "./time";
import { doctorChanged } from "./changes";

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "Must be a time HH:MM");

export const WorkingHoursSchema = z
  .array(
    z
      .object({ day: z.number().int().min(1).max(7), start: hhmm, end: hhmm })
      .strict()
      .refine((h) => minutesOfDay(h.start) < minutesOfDay(h.end), { message: "Must end after it starts", path: ["end"] }),
  )
  .max(21, "At most 21 blocks a week")
  // Overlapping blocks on one day would offer every shared slot twice (issue 18); touching blocks
  // (09:00–12:00, 12:00–17:00) are fine. The issue names the later block's start.
  .superRefine((blocks, ctx) => {
    blocks.forEach((b, i) => {
      const clash = blocks.findIndex(
        (o, j) =>
          j !== i &&
          o.day === b.day &&
          minutesOfDay(o.start) < minutesOfDay(b.end) &&
          minutesOfDay(b.start) < minutesOfDay(o.end) &&
          (minutesOfDay(o.start) < minutesOfDay(b.start) || (o.start === b.start && j < i)),
      );
      if (clash >= 0) ctx.addIssue({ code: "custom", path: [i, "start"], message: `Overlaps the block ${blocks[clash]!.start}–${blocks[clash]!.end} on the same day` });
    });
  });

export namespace Doctor {
  const fields = {
    name: singleLine(200),
    specialty: singleLine(100),
    visitFeeCents: z.number().int().min(0).max(10_000_000),
    currency: z.string().regex(/^[A-Z]{3}$/, "Must be an ISO 4217 code such as USD"),
    timezone: z.string().max(64).refine(isTimeZone, "Must be an IANA timezone such as America/New_York"),
    slotMinutes: z.number().int().min(5).max(240),
    workingHours: WorkingHoursSchema,
  };

  export const Info = z.object({ id: z.string(), ...fields, active: z.boolean(), createdAt: z.string(), updatedAt: z.string() }).openapi("Doctor");
  export type Info = z.infer<typeof Info>;

  export const CreateInput = z
    .object({ ...fields, currency: fields.currency.default("USD"), slotMinutes: fields.slotMinutes.default(30), workingHours: fields.workingHours.default([]) })
    .strict();
  export const UpdateInput = z.object(fields).partial().extend({ active: z.boolean().optional() }).strict();
  export const ListInput = z.object({
    q: z.string().trim().min(1).max(100).optional(),
    includeInactive: z.enum(["true", "false"]).optional(),
    cursor: Cursor.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  });

  function serialize(row: typeof doctorTable.$inferSelect): Info {
    return { ...row, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
  }

  /** Raw lookup for other domain modules (no audit: doctor data is not patient data). */
  export async function get(id: string): Promise<Info | undefined> {
    const [row] = await useTransaction((tx) => tx.select().from(doctorTable).where(eq(doctorTable.id, id)));
    return row ? serialize(row) : undefined;
  }

  /**
   * `get`, holding the doctor's row lock until the caller's transaction ends. Bookings and
   * moves for one doctor take it first and so queue up: without it, concurrent conflicting
   * inserts meet inside the overlap constraint, each waits for the other's uncommitted row,
   * and PostgreSQL aborts them as deadlocks (40P01) instead of clean overlaps (23P01).
   */
  export async function lockForBooking(id: string): Promise<Info | undefined> {
    const [row] = await useTransaction((tx) => tx.select().from(doctorTable).where(eq(doctorTable.id, id)).for("no key update"));
    return row ? serialize(row) : undefined;
  }

  export const read = fn(z.string().min(1).max(64), async (id) => {
    const d = await get(id);
    if (!d) throw new VisibleError("not-found", "doctor.not_found", "No such doctor.");
    return d;
  });

  export const create = fn(CreateInput, async (input) => {
    const [row] = await useTransaction((tx) =>
      tx
        .insert(doctorTable)
        .values({ id: createId("doctor"), ...input })
        .returning(),
    );
    await Audit.record({ action: "doctor.create", resourceType: "doctor", resourceId: row!.id });
    return serialize(row!);
  });

  export const update = fn(z.object({ id: z.string().min(1).max(64), patch: UpdateInput }), async ({ id, patch }) => {
    const [row] = await useTransaction((tx) =>
      tx
        .update(doctorTable)
        .set({ ...patch, updatedAt: new Date() })
        .where(eq(doctorTable.id, id))
        .returning(),
    );
    if (!row) throw new VisibleError("not-found", "doctor.not_found", "No such doctor.");
    doctorChanged(id);
    await Audit.record({ action: "doctor.update", resourceType: "doctor", resourceId: id, detail: { fields: Object.keys(patch) } });
    return serialize(row);
  });

  /** Deactivate rather than delete: appointments and invoices keep pointing at the doctor. */
  export const deactivate = fn(z.string().min(1).max(64), async (id) => update({ id, patch: { active: false } }));

  const NameKey = z.object({ name: z.string().max(200), id: z.string().min(1).max(64) });

  /** One page in (name, id) order after `cursor`, for the list and the FHIR search alike. */
  async function pageByName(where: SQL[], cursor: string | undefined, limit: number) {
    const after = [...where];
    if (cursor) {
      const c = decodeCursor(cursor, NameKey);
      after.push(or(gt(doctorTable.name, c.name), and(eq(doctorTable.name, c.name), gt(doctorTable.id, c.id)))!);
    }
    const rows = await useTransaction((tx) =>
      tx
        .select()
        .from(doctorTable)
        .where(after.length ? and(...after) : undefined)
        .orderBy(asc(doctorTable.name), asc(doctorTable.id))
        .limit(limit + 1),
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return { page, nextCursor: rows.length > limit && last ? encodeCursor({ name: last.name, id: last.id }) : null };
  }

  /** Name order, keyset-paginated on (name, id); `q` matches a name or specialty prefix. */
  export const list = fn(ListInput, async (input) => {
    const where: SQL[] = [];
    if (input.includeInactive !== "true") where.push(eq(doctorTable.active, true));
    if (input.q) {
      const like = likePrefix(input.q);
      where.push(or(ilike(doctorTable.name, like), ilike(doctorTable.specialty, like), ilike(doctorTable.name, `% ${like}`))!);
    }
    const { page, nextCursor } = await pageByName(where, input.cursor, input.limit);
    return { items: page.map(serialize), nextCursor };
  });

  export const SearchInput = z.object({
    ids: z.array(z.string().min(1).max(64)).max(100).optional(),
    name: z.string().trim().min(1).max(100).optional(),
    /** updated_at in [from, to) (the FHIR `_lastUpdated` search). */
    updatedFrom: z.iso.datetime({ offset: true }).optional(),
    updatedTo: z.iso.datetime({ offset: true }).optional(),
    active: z.boolean().optional(),
    cursor: Cursor.optional(),
    limit: z.number().int().min(1).max(100),
  });

  /**
   * The FHIR Practitioner search (docs/fhir.md): a prefix of any word of the name (not the
   * specialty), active and inactive doctors alike (appointments keep pointing at them), the
   * list's (name, id) keyset pages, and the exact total.
   */
  export const search = fn(SearchInput, async (input) => {
    const match: SQL[] = [];
    if (input.ids) match.push(inArray(doctorTable.id, input.ids.length ? input.ids : [""]));
    if (input.name) {
      const like = likePrefix(input.name);
      match.push(or(ilike(doctorTable.name, like), ilike(doctorTable.name, `% ${like}`))!);
    }
    if (input.updatedFrom) match.push(gte(doctorTable.updatedAt, new Date(input.updatedFrom)));
    if (input.updatedTo) match.push(lt(doctorTable.updatedAt, new Date(input.updatedTo)));
    if (input.active !== undefined) match.push(eq(doctorTable.active, input.active));
    const { page, nextCursor } = await pageByName(match, input.cursor, input.limit);
    const [count] = await useTransaction((tx) =>
      tx
        .select({ n: sql<number>`count(*)::int` })
        .from(doctorTable)
        .where(match.length ? and(...match) : undefined),
    );
    return { items: page.map(serialize), nextCursor, total: Number(count?.n ?? 0) };
  });
}
