import { For, Show, createSignal } from "solid-js";
import { createAsync, revalidate } from "@solidjs/router";
import { getInvoice, invoiceStatusLabels, isInvoiceStatus, listInvoices, type Invoice, type InvoiceListItem, type InvoiceStatus } from "../api/invoices";
import { PageHeader, RoleGate } from "../components/layout";
import { createPager } from "../components/pager";
import { PagedTable } from "../components/paged-table";
import { useListParams } from "../components/list-toolbar";
import { PatientPicker } from "../components/patient-picker";
import { InvoiceRow } from "../components/invoice-row";
import { useDoctors } from "../components/doctors";
import { LiveBadge } from "../components/live-badge";
import { Alert } from "../components/form";
import { hasRole, user } from "../session";
import { addDays, dayStart } from "../format";
import { onReconnect, useChannel } from "../realtime";
import { param } from "../search-params";

export function InvoiceList() {
  const pager = createPager();
  const [params, setFilters] = useListParams(pager);
  const doctors = useDoctors();
  const isPatient = () => hasRole("patient");
  const isDoctor = () => hasRole("doctor");
  // The staff watch status changes live; patients and doctors have no invoices channel.
  const live = () => hasRole("admin", "staff");
  const filter = () => ({
    status: (param(params.status) || undefined) as InvoiceStatus | undefined,
    patientId: isPatient() ? undefined : param(params.patientId) || undefined,
    doctorId: isDoctor() ? undefined : param(params.doctorId) || undefined,
    from: param(params.from) ? dayStart(param(params.from)) : undefined,
    to: param(params.to) ? dayStart(addDays(param(params.to), 1)) : undefined,
    cursor: pager.cursor(),
  });
  const page = createAsync(() => (isPatient() && !user()?.patientId ? Promise.resolve(undefined) : listInvoices(filter())));
  /** Rows refreshed by a push since the page loaded (the newer copy wins over the page's). */
  const [fresh, setFresh] = createSignal<Record<string, Invoice>>({});
  const [flash, setFlash] = createSignal<string | null>(null);
  const [announce, setAnnounce] = createSignal("");
  /** The page's row, with the fields of a fresher read of that invoice (the names stay the list's). */
  const row = (inv: InvoiceListItem): InvoiceListItem => {
    const f = fresh()[inv.id];
    return f && f.updatedAt >= inv.updatedAt ? { ...inv, ...f, patientName: inv.patientName, doctorName: inv.doctorName } : inv;
  };
  const setFilter = (key: string, value: string) => {
    setFresh({});
    setFilters({ [key]: value || undefined });
  };

  if (live()) {
    useChannel("invoices", (msg) => {
      if (!isInvoiceStatus(msg)) return;
      const id = msg.invoiceId;
      const shown = page()?.items.some((i) => i.id === id);
      if (shown) {
        // Refetch that one invoice through the router's cache (an open detail page shares it).
        void revalidate(getInvoice.keyFor(id)).then(async () => {
          const inv = await getInvoice(id);
          setFresh((m) => ({ ...m, [id]: inv }));
          setFlash(id);
          setAnnounce(`Invoice ${inv.number ?? ""} is now ${invoiceStatusLabels[inv.status]}.`);
        });
      } else if (!pager.cursor()) {
        // A new invoice (newest first): it belongs on the first page.
        void revalidate(listInvoices.key);
      }
    });
    // Missed pushes while the socket was down: reload what is on screen.
    onReconnect(() => {
      setFresh({});
      void revalidate(listInvoices.key);
    });
  }

  return (
    <RoleGate roles={["admin", "staff", "doctor", "patient"]}>
      <section class="page">
        <PageHeader
          title={isPatient() ? "My invoices" : "Invoices"}
          subtitle={isPatient() ? "Your invoices, newest first. Open one to download its PDF." : "One invoice per booked visit, newest first."}
          actions={<Show when={live()}>{<LiveBadge />}</Show>}
        />
        <Show when={isPatient() && !user()?.patientId}>
          <Alert kind="info">Your account is not linked to a patient record yet; the front desk can link it.</Alert>
        </Show>
        <div class="filters card" role="group" aria-label="Filters">
          <div class="field">
            <label for="f-status">Status</label>
            <select id="f-status" value={param(params.status)} onChange={(e) => setFilter("status", e.currentTarget.value)}>
              <option value="">Any status</option>
              <For each={Object.entries(invoiceStatusLabels)}>{([v, l]) => <option value={v}>{l}</option>}</For>
            </select>
          </div>
          <Show when={!isPatient() && !isDoctor()}>
            <div class="field">
              <label for="f-doctor">Doctor</label>
              <select id="f-doctor" value={param(params.doctorId)} onChange={(e) => setFilter("doctorId", e.currentTarget.value)}>
                <option value="">All doctors</option>
                <For each={doctors.list() ?? []}>{(d) => <option value={d.id}>{d.name}</option>}</For>
              </select>
            </div>
          </Show>
          <div class="field">
            <label for="f-from">Created from</label>
            <input id="f-from" type="date" value={param(params.from)} onChange={(e) => setFilter("from", e.currentTarget.value)} />
          </div>
          <div class="field">
            <label for="f-to">Created to</label>
            <input id="f-to" type="date" value={param(params.to)} onChange={(e) => setFilter("to", e.currentTarget.value)} />
          </div>
          <Show when={!isPatient()}>
            <div class="field filter-patient">
              <PatientPicker compact label="Patient" value={param(params.patientId)} onChange={(id) => setFilter("patientId", id)} />
            </div>
          </Show>
        </div>
        <PagedTable
          page={page}
          pager={pager}
          empty={
            param(params.status) || param(params.patientId) || param(params.doctorId) || param(params.from) || param(params.to)
              ? "No invoices match these filters."
              : "No invoices yet. Every booked visit gets one."
          }
          head={
            <tr>
              <th scope="col">Invoice</th>
              <Show when={!isPatient()}>
                <th scope="col">Patient</th>
              </Show>
              <th scope="col">Doctor</th>
              <th scope="col" class="num">
                Total
              </th>
              <th scope="col" class="num">
                Balance
              </th>
              <th scope="col">Status</th>
            </tr>
          }
          rows={(items) => (
            <For each={items}>{(inv) => <InvoiceRow inv={row(inv)} doctor={doctors.byId().get(inv.doctorId)} showPatient={!isPatient()} live={flash() === inv.id} />}</For>
          )}
        />
        <p class="sr-only" role="status">
          {announce()}
        </p>
      </section>
    </RoleGate>
  );
}
