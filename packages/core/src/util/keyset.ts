import { sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { encodeCursor, decodeCursor, InstantKey } from "./cursor";

/**
 * Keyset paging on (instant, id), shared by the appointment, invoice and audit lists: the
 * condition for the rows after a cursor, and the cut of the `limit + 1` fetched rows into a page
 * and the next cursor.
 */
export namespace Keyset {
  /** Rows after `cursor` in (at, id) order: a row comparison, so an (…, at, id) index bounds the scan. */
  export function after(cursor: string, at: AnyPgColumn, id: AnyPgColumn, order: "asc" | "desc"): SQL {
    const c = decodeCursor(cursor, InstantKey);
    const instant = new Date(c.at).toISOString();
    return order === "asc" ? sql`(${at}, ${id}) > (${instant}::timestamptz, ${c.id})` : sql`(${at}, ${id}) < (${instant}::timestamptz, ${c.id})`;
  }

  /** `limit + 1` fetched rows → the page and the cursor of its last row (null on the last page). */
  export function page<R>(rows: R[], limit: number, keyOf: (row: R) => { at: Date; id: string }): { page: R[]; nextCursor: string | null } {
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const key = last && rows.length > limit ? keyOf(last) : null;
    return { page, nextCursor: key ? encodeCursor({ at: key.at.toISOString(), id: key.id }) : null };
  }
}
