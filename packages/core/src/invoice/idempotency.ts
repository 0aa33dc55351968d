import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { createTransaction } from "../drizzle";
import { VisibleError } from "../util/error";
import { idempotencyTable } from "./invoice.sql";

/** JSON with sorted keys, so `{a,b}` and `{b,a}` are the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(value);
}

export interface IdempotentResult<T> {
  status: number;
  body: T;
  replayed: boolean;
}

/**
 * Run `effect` at most once per (scope, key). The record is inserted first, in the same
 * transaction as the effect: a concurrent request with the same key blocks on the unique
 * key until this one commits, then replays its stored response; if this one rolls back
 * (an error answer), the record goes with it and the key may be used again.
 */
export async function idempotent<T>(scope: string, key: string, request: unknown, effect: () => Promise<{ status: number; body: T }>): Promise<IdempotentResult<T>> {
  const requestHash = createHash("sha256").update(canonicalJson(request)).digest("hex");
  return createTransaction(async (tx) => {
    const claimed = await tx.insert(idempotencyTable).values({ scope, key, requestHash, status: 0, response: {} }).onConflictDoNothing().returning({ key: idempotencyTable.key });
    if (!claimed.length) {
      const [prior] = await tx
        .select()
        .from(idempotencyTable)
        .where(and(eq(idempotencyTable.scope, scope), eq(idempotencyTable.key, key)));
      if (!prior || prior.requestHash !== requestHash)
        throw new VisibleError("unprocessable", "idempotency.key_reused", "This Idempotency-Key was already used with a different request.", [
          { field: "Idempotency-Key", message: "Already used with another body; use a new key" },
        ]);
      return { status: prior.status, body: prior.response as T, replayed: true };
    }
    const result = await effect();
    await tx
      .update(idempotencyTable)
      .set({ status: result.status, response: result.body as object })
      .where(and(eq(idempotencyTable.scope, scope), eq(idempotencyTable.key, key)));
    return { ...result, replayed: false };
  });
}
