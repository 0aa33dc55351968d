import { Show } from "solid-js";
import { A } from "@solidjs/router";
import { invoiceStatusLabels, money, type Invoice, type InvoiceListItem } from "../api/invoices";
import type { Doctor } from "../api/doctors";
import { formatDate } from "../format";
import { PatientLabel } from "./appointment-row";

export function InvoiceStatusBadge(props: { status: Invoice["status"] }) {
  return <span class={`badge badge-inv-${props.status}`}>{invoiceStatusLabels[props.status] ?? props.status}</span>;
}

/** One invoice in the list: number (link to the detail), dates, patient, doctor, amounts, status. */
export function InvoiceRow(props: { inv: InvoiceListItem; doctor?: Doctor; showPatient: boolean; live: boolean }) {
  const inv = () => props.inv;
  return (
    <tr classList={{ "row-muted": inv().status === "void", "row-flash": props.live }} data-invoice-id={inv().id}>
      <td data-label="Invoice">
        <A href={`/invoices/${inv().id}`} class="strong">
          {inv().number ?? "Not numbered yet"}
        </A>
        <div class="small muted nowrap">{formatDate(inv().issueDate ?? inv().createdAt.slice(0, 10))}</div>
      </td>
      <Show when={props.showPatient}>
        <td data-label="Patient">
          <PatientLabel row={inv()} />
        </td>
      </Show>
      <td data-label="Doctor">{inv().doctorName ?? props.doctor?.name ?? <span class="mono small">{inv().doctorId}</span>}</td>
      <td data-label="Total" class="num">
        {money(inv().totalCents, inv().currency)}
      </td>
      <td data-label="Balance" class="num">
        {inv().balanceCents > 0 && inv().status !== "void" ? money(inv().balanceCents, inv().currency) : <span class="muted">—</span>}
      </td>
      <td data-label="Status" data-testid="invoice-status">
        <InvoiceStatusBadge status={inv().status} />
        <Show when={inv().dueDate && inv().status === "issued"}>
          <div class="small muted nowrap">due {formatDate(inv().dueDate)}</div>
        </Show>
      </td>
    </tr>
  );
}
