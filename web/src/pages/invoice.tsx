import { For, Show, createSignal } from "solid-js";
import { A, createAsync, revalidate, useAction, useParams } from "@solidjs/router";
import { Invoices, getInvoice, isInvoiceStatus, money, paymentMethodLabels, retryInvoice, type InvoiceDetail } from "../api/invoices";
import { PageHeader, RoleGate } from "../components/layout";
import { Async } from "../components/async";
import { Alert, createFormState } from "../components/form";
import { InvoiceStatusBadge } from "../components/invoice-row";
import { InvoiceWorkflow } from "../components/invoice-workflow";
import { PaymentForm } from "../components/payment-form";
import { PatientName } from "../components/appointment-row";
import { LiveBadge } from "../components/live-badge";
import { useDoctors } from "../components/doctors";
import { hasRole } from "../session";
import { formatDate, formatTimestamp } from "../format";
import { onReconnect, useChannel } from "../realtime";
import { Icon } from "../components/icons";

export function InvoicePage() {
  const params = useParams();
  const invoice = createAsync(() => getInvoice(params.id!));
  const live = () => hasRole("admin", "staff");
  const reload = () => void revalidate(getInvoice.keyFor(params.id!));
  if (live()) {
    useChannel("invoices", (msg) => {
      if (isInvoiceStatus(msg) && msg.invoiceId === params.id) reload();
    });
    onReconnect(reload);
  }
  return (
    <RoleGate roles={["admin", "staff", "doctor", "patient"]}>
      <section class="page">
        <Async source={invoice} errorHeader={<PageHeader title="Invoice" back={{ href: "/invoices", label: "Invoices" }} />}>
          <Show when={invoice()}>{(inv) => <InvoiceView inv={inv()} live={live()} />}</Show>
        </Async>
      </section>
    </RoleGate>
  );
}

function InvoiceView(props: { inv: InvoiceDetail; live: boolean }) {
  const inv = () => props.inv;
  const doctors = useDoctors();
  const retry = useAction(retryInvoice);
  const actions = createFormState();
  const [notice, setNotice] = createSignal<string | null>(null);
  const canDownload = () => inv().hasPdf && hasRole("admin", "staff", "patient");

  /**
   * Open the PDF in a new tab. The tab is opened during the click (a popup opened after an
   * await is blocked), then sent to the presigned URL the API returns as JSON.
   */
  const download = async () => {
    setNotice(null);
    const tab = window.open("", "_blank");
    const link = await actions.submit(() => Invoices.pdfLink(inv().id));
    if (!link) return tab?.close();
    if (tab) {
      tab.opener = null;
      tab.location.href = link.url;
    } else {
      location.assign(link.url);
    }
  };

  return (
    <>
      <PageHeader
        title={inv().number ? `Invoice ${inv().number}` : "Invoice (not numbered yet)"}
        back={{ href: "/invoices", label: hasRole("patient") ? "My invoices" : "Invoices" }}
        meta={<span class="mono">{inv().id}</span>}
        actions={
          <>
            <Show when={props.live}>
              <LiveBadge />
            </Show>
            <Show when={canDownload()}>
              <button type="button" class="btn btn-secondary" disabled={actions.busy()} onClick={() => void download()}>
                <Icon name="download" size={16} /> Download PDF
              </button>
            </Show>
            <Show when={inv().status === "failed" && hasRole("admin", "staff")}>
              <button
                type="button"
                class="btn btn-primary"
                disabled={actions.busy()}
                onClick={async () => {
                  setNotice(null);
                  if (await actions.submit(() => retry(inv().id))) setNotice("Billing restarted. The progress below updates as it runs.");
                }}
              >
                Retry billing
              </button>
            </Show>
          </>
        }
      />
      <Show when={notice()}>
        <Alert kind="success">{notice()}</Alert>
      </Show>
      <Show when={actions.message()}>
        <Alert>{actions.message()}</Alert>
      </Show>
      <Show when={inv().status === "failed" && inv().error}>
        <Alert kind="warning">Billing failed: {inv().error}</Alert>
      </Show>
      <div class="record-grid">
        <div class="card">
          <h2>Summary</h2>
          <dl class="dl">
            <Row label="Status">
              <span data-testid="invoice-status">
                <InvoiceStatusBadge status={inv().status} />
              </span>
            </Row>
            <Show when={!hasRole("patient")}>
              <Row label="Patient">
                <A href={`/patients/${inv().patientId}`}>
                  <PatientName id={inv().patientId} />
                </A>
              </Row>
            </Show>
            <Row label="Doctor">{doctors.byId().get(inv().doctorId)?.name ?? inv().doctorId}</Row>
            <Row label="Issued">{inv().issueDate ? formatDate(inv().issueDate) : "Not yet"}</Row>
            <Row label="Due">{formatDate(inv().dueDate)}</Row>
          </dl>
        </div>
        <div class="card">
          <h2>Amounts</h2>
          <dl class="dl">
            <Row label="Total">{money(inv().totalCents, inv().currency)}</Row>
            <Row label="Paid">{money(inv().paidCents, inv().currency)}</Row>
            <Row label="Balance">
              <span class="strong" data-testid="invoice-balance">
                {money(inv().balanceCents, inv().currency)}
              </span>
            </Row>
          </dl>
        </div>
      </div>
      <div class="table-wrap card">
        <table class="table stack-sm">
          <caption class="table-caption">Line items</caption>
          <thead>
            <tr>
              <th scope="col">Description</th>
              <th scope="col" class="num">
                Qty
              </th>
              <th scope="col" class="num">
                Unit price
              </th>
              <th scope="col" class="num">
                Tax
              </th>
              <th scope="col" class="num">
                Amount
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={inv().lines}>
              {(l) => (
                <tr>
                  <td data-label="Description">
                    {l.description}
                    <Show when={l.taxNote}>
                      <div class="small muted">{l.taxNote}</div>
                    </Show>
                  </td>
                  <td data-label="Qty" class="num">
                    {l.quantity}
                  </td>
                  <td data-label="Unit price" class="num">
                    {money(l.unitCents, inv().currency)}
                  </td>
                  <td data-label="Tax" class="num">
                    {(l.taxRateBps / 100).toLocaleString()} % · {money(l.taxCents, inv().currency)}
                  </td>
                  <td data-label="Amount" class="num">
                    {money(l.amountCents, inv().currency)}
                  </td>
                </tr>
              )}
            </For>
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colspan="4" class="num">
                Subtotal
              </th>
              <td class="num">{money(inv().subtotalCents, inv().currency)}</td>
            </tr>
            <tr>
              <th scope="row" colspan="4" class="num">
                Tax
              </th>
              <td class="num">{money(inv().taxCents, inv().currency)}</td>
            </tr>
            <tr>
              <th scope="row" colspan="4" class="num">
                Total
              </th>
              <td class="num strong">{money(inv().totalCents, inv().currency)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
      <Show when={inv().status === "issued" && inv().balanceCents > 0 && hasRole("admin", "staff")}>
        <PaymentForm invoice={inv()} onPaid={setNotice} />
      </Show>
      <div class="card">
        <h2>Payments</h2>
        <Show when={inv().payments.length} fallback={<p class="muted">No payments recorded.</p>}>
          <ul class="payments" aria-label="Payments">
            <For each={inv().payments}>
              {(p) => (
                <li>
                  <span class="strong">{money(p.amountCents, inv().currency)}</span> · {paymentMethodLabels[p.method]}
                  <Show when={p.reference}> · {p.reference}</Show>
                  <span class="small muted"> — {formatTimestamp(p.createdAt)}</span>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </div>
      <InvoiceWorkflow workflow={inv().workflow} />
    </>
  );
}

function Row(props: { label: string; children: unknown }) {
  return (
    <div class="dl-row">
      <dt>{props.label}</dt>
      <dd>{(props.children as never) ?? <span class="muted">—</span>}</dd>
    </div>
  );
}
