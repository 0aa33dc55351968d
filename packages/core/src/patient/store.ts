import { GetCommand, PutCommand, QueryCommand, DeleteCommand, BatchGetCommand, ScanCommand, UpdateCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { writePacer } from "../dynamo/write-rate";
import { useDynamo, tableName } from "../dynamo";
import { z } from "../util/zod";
import { encodeCursor, decodeCursor } from "../util/cursor";
import { VisibleError } from "../util/error";
import { LIST_KEY, nameKey, givenKey } from "./keys";
import type { Patient } from "./schema";

/**
 * The audit row of a patient write, stored on the item by the same conditional put as the change
 * until Postgres has it (docs/patients.md "Writes and failures"): ids and field names only, like
 * every audit row; `at` is when the write happened, not when the row reached the log.
 */
export interface PendingAudit {
  id: string;
  at: string;
  actorId: string;
  actorRole: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  patientId: string | null;
  requestId: string | null;
  outcome: "success" | "denied" | "failed";
  detail: Record<string, unknown> | null;
}

/** Stored item: the record plus its index attributes and unprojected audit rows (never returned to callers). */
type Item = Patient & { listKey: string; nameKey: string; givenKey: string; email?: string; unprojected?: PendingAudit[] };

const table = () => tableName("Patients");
const isConditionFailure = (err: unknown) => (err as Error)?.name === "ConditionalCheckFailedException";

export function toItem(p: Patient): Item {
  const item: Item = { ...p, listKey: LIST_KEY, nameKey: nameKey(p.name, p.id), givenKey: givenKey(p.name, p.id) };
  if (p.contact?.email) item.email = p.contact.email;
  return item;
}

export function fromItem(item: Record<string, any>): Patient {
  const { listKey: _l, nameKey: _n, givenKey: _g, email: _e, unprojected: _u, ...rest } = item;
  return { ...rest, deletedAt: rest.deletedAt ?? null } as Patient;
}

export async function getItem(id: string): Promise<Patient | undefined> {
  return (await getRecord(id))?.patient;
}

/** The record and the audit rows of its writes that Postgres may not have yet. */
export async function getRecord(id: string): Promise<{ patient: Patient; unprojected: PendingAudit[] } | undefined> {
  const res = await useDynamo().send(new GetCommand({ TableName: table(), Key: { id }, ConsistentRead: true }));
  return res.Item ? { patient: fromItem(res.Item), unprojected: unprojectedOf(res.Item) } : undefined;
}

export const unprojectedOf = (item: Record<string, any>): PendingAudit[] => (Array.isArray(item.unprojected) ? item.unprojected : []);

/**
 * Forget the audit rows Postgres now has, if the item is still the version that carried them
 * (a newer write carries them on and forgets them itself). Returns false when it was not.
 */
export async function clearUnprojected(id: string, version: number): Promise<boolean> {
  try {
    await useDynamo().send(
      new UpdateCommand({ TableName: table(), Key: { id }, UpdateExpression: "REMOVE unprojected", ConditionExpression: "version = :v", ExpressionAttributeValues: { ":v": version } }),
    );
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}

/**
 * Conditional single-item put (dynalite has no transactions, and none is needed): with
 * `expectedVersion` undefined the item must not exist yet, otherwise the stored `version`
 * must still be the one the caller read. Returns false when the condition failed.
 * `unprojected`: the audit rows that travel with this version until Postgres has them.
 */
export async function putItem(p: Patient, expectedVersion?: number, unprojected: PendingAudit[] = []): Promise<boolean> {
  try {
    await useDynamo().send(
      new PutCommand({
        TableName: table(),
        Item: unprojected.length ? { ...toItem(p), unprojected } : toItem(p),
        ConditionExpression: expectedVersion === undefined ? "attribute_not_exists(id)" : "version = :v",
        ExpressionAttributeValues: expectedVersion === undefined ? undefined : { ":v": expectedVersion },
      }),
    );
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}

/** Erase an item; with `expectedVersion`, only if it is still that version. */
export async function deleteItem(id: string, expectedVersion?: number): Promise<boolean> {
  try {
    await useDynamo().send(
      new DeleteCommand({
        TableName: table(),
        Key: { id },
        ...(expectedVersion === undefined ? {} : { ConditionExpression: "version = :v", ExpressionAttributeValues: { ":v": expectedVersion } }),
      }),
    );
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}

/** Many records by id (missing ones are skipped), in no particular order. */
export async function batchGet(ids: string[]): Promise<Patient[]> {
  const out: Patient[] = [];
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 100) {
    let keys: Record<string, unknown>[] | undefined = unique.slice(i, i + 100).map((id) => ({ id }));
    for (let attempt = 0; keys?.length && attempt < 8; attempt++) {
      if (attempt) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
      const res = await useDynamo().send(new BatchGetCommand({ RequestItems: { [table()]: { Keys: keys, ConsistentRead: true } } }));
      out.push(...(res.Responses?.[table()] ?? []).map(fromItem));
      keys = res.UnprocessedKeys?.[table()]?.Keys as Record<string, unknown>[] | undefined;
    }
    if (keys?.length) throw new Error("BatchGet left keys unprocessed");
  }
  return out;
}

/**
 * The three ways through the table. A name search runs `family` first (byName), then
 * `given` (byGivenName, skipping records the family phase already returned), so one
 * cursor walks both without duplicates.
 */
type Phase = "family" | "given" | "email";
const INDEX: Record<Phase, { name: string; hash: string; range?: string }> = {
  family: { name: "byName", hash: "listKey", range: "nameKey" },
  given: { name: "byGivenName", hash: "listKey", range: "givenKey" },
  email: { name: "byEmail", hash: "email" },
};

interface Cursor {
  /** phase */
  p: Phase;
  /** ExclusiveStartKey within that phase; absent = start of the phase */
  k?: Record<string, string>;
}

const badCursor = (message = "Invalid cursor") => new VisibleError("input", "validation", "The request is invalid.", [{ field: "query.cursor", message }]);

/** A cursor is only honoured for the search it came from, with exactly its index's key. */
function readCursor(raw: string, phases: Phase[], opts: { prefix?: string; email?: string }): Cursor {
  const c = decodeCursor(raw, z.object({ p: z.string().max(20), k: z.record(z.string().max(20), z.string().max(600)).optional() })) as Partial<Cursor>;
  if (!c.p || !phases.includes(c.p)) throw badCursor("The cursor belongs to a different search");
  if (c.k === undefined) return { p: c.p };
  const index = INDEX[c.p];
  const want = ["id", "listKey", "nameKey", "givenKey", "email"].filter((a) => a === "id" || a === index.hash || a === index.range);
  const k = c.k as Record<string, unknown>;
  if (typeof k !== "object" || k === null || Object.keys(k).length !== want.length || !want.every((a) => typeof k[a] === "string" && (k[a] as string).length > 0 && (k[a] as string).length <= 600))
    throw badCursor();
  if (index.hash === "listKey" && k.listKey !== LIST_KEY) throw badCursor();
  if (index.hash === "email" && k.email !== opts.email) throw badCursor("The cursor belongs to a different search");
  if (index.range && opts.prefix && !(k[index.range] as string).startsWith(opts.prefix)) throw badCursor("The cursor belongs to a different search");
  return { p: c.p, k: k as Record<string, string> };
}

function queryInput(phase: Phase, opts: { prefix?: string; email?: string; includeDeleted: boolean }): QueryCommandInput {
  const filters: string[] = [];
  const values: Record<string, unknown> = {};
  let key: string;
  if (phase === "email") {
    key = "email = :e";
    values[":e"] = opts.email;
  } else {
    const range = INDEX[phase].range!;
    key = opts.prefix ? `listKey = :l AND begins_with(${range}, :p)` : "listKey = :l";
    values[":l"] = LIST_KEY;
    if (opts.prefix) values[":p"] = opts.prefix;
    // Already returned by the family phase.
    if (phase === "given") filters.push("NOT begins_with(nameKey, :p)");
  }
  if (!opts.includeDeleted) {
    filters.push("(attribute_not_exists(deletedAt) OR deletedAt = :null)");
    values[":null"] = null;
  }
  return {
    TableName: table(),
    IndexName: INDEX[phase].name,
    KeyConditionExpression: key,
    FilterExpression: filters.length ? filters.join(" AND ") : undefined,
    ExpressionAttributeValues: values,
  };
}

/** Bounded work per request: a page may come back short (with a cursor) when many records are filtered out. */
const MAX_QUERIES_PER_PAGE = 8;

/**
 * A page in name order (family-name matches first, then given-name matches, when `prefix`
 * is set) or of exact email matches. Soft-deleted records are skipped unless asked for.
 * Every DynamoDB query asks for at most the number of items still missing, so the page
 * never overflows and `nextCursor` (the phase + LastEvaluatedKey) is exact.
 */
export async function queryPage(opts: { prefix?: string; email?: string; includeDeleted: boolean; limit: number; cursor?: string }) {
  const phases: Phase[] = opts.email ? ["email"] : opts.prefix ? ["family", "given"] : ["family"];
  let cursor: Cursor | undefined = opts.cursor ? readCursor(opts.cursor, phases, opts) : { p: phases[0]! };
  const items: Patient[] = [];
  for (let n = 0; cursor && items.length < opts.limit && n < MAX_QUERIES_PER_PAGE; n++) {
    const input: QueryCommandInput = { ...queryInput(cursor.p, opts), Limit: opts.limit - items.length, ExclusiveStartKey: cursor.k };
    let res;
    try {
      res = await useDynamo().send(new QueryCommand(input));
    } catch (err) {
      // A start key DynamoDB rejects can only come from a hand-made cursor.
      if (cursor.k && (err as Error)?.name === "ValidationException") throw badCursor();
      throw err;
    }
    items.push(...(res.Items ?? []).map(fromItem));
    if (res.LastEvaluatedKey) cursor = { p: cursor.p, k: res.LastEvaluatedKey as Record<string, string> };
    else {
      const next: Phase | undefined = phases[phases.indexOf(cursor.p) + 1];
      cursor = next ? { p: next } : undefined;
    }
  }
  return { items, nextCursor: cursor ? encodeCursor(cursor) : null };
}

/** One page of a consistent scan of every record (the directory's backfill walks them all). */
export async function scanPage(start?: Record<string, unknown>): Promise<{ records: { patient: Patient; unprojected: PendingAudit[] }[]; next?: Record<string, unknown> }> {
  const res = await useDynamo().send(new ScanCommand({ TableName: table(), ExclusiveStartKey: start, ConsistentRead: true }));
  return { records: (res.Items ?? []).map((item) => ({ patient: fromItem(item), unprojected: unprojectedOf(item) })), next: res.LastEvaluatedKey };
}

/**
 * Give every stored record the current index attributes (e.g. `givenKey` after the
 * `byGivenName` index was added). Idempotent; each write is conditional on the version
 * read, so a concurrent edit is simply left alone (it wrote the keys itself).
 */
export async function reindexAll(): Promise<{ scanned: number; updated: number }> {
  // Paced: every key change writes the list indexes' one hot partition (../dynamo/write-rate.ts).
  const pace = writePacer();
  let start: Record<string, unknown> | undefined;
  let scanned = 0;
  let updated = 0;
  do {
    const res = await useDynamo().send(new ScanCommand({ TableName: table(), ExclusiveStartKey: start, ConsistentRead: true }));
    for (const raw of res.Items ?? []) {
      scanned++;
      const want = toItem(fromItem(raw));
      if (raw.listKey === want.listKey && raw.nameKey === want.nameKey && raw.givenKey === want.givenKey && raw.email === want.email) continue;
      await pace();
      try {
        await useDynamo().send(
          new UpdateCommand({
            TableName: table(),
            Key: { id: raw.id },
            UpdateExpression: want.email ? "SET listKey = :l, nameKey = :n, givenKey = :g, email = :e" : "SET listKey = :l, nameKey = :n, givenKey = :g REMOVE email",
            ConditionExpression: "version = :v",
            ExpressionAttributeValues: { ":l": want.listKey, ":n": want.nameKey, ":g": want.givenKey, ":v": raw.version, ...(want.email ? { ":e": want.email } : {}) },
          }),
        );
        updated++;
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
      }
    }
    start = res.LastEvaluatedKey;
  } while (start);
  return { scanned, updated };
}
