import { eq, sql } from "drizzle-orm";
import type { Transaction } from "../drizzle";
import { invoiceCounterTable } from "./invoice.sql";

/** `2026, 42` → `2026-000042`. */
export function formatNumber(year: number, n: number): string {
  return `${year}-${String(n).padStart(6, "0")}`;
}

/**
 * Take the year's next invoice number inside the caller's transaction. The counter row is
 * created on first use and then locked FOR UPDATE, so concurrent callers queue on it and the
 * increment commits or rolls back together with the invoice that got the number.
 */
export async function takeNextNumber(tx: Transaction, year: number): Promise<string> {
  await tx.insert(invoiceCounterTable).values({ year, next: 1 }).onConflictDoNothing();
  const [row] = await tx.select().from(invoiceCounterTable).where(eq(invoiceCounterTable.year, year)).for("update");
  await tx
    .update(invoiceCounterTable)
    .set({ next: sql`${invoiceCounterTable.next} + 1` })
    .where(eq(invoiceCounterTable.year, year));
  return formatNumber(year, row!.next);
}
