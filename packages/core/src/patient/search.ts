import { useActor } from "../actor";
import { Audit } from "../audit";
import { encodeCursor, decodeCursor, Cursor } from "../util/cursor";
import { z } from "../util/zod";
import { PatientDirectory } from "../directory";
import { countEntries } from "../directory/count";
import { Sex, type Patient } from "./schema";
import { matchesPrefix, nameKey, normalizeName } from "./keys";
import { getItem, batchGet } from "./store";
import { directoryPage } from "./list";

/** A bound on a birth date: `YYYY-MM-DD` strings compare as dates. */
const DateBound = z.object({ op: z.enum(["ge", "gt", "le", "lt"]), value: z.iso.date() });
/** An instant range, `from` inclusive, `to` exclusive (the FHIR `_lastUpdated` search). */
export const UpdatedRange = z.object({ from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional() });

/**
 * The richer search a FHIR Patient search needs (docs/fhir.md), with the list's access rule and
 * audit: every predicate is a narrowing of what `Patient.list` would show the same caller.
 */
export const SearchInput = z.object({
  ids: z.array(z.string().min(1).max(64)).max(100).optional(),
  name: z.string().trim().min(1).max(100).optional(),
  family: z.string().trim().min(1).max(100).optional(),
  given: z.string().trim().min(1).max(100).optional(),
  birthDate: z.array(DateBound).max(4).optional(),
  sex: Sex.optional(),
  updated: UpdatedRange.optional(),
  limit: z.number().int().min(1).max(100),
  cursor: Cursor.optional(),
});
export type SearchInput = z.infer<typeof SearchInput>;
export interface SearchPage {
  items: Patient[];
  nextCursor: string | null;
  /** Exact number of matches, or undefined when it would take reading every record (docs/fhir.md). */
  total?: number;
}

const starts = (value: string, prefix: string) => normalizeName(value).startsWith(normalizeName(prefix));

function birthDateOk(p: Patient, bounds: z.infer<typeof DateBound>[]) {
  const d = p.birthDate;
  if (!d) return false;
  return bounds.every((b) => (b.op === "ge" ? d >= b.value : b.op === "gt" ? d > b.value : b.op === "le" ? d <= b.value : d < b.value));
}

function predicate(input: SearchInput) {
  return (p: Patient) =>
    !p.deletedAt &&
    (!input.ids || input.ids.includes(p.id)) &&
    (!input.name || matchesPrefix(p.name, p.id, normalizeName(input.name))) &&
    (!input.family || starts(p.name.family, input.family)) &&
    (!input.given || starts(p.name.given, input.given)) &&
    (!input.birthDate || birthDateOk(p, input.birthDate)) &&
    (!input.sex || p.sex === input.sex) &&
    (!input.updated || updatedIn(p.updatedAt, input.updated));
}

function updatedIn(at: string, range: z.infer<typeof UpdatedRange>) {
  const t = Date.parse(at);
  return (!range.from || t >= Date.parse(range.from)) && (!range.to || t < Date.parse(range.to));
}

const ScopedCursor = z.object({ p: z.literal("scoped"), a: z.string().min(1).max(600) });

/** A page over a small, already-authorized set, with its exact total. */
function scopedPage(records: Patient[], input: SearchInput): SearchPage {
  const after = input.cursor ? decodeCursor(input.cursor, ScopedCursor).a : undefined;
  const rows = records
    .filter(predicate(input))
    .map((p) => ({ p, key: nameKey(p.name, p.id) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const rest = rows.filter((r) => after === undefined || r.key > after);
  const page = rest.slice(0, input.limit);
  return { items: page.map((r) => r.p), nextCursor: rest.length > input.limit ? encodeCursor({ p: "scoped", a: page.at(-1)!.key }) : null, total: rows.length };
}

/**
 * Staff and admins page through the directory on the name prefix (`name`, else `family`, else
 * `given`: the two phases cover a family-or-given match, a superset of each) and narrow each page
 * in memory; the total is one count when the directory alone decides the match (only `name`, or
 * nothing), and left out otherwise. A patient sees only their record, a doctor their patients.
 */
export async function searchPatients(input: SearchInput): Promise<SearchPage> {
  const actor = useActor();
  let page: SearchPage;
  if (actor.type === "user" && actor.role === "patient") {
    const own = actor.patientId ? await getItem(actor.patientId) : undefined;
    page = scopedPage(own ? [own] : [], input);
  } else if (actor.type === "user" && actor.role === "doctor") {
    const ids = actor.doctorId ? await PatientDirectory.patientIdsForDoctor(actor.doctorId) : [];
    page = scopedPage(await batchGet(input.ids ? ids.filter((id) => input.ids!.includes(id)) : ids), input);
  } else if (actor.type === "system" || (actor.type === "user" && (actor.role === "admin" || actor.role === "staff"))) {
    if (input.ids) page = scopedPage(await batchGet([...new Set(input.ids)]), input);
    else {
      const raw = input.name ?? input.family ?? input.given;
      const prefix = raw ? normalizeName(raw) || undefined : undefined;
      const exact = !input.family && !input.given && !input.birthDate && !input.sex && !input.updated;
      const found = await directoryPage({ prefix, includeDeleted: false, limit: input.limit, cursor: input.cursor, keep: exact ? undefined : predicate(input) });
      page = { ...found, total: exact ? await countEntries({ prefix }) : undefined };
    }
  } else throw await Audit.deny({ action: "patient.list", resourceType: "patient" });
  // The same audit row as the REST list: the ids disclosed, never the search.
  await Audit.record({ action: "patient.list", resourceType: "patient", patientIds: page.items.map((p) => p.id), detail: { count: page.items.length } });
  return page;
}
