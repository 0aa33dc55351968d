import { and, eq, gte, isNotNull, lt, or, sql, type SQL } from "drizzle-orm";
import { useTransaction } from "../drizzle";
import { successor } from "../util/successor";
import { patientDirectoryTable as t } from "./directory.sql";

function inRange(column: typeof t.nameKey | typeof t.givenKey, prefix: string): SQL {
  const end = successor(prefix);
  return end === undefined ? gte(column, prefix) : and(gte(column, prefix), lt(column, end))!;
}

/**
 * How many live entries the name list (`listPage`'s two phases together) holds for a prefix:
 * family-first key or given-first key in the prefix's range — one indexed count, the `total` of a
 * FHIR Patient search (docs/fhir.md). Without a prefix, every live entry.
 */
export async function countEntries(opts: { prefix?: string }): Promise<number> {
  const where: SQL[] = [isNotNull(t.nameKey), eq(t.status, "active")];
  if (opts.prefix) where.push(or(inRange(t.nameKey, opts.prefix), inRange(t.givenKey, opts.prefix))!);
  const [row] = await useTransaction((tx) =>
    tx
      .select({ n: sql<number>`count(*)::int` })
      .from(t)
      .where(and(...where)),
  );
  return Number(row?.n ?? 0);
}
