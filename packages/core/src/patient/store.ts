import { GetCommand, PutCommand, QueryCommand, DeleteCommand, BatchGetCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { useDynamo, tableName } from "../dynamo";
import { encodeCursor, decodeCursor } from "../util/cursor";
import { VisibleError } from "../util/error";
import { LIST_KEY, nameKey } from "./keys";
import type { Patient } from "./schema";

/** Stored item: the record plus its index attributes. */
type Item = Patient & { listKey: string; nameKey: string; email?: string };

const table = () => tableName("Patients");

export function toItem(p: Patient): Item {
  const item: Item = { ...p, listKey: LIST_KEY, nameKey: nameKey(p.name, p.id) };
  if (p.contact?.email) item.email = p.contact.email;
  return item;
}

export function fromItem(item: Record<string, any>): Patient {
  const { listKey: _l, nameKey: _n, email: _e, ...rest } = item;
  return { ...rest, deletedAt: rest.deletedAt ?? null } as Patient;
}

export async function getItem(id: string): Promise<Patient | undefined> {
  const res = await useDynamo().send(new GetCommand({ TableName: table(), Key: { id }, ConsistentRead: true }));
  return res.Item ? fromItem(res.Item) : undefined;
}

/**
 * Conditional single-item put: `expectedVersion` undefined means "must not exist yet".
 * Returns false when the condition failed (someone else wrote first).
 */
export async function putItem(p: Patient, expectedVersion?: number): Promise<boolean> {
  try {
    await useDynamo().send(
      new PutCommand({
        TableName: table(),
        Item: toItem(p),
        ConditionExpression: expectedVersion === undefined ? "attribute_not_exists(id)" : "version = :v",
        ExpressionAttributeValues: expectedVersion === undefined ? undefined : { ":v": expectedVersion },
      }),
    );
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException || (err as Error).name === "ConditionalCheckFailedException") return false;
    throw err;
  }
}

export async function deleteItem(id: string) {
  await useDynamo().send(new DeleteCommand({ TableName: table(), Key: { id } }));
}

export async function batchGet(ids: string[]): Promise<Patient[]> {
  const out: Patient[] = [];
  for (let i = 0; i < ids.length; i += 100) {
    const res = await useDynamo().send(new BatchGetCommand({ RequestItems: { [table()]: { Keys: ids.slice(i, i + 100).map((id) => ({ id })) } } }));
    out.push(...(res.Responses?.[table()] ?? []).map(fromItem));
  }
  return out.sort((a, b) => nameKey(a.name, a.id).localeCompare(nameKey(b.name, b.id)));
}

const CURSOR_KEYS = new Set(["id", "listKey", "nameKey", "email"]);

function startKey(cursor?: string) {
  if (!cursor) return undefined;
  const key = decodeCursor<Record<string, unknown>>(cursor, "query.cursor");
  const ok = Object.entries(key).every(([k, v]) => CURSOR_KEYS.has(k) && typeof v === "string" && v.length <= 600) && typeof key.id === "string";
  if (!ok) throw new VisibleError("input", "validation", "The request is invalid.", [{ field: "query.cursor", message: "Invalid cursor" }]);
  return key;
}

/**
 * Name-ordered page through the `byName` index (name prefix when given) or the `byEmail`
 * index. Soft-deleted records are filtered out unless asked for; a filtered page can be
 * shorter than `limit`, but the cursor stays exact.
 */
export async function queryPage(opts: { prefix?: string; email?: string; includeDeleted: boolean; limit: number; cursor?: string }) {
  const input: QueryCommandInput = opts.email
    ? {
        TableName: table(),
        IndexName: "byEmail",
        KeyConditionExpression: "email = :e",
        ExpressionAttributeValues: { ":e": opts.email },
      }
    : {
        TableName: table(),
        IndexName: "byName",
        KeyConditionExpression: opts.prefix ? "listKey = :l AND begins_with(nameKey, :p)" : "listKey = :l",
        ExpressionAttributeValues: { ":l": LIST_KEY, ...(opts.prefix ? { ":p": opts.prefix } : {}) },
      };
  if (!opts.includeDeleted) {
    input.FilterExpression = "attribute_not_exists(deletedAt) OR deletedAt = :null";
    input.ExpressionAttributeValues = { ...input.ExpressionAttributeValues, ":null": null };
  }
  input.Limit = opts.limit;
  input.ExclusiveStartKey = startKey(opts.cursor);
  const res = await useDynamo().send(new QueryCommand(input));
  return {
    items: (res.Items ?? []).map(fromItem),
    nextCursor: res.LastEvaluatedKey ? encodeCursor(res.LastEvaluatedKey) : null,
  };
}
