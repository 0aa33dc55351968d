import { For, Show, Switch, Match, createMemo, createResource, createSignal } from "solid-js";
import { A, useNavigate, useSearchParams } from "@solidjs/router";
import { Appointments, statusLabels, type Appointment } from "../api/appointments";
import { Doctors, type Doctor } from "../api/doctors";
import { Alert, Field, createFormState, describeError } from "../components/form";
import { PageHeader, RoleGate } from "../components/layout";
import { createPager, Pager } from "../components/pager";
import { Icon } from "../components/icons";
import { hasRole, user } from "../session";
import { formatDate, formatTime, today } from "../format";
import { Empty, Loading } from "./patients";
import { lookupPatientName } from "../api/patients";
import { PatientPicker } from "../components/patient-picker";
import { ApiError } from "../api/client";

const str = (v: string | string[] | undefined) => (typeof v === "string" ? v : "");

/** Doctors by id, loaded once per page for names in tables and pickers. */
export function useDoctors() {
  const [list] = createResource(() => Doctors.list({ limit: 200 }).then((p) => p.items).catch(() => [] as Doctor[]));
  const byId = createMemo(() => new Map((list() ?? []).map((d) => [d.id, d])));
  return { list, byId };
}

/** Wording for booking failures: 409 overlap and 422 business rules, inline. */
export function bookingProblem(err: ApiError): string | undefined {
  if (err.status === 409) return "This time conflicts with another booking. Choose another slot.";
  if (err.status === 422) return err.message || "This time cannot be booked.";
  return undefined;
}

export function AppointmentList() {
  const [params, setParams] = useSearchParams();
  const pager = createPager();
  const doctors = useDoctors();
  const isPatient = () => user()?.role === "patient";
  const isDoctor = () => user()?.role === "doctor";
  const filter = () => ({
    doctorId: isDoctor() && !str(params.doctorId) ? user()?.doctorId ?? undefined : str(params.doctorId) || undefined,
    patientId: isPatient() ? user()?.patientId ?? undefined : str(params.patientId) || undefined,
    from: str(params.from) ? new Date(str(params.from) + "T00:00:00").toISOString() : undefined,
    to: str(params.to) ? new Date(str(params.to) + "T23:59:59").toISOString() : undefined,
    status: str(params.status) || undefined,
    cursor: pager.cursor(),
  });
  const [page, { refetch }] = createResource(
    () => (isPatient() && !user()?.patientId ? false : filter()),
    (f) => Appointments.list(f),
  );
  const actions = createFormState();
  const [notice, setNotice] = createSignal<string | null>(params.booked ? "Appointment booked." : null);
  const setFilter = (key: string, value: string) => {
    pager.reset();
    setNotice(null);
    setParams({ [key]: value || undefined, booked: undefined });
  };

  const act = async (label: string, fn: () => Promise<unknown>) => {
    setNotice(null);
    const ok = await actions.submit(() => fn().then(() => true));
    if (ok) {
      setNotice(label);
      refetch();
    }
  };

  return (
    <RoleGate roles={["admin", "staff", "doctor", "patient"]}>
      <section class="page">
        <PageHeader
          title={isPatient() ? "My appointments" : "Appointments"}
          subtitle={isPatient() ? "Your upcoming and past visits." : "Filter by doctor, patient, dates or status."}
          actions={
            <Show when={hasRole("admin", "staff") || (isPatient() && user()?.patientId)}>
              <A class="btn btn-primary" href={str(params.patientId) ? `/appointments/book?patientId=${str(params.patientId)}` : "/appointments/book"}>
                <Icon name="plus" size={16} /> Book appointment
              </A>
            </Show>
          }
        />
        <Show when={isPatient() && !user()?.patientId}>
          <Alert kind="info" action={<A class="btn btn-secondary btn-sm" href="/me">Open my record</A>}>
            Complete your record first; then you can book and see your appointments here.
          </Alert>
        </Show>
        <Show when={!isPatient() || user()?.patientId}>
        <div class="filters card" role="group" aria-label="Filters">
          <Show when={!isPatient()}>
            <div class="field">
              <label for="f-doctor">Doctor</label>
              <select id="f-doctor" value={str(params.doctorId) || (isDoctor() ? user()?.doctorId ?? "" : "")} onChange={(e) => setFilter("doctorId", e.currentTarget.value)}>
                <option value="">All doctors</option>
                <For each={doctors.list() ?? []}>{(d) => <option value={d.id}>{d.name}</option>}</For>
              </select>
            </div>
            <div class="field">
              <label for="f-patient">Patient id</label>
              <input id="f-patient" value={str(params.patientId)} placeholder="pat_…" onChange={(e) => setFilter("patientId", e.currentTarget.value.trim())} />
            </div>
          </Show>
          <div class="field">
            <label for="f-from">From</label>
            <input id="f-from" type="date" value={str(params.from)} onChange={(e) => setFilter("from", e.currentTarget.value)} />
          </div>
          <div class="field">
            <label for="f-to">To</label>
            <input id="f-to" type="date" value={str(params.to)} onChange={(e) => setFilter("to", e.currentTarget.value)} />
          </div>
          <div class="field">
            <label for="f-status">Status</label>
            <select id="f-status" value={str(params.status)} onChange={(e) => setFilter("status", e.currentTarget.value)}>
              <option value="">Any status</option>
              <For each={Object.entries(statusLabels)}>{([v, l]) => <option value={v}>{l}</option>}</For>
            </select>
          </div>
        </div>
        </Show>
        <Show when={notice()}>
          <Alert kind="success">{notice()}</Alert>
        </Show>
        <Show when={actions.message()}>
          <Alert>{actions.message()}</Alert>
        </Show>
        <Switch>
          <Match when={page.error}>
            <Alert>{describeError(page.error)}</Alert>
          </Match>
          <Match when={page()}>
            {(p) => (
              <Show when={p().items.length} fallback={<Empty>No appointments match these filters.</Empty>}>
                <div class="table-wrap card">
                  <table class="table">
                    <thead>
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
                    </thead>
                    <tbody>
                      <For each={p().items}>
                        {(a) => (
                          <AppointmentRow
                            a={a}
                            doctor={doctors.byId().get(a.doctorId)}
                            showPatient={!isPatient()}
                            busy={actions.busy()}
                            onCancel={() => confirm("Cancel this appointment?") && act("Appointment cancelled.", () => Appointments.cancel(a.id))}
                            onComplete={() => act("Marked as completed.", () => Appointments.complete(a.id))}
                            onNoShow={() => act("Marked as no-show.", () => Appointments.noShow(a.id))}
                          />
                        )}
                      </For>
                    </tbody>
                  </table>
                </div>
                <Pager pager={pager} nextCursor={p().nextCursor} count={p().items.length} />
              </Show>
            )}
          </Match>
          <Match when={page.loading}>
            <Loading />
          </Match>
        </Switch>
      </section>
    </RoleGate>
  );
}

function AppointmentRow(props: { a: Appointment & { patientName?: string; doctorName?: string }; doctor?: Doctor; showPatient: boolean; busy: boolean; onCancel: () => void; onComplete: () => void; onNoShow: () => void }) {
  const a = () => props.a;
  const open = () => a().status === "booked";
  const [name] = createResource(() => (props.showPatient && !props.a.patientName ? props.a.patientId : false), lookupPatientName);
  return (
    <tr>
      <td>
        <div class="strong nowrap">{formatDate(a().startsAt)}</div>
        <div class="small muted nowrap">
          {formatTime(a().startsAt)}–{formatTime(a().endsAt)}
        </div>
      </td>
      <td>
        <div>{props.doctor?.name ?? a().doctorName ?? a().doctorId}</div>
        <div class="small muted">{props.doctor?.specialty}</div>
      </td>
      <Show when={props.showPatient}>
        <td>
          <A href={`/patients/${a().patientId}`}>{a().patientName ?? name() ?? a().patientId}</A>
        </td>
      </Show>
      <td>
        <span class={`badge badge-${a().status}`}>{statusLabels[a().status] ?? a().status}</span>
      </td>
      <td class="small">{a().reason || <span class="muted">—</span>}</td>
      <td class="row-actions">
        <Show when={open()}>
          <Show when={hasRole("admin", "staff", "doctor")}>
            <button type="button" class="btn btn-secondary btn-sm" disabled={props.busy} onClick={props.onComplete}>
              Complete
            </button>
            <button type="button" class="btn btn-ghost btn-sm" disabled={props.busy} onClick={props.onNoShow}>
              No-show
            </button>
          </Show>
          <Show when={hasRole("admin", "staff", "patient", "doctor")}>
            <button type="button" class="btn btn-danger-outline btn-sm" disabled={props.busy} onClick={props.onCancel}>
              Cancel
            </button>
          </Show>
        </Show>
      </td>
    </tr>
  );
}

export function BookAppointment() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const doctors = useDoctors();
  const isPatient = () => user()?.role === "patient";
  const [doctorId, setDoctorId] = createSignal(str(params.doctorId));
  const [date, setDate] = createSignal(today());
  const [slot, setSlot] = createSignal<{ startsAt: string; endsAt: string } | null>(null);
  const [patientId, setPatientId] = createSignal<string>(str(params.patientId));
  const [reason, setReason] = createSignal("");
  const form = createFormState();

  const [slots, { refetch: refetchSlots }] = createResource(
    () => (doctorId() && date() ? { id: doctorId(), date: date() } : false),
    ({ id, date }) => Doctors.availability(id, date),
  );
  const doctor = () => doctors.byId().get(doctorId());
  const effectivePatient = () => (isPatient() ? user()?.patientId ?? "" : patientId());

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    const chosen = slot();
    const errors: Record<string, string> = {};
    if (!doctorId()) errors.doctorId = "Choose a doctor.";
    if (!chosen) errors.startsAt = "Choose a time.";
    if (!effectivePatient()) errors.patientId = "Choose a patient.";
    if (Object.keys(errors).length) {
      form.setErrors(errors);
      return;
    }
    const booked = await form.submit(
      () => Appointments.book({ patientId: effectivePatient(), doctorId: doctorId(), startsAt: chosen!.startsAt, endsAt: chosen!.endsAt, reason: reason().trim() || undefined }),
      bookingProblem,
    );
    if (booked) navigate("/appointments?booked=1", { replace: true });
    else if (form.lastError()?.status === 409) {
      setSlot(null);
      refetchSlots();
    }
  };

  return (
    <RoleGate roles={["admin", "staff", "patient"]}>
      <section class="page">
        <PageHeader title="Book an appointment" back={{ href: "/appointments", label: isPatient() ? "My appointments" : "Appointments" }} />
        <Show when={isPatient() && !user()?.patientId}>
          <Alert kind="info" action={<A class="btn btn-secondary btn-sm" href="/me">Open my record</A>}>
            Complete your record before booking.
          </Alert>
        </Show>
        <form class="card form-grid book" onSubmit={onSubmit} novalidate aria-label="Booking">
          <Show when={form.message()}>
            <div class="span-all">
              <Alert kind={form.lastError()?.status === 409 ? "warning" : "error"}>{form.message()}</Alert>
            </div>
          </Show>
          <div class="grid-2 span-all">
            <Field label="Doctor" required error={form.error("doctorId")}>
              {(id, ds) => (
                <select
                  id={id}
                  aria-describedby={ds()}
                  value={doctorId()}
                  onChange={(e) => {
                    setDoctorId(e.currentTarget.value);
                    setSlot(null);
                  }}
                >
                  <option value="">Choose a doctor…</option>
                  <For each={doctors.list() ?? []}>
                    {(d) => (
                      <option value={d.id}>
                        {d.name} — {d.specialty}
                      </option>
                    )}
                  </For>
                </select>
              )}
            </Field>
            <Field label="Date" required error={form.error("date")}>
              {(id, ds) => (
                <input
                  id={id}
                  aria-describedby={ds()}
                  type="date"
                  min={today()}
                  value={date()}
                  onInput={(e) => {
                    setDate(e.currentTarget.value);
                    setSlot(null);
                  }}
                />
              )}
            </Field>
          </div>
          <fieldset class="span-all">
            <legend>
              Time <span class="req" aria-hidden="true">*</span>
            </legend>
            <Show when={doctor()}>
              <p class="hint">Times shown in your time zone. {doctor()!.name} works in {doctor()!.timezone}.</p>
            </Show>
            <Switch>
              <Match when={!doctorId()}>
                <p class="muted">Choose a doctor to see free times.</p>
              </Match>
              <Match when={slots.error}>
                <Alert>{describeError(slots.error)}</Alert>
              </Match>
              <Match when={slots.loading}>
                <Loading />
              </Match>
              <Match when={slots()?.length === 0}>
                <p class="muted">No free times on this day. Try another date.</p>
              </Match>
              <Match when={slots()}>
                <div class="slots" role="radiogroup" aria-label="Free times">
                  <For each={slots()}>
                    {(s) => (
                      <label class="slot" classList={{ selected: slot()?.startsAt === s.startsAt }}>
                        <input type="radio" name="slot" value={s.startsAt} data-ends-at={s.endsAt} checked={slot()?.startsAt === s.startsAt} onChange={() => setSlot(s)} />
                        <span>{formatTime(s.startsAt)}</span>
                      </label>
                    )}
                  </For>
                </div>
              </Match>
            </Switch>
            <Show when={form.error("startsAt") || form.error("endsAt")}>
              <p class="field-error">{form.error("startsAt") || form.error("endsAt")}</p>
            </Show>
          </fieldset>
          <Show when={!isPatient()}>
            <div class="span-all">
              <PatientPicker value={patientId()} onChange={setPatientId} error={form.error("patientId")} />
            </div>
          </Show>
          <div class="span-all">
            <Field label="Reason for visit" error={form.error("reason")}>
              {(id, ds) => <textarea id={id} aria-describedby={ds()} rows="2" value={reason()} onInput={(e) => setReason(e.currentTarget.value)} placeholder="Optional" />}
            </Field>
          </div>
          <div class="form-actions span-all">
            <button type="submit" class="btn btn-primary" disabled={form.busy() || (isPatient() && !user()?.patientId)}>
              {form.busy() ? "Booking…" : "Book appointment"}
            </button>
          </div>
        </form>
      </section>
    </RoleGate>
  );
}
