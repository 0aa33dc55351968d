import { sql } from "drizzle-orm";
import { z } from "../util/zod";
import type { Transaction } from "../drizzle";
import { parseRows } from "../drizzle/statement";
import { invoiceCounterTable, invoiceTable } from "./invoice.sql";

/** `2026, 42` → `2026-000042`. */
export function formatNumber(year: number, n: number): string {
  return `${year}-${String(n).padStart(6, "0")}`;
}

/**
 * Number a pending invoice in one statement inside the caller's transaction: the year's counter
 * row is upserted (created on first use, else incremented — the upsert locks it) and the taken
 * value is written onto the invoice, with its issue and due dates. Concurrent callers queue on
 * the counter row, so it is held only for this statement and the COMMIT after it (before: a
 * SELECT … FOR UPDATE, an UPDATE of the counter and one of the invoice, each a round trip, with
 * the row locked from the first to the commit). The increment commits or rolls back with the
 * invoice that got the number, so the register stays gapless (a sequence would not: its values
 * are never returned on rollback). `lpad` to at least 6 digits, never truncating: formatNumber.
 */
export async function numberInvoice(tx: Transaction, q: { invoiceId: string; year: number; issueDate: string; dueDate: string; at: Date }): Promise<string> {
  const c = invoiceCounterTable;
  const i = invoiceTable;
  const result = await tx.execute(sql`
    WITH taken AS (
      INSERT INTO ${c} (${sql.identifier(c.year.name)}, ${sql.identifier(c.next.name)}) VALUES (${q.year}, 2)
      ON CONFLICT (${sql.identifier(c.year.name)}) DO UPDATE SET ${sql.identifier(c.next.name)} = ${c.next} + 1
      RETURNING ${c.next} - 1 AS n
    )
    UPDATE ${i} SET
      ${sql.identifier(i.number.name)} = ${String(q.year)} || '-' || lpad(taken.n::text, greatest(6, length(taken.n::text)), '0'),
      ${sql.identifier(i.issueDate.name)} = ${q.issueDate},
      ${sql.identifier(i.dueDate.name)} = ${q.dueDate},
      ${sql.identifier(i.updatedAt.name)} = ${q.at.toISOString()}::timestamptz
    FROM taken WHERE ${i.id} = ${q.invoiceId}
    RETURNING ${i.number} AS number`);
  const [row] = parseRows(z.object({ number: z.string() }), result);
  if (!row) throw new Error(`Invoice ${q.invoiceId} does not exist`);
  return row.number;
}
