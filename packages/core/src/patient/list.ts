import { z } from "../util/zod";
import { encodeCursor, decodeCursor } from "../util/cursor";
import { PatientDirectory } from "../directory";
import { log, errorFields } from "../observability/log";
import { givenKey, nameKey } from "./keys";
import { batchGet, badCursor } from "./store";
import type { Patient } from "./schema";

/**
 * The staff/admin patients list (docs/patients.md "Indexes and search"): name order and prefix
 * search page through the Postgres patient directory's keys — not a DynamoDB index on one
 * constant partition key (docs/capacity.md #8) — and each page's records are then read from
 * DynamoDB, the source of truth, in directory order.
 *
 * A name search has two phases: family-name matches (`name_key`), then given-name matches
 * (`given_key`) that the first phase did not return; the cursor names the phase and the last key
 * returned, so one walk crosses both without duplicates.
 */
type Phase = "family" | "given";

const NameCursor = z.object({ p: z.enum(["family", "given"]), k: z.string().min(1).max(600).optional() });
type NameCursor = z.infer<typeof NameCursor>;

/** A cursor is only honoured for the search it came from: its phase, and a key of that search. */
function readCursor(raw: string, phases: Phase[], prefix: string | undefined): NameCursor {
  const c = decodeCursor(raw, z.object({ p: z.string().max(20) }).passthrough());
  if (!(phases as string[]).includes(c.p)) throw badCursor("The cursor belongs to a different search");
  const parsed = NameCursor.safeParse(c);
  if (!parsed.success) throw badCursor();
  const k = parsed.data.k;
  // Every key ends in "#<id>" (keys.ts); under a prefix, the phase's key starts with it.
  if (k !== undefined && (!k.includes("#") || (prefix && !k.startsWith(prefix)))) throw badCursor("The cursor belongs to a different search");
  return parsed.data;
}

/** Bounded work per request: a page may come back short (with a cursor) when many entries turn out stale. */
const MAX_ROUNDS_PER_PAGE = 8;

/** `keep` narrows the page further (a FHIR search's birthdate, gender, family): pages may come back short, the cursor stays exact. */
export async function directoryPage(opts: { prefix?: string; includeDeleted: boolean; limit: number; cursor?: string; keep?: (p: Patient) => boolean }) {
  const phases: Phase[] = opts.prefix ? ["family", "given"] : ["family"];
  let cursor: NameCursor | undefined = opts.cursor ? readCursor(opts.cursor, phases, opts.prefix) : { p: phases[0]! };
  const items: Patient[] = [];
  for (let n = 0; cursor && items.length < opts.limit && n < MAX_ROUNDS_PER_PAGE; n++) {
    const want = opts.limit - items.length;
    // One more than needed: whether this phase goes on decides between a cursor in it and the next phase.
    const entries = await PatientDirectory.listPage({ phase: cursor.p, prefix: opts.prefix, after: cursor.k, includeDeleted: opts.includeDeleted, limit: want + 1 });
    const taken = entries.slice(0, want);
    const records = await recordsOf(taken, cursor.p, opts);
    items.push(...(opts.keep ? records.filter(opts.keep) : records));
    if (entries.length > want) cursor = { p: cursor.p, k: taken.at(-1)!.key };
    else {
      const next: Phase | undefined = phases[phases.indexOf(cursor.p) + 1];
      cursor = next ? { p: next } : undefined;
    }
  }
  return { items, nextCursor: cursor ? encodeCursor(cursor) : null };
}

/**
 * The records of a page of entries, as DynamoDB has them, in the entries' order. An entry whose
 * record is gone, or older than the record (a write whose directory statement failed, an edit
 * made outside the API), is repaired on the spot; the record is shown if it still belongs in
 * this list (not soft-deleted unless asked for, still matching the prefix in this phase).
 */
async function recordsOf(entries: { id: string; version: number }[], phase: Phase, opts: { prefix?: string; includeDeleted: boolean }): Promise<Patient[]> {
  if (!entries.length) return [];
  const byId = new Map((await batchGet(entries.map((e) => e.id))).map((p) => [p.id, p]));
  const out: Patient[] = [];
  for (const e of entries) {
    const p = byId.get(e.id);
    if (!p || p.version > e.version) {
      await PatientDirectory.repair(e.id).catch((err) => log.warn("patient.directory_repair_failed", { patientId: e.id, ...errorFields(err) }));
      if (!p || !belongs(p, phase, opts)) continue;
    }
    out.push(p);
  }
  return out;
}

function belongs(p: Patient, phase: Phase, opts: { prefix?: string; includeDeleted: boolean }): boolean {
  if (p.deletedAt && !opts.includeDeleted) return false;
  if (!opts.prefix) return true;
  const family = nameKey(p.name, p.id).startsWith(opts.prefix);
  return phase === "family" ? family : !family && givenKey(p.name, p.id).startsWith(opts.prefix);
}
