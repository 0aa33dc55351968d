import { sql } from "drizzle-orm";
import { z } from "../util/zod";
import { appointmentTable } from "../appointment/appointment.sql";
import { col, cols, of, columnsOf, rowJson, jsonTimestamp, placeholders, prepared } from "../drizzle/statement";
import { invoiceStatuses, invoiceTable, type InvoiceLine } from "./invoice.sql";
import type { InvoiceRow } from "./info";

/**
 * CreateInvoice's usual case — the first run for an appointment — as ONE statement outside any
 * transaction (it is its own), instead of BEGIN, lock the appointment, lock the invoice, INSERT,
 * COMMIT (five round trips). Locks in the order every writer uses (lifecycle.ts): `ap` locks the
 * appointment FOR SHARE (materialized, so it is scanned — and locked — before the insert reads
 * it), then the INSERT takes the invoice's unique-index entry. A cancel that committed first is
 * seen (the invoice is born void); a concurrent insert for the same appointment makes this one
 * wait and then do nothing. It answers the inserted row, or nothing — an invoice exists already
 * (a repeated task, a retry) or the appointment does not — and the caller takes the full path.
 */
const a = appointmentTable;
const i = invoiceTable;
const invoiceColumns = columnsOf(i);
const p = placeholders<CreateValues>();

interface CreateValues extends Record<string, unknown> {
  appointmentId: string;
  id: string;
  currency: string;
  lines: string;
  subtotalCents: number;
  taxCents: number;
  totalCents: number;
}

const CREATE = prepared<CreateValues>(sql`
with ap as materialized (
  select ${cols(a.id, a.patientId, a.doctorId, a.status)} from ${a} where ${col(a.id)} = ${p("appointmentId")} for share
), ins as (
  insert into ${i} (${cols(i.id, i.appointmentId, i.patientId, i.doctorId, i.status, i.currency, i.lines, i.subtotalCents, i.taxCents, i.totalCents)})
  select ${p("id")}, ${of("ap", a.id)}, ${of("ap", a.patientId)}, ${of("ap", a.doctorId)},
    case when ${of("ap", a.status)} = 'cancelled' then 'void' else 'pending' end,
    ${p("currency")}, ${p("lines")}::text::jsonb, ${p("subtotalCents")}::int, ${p("taxCents")}::int, ${p("totalCents")}::int
  from ap
  on conflict (${col(i.appointmentId)}) do nothing
  returning ${cols(...Object.values(invoiceColumns))}
)
select ${rowJson("ins", invoiceColumns)} as invoice from ins`);

/** An invoices row as the statement builds it (rowJson, keyed like invoiceTable). */
const InvoiceRowJson = z.object({
  id: z.string(),
  appointmentId: z.string(),
  patientId: z.string(),
  doctorId: z.string(),
  number: z.string().nullable(),
  status: z.enum(invoiceStatuses),
  currency: z.string(),
  lines: z.array(z.custom<InvoiceLine>((v) => typeof v === "object" && v !== null)),
  subtotalCents: z.number().int(),
  taxCents: z.number().int(),
  totalCents: z.number().int(),
  paidCents: z.number().int(),
  issueDate: z.string().nullable(),
  dueDate: z.string().nullable(),
  pdfKey: z.string().nullable(),
  error: z.string().nullable(),
  attempts: z.number().int(),
  issuedAt: jsonTimestamp.nullable(),
  createdAt: jsonTimestamp,
  updatedAt: jsonTimestamp,
}) satisfies z.ZodType<InvoiceRow, unknown>;

export async function insertFirstInvoice(q: {
  appointmentId: string;
  id: string;
  priced: { currency: string; lines: InvoiceLine[]; subtotalCents: number; taxCents: number; totalCents: number };
}): Promise<InvoiceRow | undefined> {
  const rows = await CREATE({
    appointmentId: q.appointmentId,
    id: q.id,
    currency: q.priced.currency,
    lines: JSON.stringify(q.priced.lines),
    subtotalCents: q.priced.subtotalCents,
    taxCents: q.priced.taxCents,
    totalCents: q.priced.totalCents,
  });
  const row = rows[0]?.invoice;
  return row ? InvoiceRowJson.parse(row) : undefined;
}
