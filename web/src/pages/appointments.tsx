import { For, Show, createSignal } from "solid-js";
import { A, createAsync, useAction } from "@solidjs/router";
import { cancelAppointment, completeAppointment, listAppointments, noShowAppointment, statusLabels, type AppointmentStatus } from "../api/appointments";
import { Alert, createFormState } from "../components/form";
import { PageHeader, RoleGate } from "../components/layout";
import { createPager } from "../components/pager";
import { Icon } from "../components/icons";
import { hasRole, user } from "../session";
import { addDays, dayStart, today } from "../format";
import { PagedTable } from "../components/paged-table";
import { useListParams } from "../components/list-toolbar";
import { PatientPicker } from "../components/patient-picker";
import { AppointmentRow, CancelRow } from "../components/appointment-row";
import { useDoctors } from "../components/doctors";
import { param } from "../search-params";

export { BookAppointment } from "./book";

export function AppointmentList() {
  const pager = createPager();
  const [params, setFilters] = useListParams(pager);
  const doctors = useDoctors();
  const isPatient = () => hasRole("patient");
  const isDoctor = () => hasRole("doctor");
  /** The From date shown: today unless the user chose another day or cleared it. */
  const fromDate = () => (param(params.from) === "all" ? "" : param(params.from) || today());
  const filter = () => ({
    doctorId: isDoctor() ? (user()?.doctorId ?? undefined) : param(params.doctorId) || undefined,
    patientId: isPatient() ? (user()?.patientId ?? undefined) : param(params.patientId) || undefined,
    from: fromDate() ? dayStart(fromDate()) : undefined,
    to: param(params.to) ? dayStart(addDays(param(params.to), 1)) : undefined,
    status: (param(params.status) || undefined) as AppointmentStatus | undefined,
    cursor: pager.cursor(),
  });
  const page = createAsync(() => (isPatient() && !user()?.patientId ? Promise.resolve(undefined) : listAppointments(filter())));
  const actions = createFormState();
  const cancel = useAction(cancelAppointment);
  const complete = useAction(completeAppointment);
  const noShow = useAction(noShowAppointment);
  const [notice, setNotice] = createSignal<string | null>(params.booked ? "Appointment booked." : params.moved ? "Appointment rescheduled." : null);
  const [cancelling, setCancelling] = createSignal<string | null>(null);
  const setFilter = (key: string, value: string) => {
    setNotice(null);
    setFilters({ [key]: value || undefined, booked: undefined, moved: undefined });
  };

  /** Runs an action; on success the router revalidates the list. */
  const act = async (label: string, fn: () => Promise<unknown>) => {
    setNotice(null);
    const ok = await actions.submit(() => fn().then(() => true));
    if (ok) {
      setNotice(label);
      setCancelling(null);
    }
  };
  const canBook = () => hasRole("admin", "staff") || (isPatient() && !!user()?.patientId);

  return (
    <RoleGate roles={["admin", "staff", "doctor", "patient"]}>
      <section class="page">
        <PageHeader
          title={isPatient() ? "My appointments" : "Appointments"}
          subtitle={
            isPatient()
              ? "Your visits, earliest first."
              : isDoctor()
                ? "Your schedule, earliest first."
                : "All bookings, earliest first. Filter by doctor, patient, dates or status."
          }
          actions={
            <Show when={canBook()}>
              <A class="btn btn-secondary" href="/calendar">
                <Icon name="calendar" size={16} /> Calendar
              </A>
              <A class="btn btn-primary" href={param(params.patientId) ? `/appointments/book?patientId=${param(params.patientId)}` : "/appointments/book"}>
                <Icon name="plus" size={16} /> Book appointment
              </A>
            </Show>
          }
        />
        <Show when={isPatient() && !user()?.patientId}>
          <Alert kind="info">Your account is not linked to a patient record yet; the front desk can link it. Then you can book and see your appointments here.</Alert>
        </Show>
        <Show when={!isPatient() || user()?.patientId}>
          <div class="filters card" role="group" aria-label="Filters">
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
              <label for="f-from">From</label>
              <input id="f-from" type="date" value={fromDate()} onChange={(e) => setFilter("from", e.currentTarget.value || "all")} />
              <Show when={fromDate()}>
                <button type="button" class="linkish small field-link" onClick={() => setFilter("from", "all")}>
                  Include past visits
                </button>
              </Show>
            </div>
            <div class="field">
              <label for="f-to">To</label>
              <input id="f-to" type="date" value={param(params.to)} onChange={(e) => setFilter("to", e.currentTarget.value)} />
            </div>
            <div class="field">
              <label for="f-status">Status</label>
              <select id="f-status" value={param(params.status)} onChange={(e) => setFilter("status", e.currentTarget.value)}>
                <option value="">Any status</option>
                <For each={Object.entries(statusLabels)}>{([v, l]) => <option value={v}>{l}</option>}</For>
              </select>
            </div>
            <Show when={!isPatient()}>
              <div class="field filter-patient">
                <PatientPicker compact label="Patient" value={param(params.patientId)} onChange={(id) => setFilter("patientId", id)} />
              </div>
            </Show>
          </div>
        </Show>
        <Show when={notice()}>
          <Alert kind="success">{notice()}</Alert>
        </Show>
        <Show when={actions.message()}>
          <Alert>{actions.message()}</Alert>
        </Show>
        <PagedTable
          page={page}
          pager={pager}
          empty={fromDate() === today() && !params.to && !params.status ? "No upcoming appointments." : "No appointments match these filters."}
          head={
            <tr>
              <th scope="col">When</th>
              <th scope="col">Doctor</th>
              <Show when={!isPatient()}>
                <th scope="col">Patient</th>
              </Show>
              <th scope="col">Status</th>
              <th scope="col">Reason</th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          }
          rows={(items) => (
            <For each={items}>
              {(a) => (
                <>
                  <AppointmentRow
                    a={a}
                    doctor={doctors.byId().get(a.doctorId)}
                    showPatient={!isPatient()}
                    busy={actions.busy()}
                    cancelling={cancelling() === a.id}
                    onCancel={() => (actions.reset(), setCancelling(a.id))}
                    onComplete={() => act("Marked as completed.", () => complete(a.id))}
                    onNoShow={() => act("Marked as no-show.", () => noShow(a.id))}
                  />
                  <Show when={cancelling() === a.id}>
                    <CancelRow
                      colspan={isPatient() ? 5 : 6}
                      busy={actions.busy()}
                      onKeep={() => setCancelling(null)}
                      onConfirm={(reason) => act("Appointment cancelled.", () => cancel(a.id, reason))}
                    />
                  </Show>
                </>
              )}
            </For>
          )}
        />
      </section>
    </RoleGate>
  );
}
