import { GetCommand, PutCommand, QueryCommand, DeleteCommand, BatchGetCommand, ScanCommand, UpdateCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { writePacer } from "../dynamo/write-rate";
import { useDynamo, tableName, type Item as DynamoItem } from "../dynamo";
import { z } from "../util/zod";
import { encodeCursor, decodeCursor } from "../util/cursor";
import { VisibleError } from "../util/error";
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

/** Stored item: the record plus its index attribute and unprojected audit rows (never returned to callers). */
type Item = Patient & { email?: string; unprojected?: PendingAudit[] };

/**
 * Attributes of the removed `byName`/`byGivenName` indexes (docs/capacity.md #8): items written
 * before the list moved to the Postgres directory still carry them until their next write.
 */
const LEGACY_ATTRIBUTES = ["listKey", "nameKey", "givenKey"] as const;

const table = () => tableName("Patients");
const isConditionFailure = (err: unknown) => (err as Error)?.name === "ConditionalCheckFailedException";

export function toItem(p: Patient): Item {
  const item: Item = { ...p };
  if (p.contact?.email) item.email = p.contact.email;
  return item;
}

export function fromItem(item: DynamoItem): Patient {
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

export const unprojectedOf = (item: DynamoItem): PendingAudit[] => (Array.isArray(item.unprojected) ? item.unprojected : []);

/**
 * Forget the audit rows Postgres now has, if the item is still the version that carried them
 * (a newer write carries them on and forgets them itself). Returns false when it was not.
 */
export async function clearUnprojected(id: string, version: number): Promise<boolean> {
  try {
    await useDynamo().send(
      new UpdateCommand({
        TableName: table(),
        Key: { id },
        UpdateExpression: "REMOVE unprojected",
        ConditionExpression: "version = :v",
        ExpressionAttributeValues: { ":v": version },
      }),
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

interface EmailCursor {
  p: "email";
  /** ExclusiveStartKey of `byEmail`; absent = start */
  k?: Record<string, string>;
}

export const badCursor = (message = "Invalid cursor") => new VisibleError("input", "validation", "The request is invalid.", [{ field: "query.cursor", message }]);

/** A cursor is only honoured for the search it came from, with exactly byEmail's key. */
function readCursor(raw: string, email: string): EmailCursor {
  const c = decodeCursor(raw, z.object({ p: z.string().max(20), k: z.record(z.string().max(20), z.string().max(600)).optional() }));
  if (c.p !== "email") throw badCursor("The cursor belongs to a different search");
  if (c.k === undefined) return { p: "email" };
  const k = c.k as Record<string, unknown>;
  const want = ["id", "email"];
  if (Object.keys(k).length !== want.length || !want.every((a) => typeof k[a] === "string" && (k[a] as string).length > 0)) throw badCursor();
  if (k.email !== email) throw badCursor("The cursor belongs to a different search");
  return { p: "email", k: k as Record<string, string> };
}

/** Bounded work per request: a page may come back short (with a cursor) when many records are filtered out. */
const MAX_QUERIES_PER_PAGE = 8;

/**
 * A page of exact email matches (`byEmail`: its hash key is the email, so no hot partition;
 * name lists page through the Postgres directory, ./list.ts). Soft-deleted records are skipped
 * unless asked for. Every DynamoDB query asks for at most the number of items still missing, so
 * the page never overflows and `nextCursor` (LastEvaluatedKey) is exact.
 */
export async function emailPage(opts: { email: string; includeDeleted: boolean; limit: number; cursor?: string }) {
  let cursor: EmailCursor | undefined = opts.cursor ? readCursor(opts.cursor, opts.email) : { p: "email" };
  const items: Patient[] = [];
  for (let n = 0; cursor && items.length < opts.limit && n < MAX_QUERIES_PER_PAGE; n++) {
    const input: QueryCommandInput = {
      TableName: table(),
      IndexName: "byEmail",
      KeyConditionExpression: "email = :e",
      FilterExpression: opts.includeDeleted ? undefined : "(attribute_not_exists(deletedAt) OR deletedAt = :null)",
      ExpressionAttributeValues: opts.includeDeleted ? { ":e": opts.email } : { ":e": opts.email, ":null": null },
      Limit: opts.limit - items.length,
      ExclusiveStartKey: cursor.k,
    };
    let res;
    try {
      res = await useDynamo().send(new QueryCommand(input));
    } catch (err) {
      // A start key DynamoDB rejects can only come from a hand-made cursor.
      if (cursor.k && (err as Error)?.name === "ValidationException") throw badCursor();
      throw err;
    }
    items.push(...(res.Items ?? []).map(fromItem));
    cursor = res.LastEvaluatedKey ? { p: "email", k: res.LastEvaluatedKey as Record<string, string> } : undefined;
  }
  return { items, nextCursor: cursor ? encodeCursor(cursor) : null };
}

/** One page of a consistent scan of every record (the directory's backfill walks them all). */
export async function scanPage(start?: Record<string, unknown>): Promise<{ records: { patient: Patient; unprojected: PendingAudit[] }[]; next?: Record<string, unknown> }> {
  const res = await useDynamo().send(new ScanCommand({ TableName: table(), ExclusiveStartKey: start, ConsistentRead: true }));
  return { records: (res.Items ?? []).map((item) => ({ patient: fromItem(item), unprojected: unprojectedOf(item) })), next: res.LastEvaluatedKey };
}

/**
 * Give every stored record the current index attributes (`email`, for byEmail) and drop the
 * attributes of removed indexes (`listKey`, `nameKey`, `givenKey`: docs/capacity.md #8).
 * Idempotent and paced (../dynamo/write-rate.ts); each write is conditional on the version read,
 * so a concurrent edit is simply left alone (its put wrote the current attributes itself).
 */
export async function reindexAll(): Promise<{ scanned: number; updated: number }> {
  const pace = writePacer();
  let start: Record<string, unknown> | undefined;
  let scanned = 0;
  let updated = 0;
  do {
    const res = await useDynamo().send(new ScanCommand({ TableName: table(), ExclusiveStartKey: start, ConsistentRead: true }));
    for (const raw of res.Items ?? []) {
      scanned++;
      const want = toItem(fromItem(raw));
      const legacy = LEGACY_ATTRIBUTES.filter((a) => a in raw);
      if (raw.email === want.email && !legacy.length) continue;
      const remove = [...legacy, ...(want.email ? [] : ["email"])];
      await pace();
      try {
        await useDynamo().send(
          new UpdateCommand({
            TableName: table(),
            Key: { id: raw.id },
            UpdateExpression: [want.email ? "SET email = :e" : "", remove.length ? `REMOVE ${remove.join(", ")}` : ""].filter(Boolean).join(" "),
            ConditionExpression: "version = :v",
            ExpressionAttributeValues: { ":v": raw.version, ...(want.email ? { ":e": want.email } : {}) },
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
