import { z } from "./zod";
import { VisibleError } from "./error";
import { findUnsafeText, isSafeText } from "./text";
import { inDateRange, instant } from "./date";

/**
 * Opaque pagination cursors: base64url JSON. Clients must not build them, but they can, so a
 * cursor is input like any other: `Cursor` is the query parameter's schema, and `decodeCursor`
 * checks what it decodes to against the list's own schema (a wrong shape, a bad date, a NUL
 * is a 400 naming `query.cursor`, never a RangeError or a database error).
 */
export const Cursor = z
  .string()
  .max(2000)
  .regex(/^[A-Za-z0-9_-]*$/, "Invalid cursor")
  .openapi({ description: "Opaque: the previous page's nextCursor" });

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

const invalid = (field: string, message = "Invalid cursor") => new VisibleError("input", "validation", "The request is invalid.", [{ field, message }]);

/** What a cursor may hold when no schema is given: flat, short, safe text; `at`/`…At` keys are in-range instants. */
const Generic = z
  .record(z.string().max(64), z.union([z.string().max(600).refine(isSafeText), z.number(), z.boolean(), z.null()]))
  .refine((o) => Object.entries(o).every(([k, v]) => !(k === "at" || k.endsWith("At")) || (typeof v === "string" && inDateRange(Date.parse(v)))));

/** A keyset cursor's `(instant, id)` pair, the shape most lists use. */
export const InstantKey = z.object({
  // The ISO instant this code wrote (toISOString), not anything Date.parse accepts ("0" is 2000-01-01).
  at: instant(),
  id: z.string().min(1).max(64),
});

export function decodeCursor<S extends z.ZodType>(cursor: string, schema: S, field?: string): z.output<S>;
/** @deprecated Pass the cursor's schema; without one only a generic shape is checked. */
export function decodeCursor<T>(cursor: string, field?: string): T;
export function decodeCursor(cursor: string, schemaOrField?: z.ZodType | string, maybeField?: string): unknown {
  const schema = typeof schemaOrField === "object" ? schemaOrField : Generic;
  const field = (typeof schemaOrField === "string" ? schemaOrField : maybeField) ?? "query.cursor";
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid(field);
  }
  if (value === null || typeof value !== "object" || findUnsafeText(value).length) throw invalid(field);
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalid(field);
  return parsed.data;
}
