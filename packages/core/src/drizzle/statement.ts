import { sql, fillPlaceholders, getTableColumns, type SQL } from "drizzle-orm";
import { PgDialect, type AnyPgColumn, type PgTable } from "drizzle-orm/pg-core";
import { z } from "../util/zod";
import { useSql } from "./index";

/**
 * Hand-written hot statements (one round trip each: data-modifying CTEs), typed against their
 * tables. Table and column names come from the `*.sql.ts` definitions, so renaming a column there
 * renames it here and removing one fails to compile; parameters are named placeholders filled
 * from one typed object, not a positional list; the rows a statement returns are built with
 * `json_build_object` from the same column map and parsed with zod, not cast.
 */

/** A column's bare name (`"doctor_id"`), for insert lists and CTE projections. */
export const col = (c: AnyPgColumn) => sql.identifier(c.name);
/** A comma-separated list of bare column names. */
export const cols = (...cs: AnyPgColumn[]) => sql.join(cs.map(col), sql`, `);
/** `alias."column"`: a column of a CTE or aliased table. */
export const of = (alias: string, c: AnyPgColumn) => sql`${sql.identifier(alias)}.${col(c)}`;

/** Every column of `table` except the generated ones named in `omit`, keyed by their TypeScript name. */
export function columnsOf<T extends PgTable, K extends keyof T["_"]["columns"] = never>(table: T, omit: K[] = []) {
  const all = getTableColumns(table) as Record<string, AnyPgColumn>;
  return Object.fromEntries(Object.entries(all).filter(([k]) => !omit.includes(k as K))) as Omit<T["_"]["columns"], K>;
}

/** `json_build_object('doctorId', alias."doctor_id", …)`: a row of `alias` keyed like its drizzle table. */
export function rowJson(alias: string, columns: Record<string, AnyPgColumn>): SQL {
  return sql`json_build_object(${sql.join(
    Object.entries(columns).map(([key, c]) => sql`${sql.raw(`'${key}'`)}, ${of(alias, c)}`),
    sql`, `,
  )})`;
}

/** zod for a timestamptz that json_build_object gives back as text. */
export const jsonTimestamp = z.string().transform((v) => new Date(v));

/** A typed placeholder factory: `p("doctorId")` only compiles for a key of P. */
export function placeholders<P extends Record<string, unknown>>() {
  return <K extends keyof P & string>(name: K): SQL => sql`${sql.placeholder(name)}`;
}

/**
 * Render `query` once (module load) and return a function that runs it as a named prepared
 * statement with its placeholders filled from `values`, answering the rows as postgres.js gives them.
 */
export function prepared<P extends Record<string, unknown>>(query: SQL) {
  const { sql: text, params } = new PgDialect().sqlToQuery(query);
  return async (values: P): Promise<readonly Record<string, unknown>[]> => {
    const rows: readonly Record<string, unknown>[] = await useSql().unsafe(text, fillPlaceholders(params, values) as never[], { prepare: true });
    return rows;
  };
}

const needsQuoting = /["\\]/;
/**
 * A PostgreSQL array literal of strings (`{"a","b\\"c"}`) for a `$n::text[]` parameter, built in
 * one pass: postgres.js's own array serializer runs two regular expressions per element, which
 * showed in the analytics batch profile (issue 19.3). Every element is quoted, so commas,
 * braces, spaces and `NULL` stay text.
 */
export function textArray(xs: readonly string[]): string {
  let out = "{";
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    out += (i ? ',"' : '"') + (needsQuoting.test(x) ? x.replace(/["\\]/g, "\\$&") : x) + '"';
  }
  return `${out}}`;
}

/** A PostgreSQL array literal of integers (`{1,2,3}`) for a `$n::int[]` parameter. */
export function intArray(xs: readonly number[]): string {
  for (const x of xs) if (!Number.isSafeInteger(x)) throw new TypeError(`not an integer: ${x}`);
  return `{${xs.join(",")}}`;
}

/**
 * The rows of a raw `execute(sql…)`, parsed with a zod schema instead of cast: a renamed or
 * missing column fails here, naming the field, rather than reading `undefined` later.
 */
export function parseRows<S extends z.ZodTypeAny>(schema: S, result: unknown): z.output<S>[] {
  return z.array(schema).parse([...(result as Iterable<unknown>)]);
}

/** How many rows a raw `execute(sql…)` returned (an UPDATE … RETURNING, a SELECT 1). */
export const rowCount = (result: unknown): number => [...(result as Iterable<unknown>)].length;
