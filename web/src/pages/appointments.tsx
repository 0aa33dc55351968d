import { For, Show, Switch, Match, createMemo, createResource, createSignal } from "solid-js";
import { A, useNavigate, useSearchParams } from "@solidjs/router";
import { Appointments, statusLabels, type Appointment, type AppointmentStatus } from "../api/appointments";
import { Doctors, formatFee, type Doctor, type Slot } from "../api/doctors";
import { Alert, Field, createFormState, describeError } from "../components/form";
import { PageHeader, RoleGate } from "../components/layout";
import { createPager } from "../components/pager";
import { Icon } from "../components/icons";
import { hasRole, user } from "../session";
import { addDays, formatDate, formatTime, today } from "../format";
import { Loading, PagedTable } from "../components/paged-table";
import { lookupPatientName } from "../api/patients";
import { PatientPicker } from "../components/patient-picker";
import { ApiError } from "../api/client";

const str = (v: string | string[] | undefined) => (typeof v === "string" ? v : "");

/** All doctors (inactive ones too, for names in history), loaded once per page. */
export function useDoctors() {
  const [list] = createResource(() => Doctors.all({ includeInactive: true }).catch(() => [] as Doctor[]));
  const byId = createMemo(() => new Map((list() ?? []).map((d) => [d.id, d])));
  const active = () => (list() ?? []).filter((d) => d.active !== false);
  return { list, active, byId };
}

/** Wording for booking failures: the 409 overlap and the 422 business rules, inline. */
export function bookingProblem(err: ApiError): string | undefined {
  if (err.status === 409) return "This time conflicts with another booking. Choose another time.";
  if (err.status === 422) return err.problem.errors?.map((e) => e.message).join(". ") || err.message || "This time cannot be booked.";
  return undefined;
}

/** "2026-11-24" (a local calendar day) → the instant it starts, as ISO. */
const dayStart = (date: string) => new Date(`${date}T00:00:00`).toISOString();

export function AppointmentList() {
  const [params, setParams] = useSearchParams();
  const pager = createPager();
  const doctors = useDoctors();
  const isPatient = () => user()?.role === "patient";
  const isDoctor = () => user()?.role === "doctor";
  /** The From date shown: today unless the user chose another day or cleared it. */
  const fromDate = () => (str(params.from) === "all" ? "" : str(params.from) || today());
  const filter = () => ({
    doctorId: isDoctor() ? user()?.doctorId ?? undefined : str(params.doctorId) || undefined,
    patientId: isPatient() ? user()?.patientId ?? undefined : str(params.patientId) || undefined,
    from: fromDate() ? dayStart(fromDate()) : undefined,
    to: str(params.to) ? dayStart(addDays(str(params.to), 1)) : undefined,
    status: (str(params.status) || undefined) as AppointmentStatus | undefined,
    cursor: pager.cursor(),
  });
  const [page, { refetch }] = createResource(
    () => (isPatient() && !user()?.patientId ? false : filter()),
    (f) => Appointments.list(f),
  );
  const actions = createFormState();
  const [notice, setNotice] = createSignal<string | null>(params.booked ? "Appointment booked." : params.moved ? "Appointment rescheduled." : null);
  const [cancelling, setCancelling] = createSignal<string | null>(null);
  const setFilter = (key: string, value: string) => {
    pager.reset();
    setNotice(null);
    setParams({ [key]: value || undefined, booked: undefined, moved: undefined });
  };

  const act = async (label: string, fn: () => Promise<unknown>) => {
    setNotice(null);
    const ok = await actions.submit(() => fn().then(() => true));
    if (ok) {
      setNotice(label);
      setCancelling(null);
      refetch();
    }
  };
  const canBook = () => hasRole("admin", "staff") || (isPatient() && !!user()?.patientId);

  return (
    <RoleGate roles={["admin", "staff", "doctor", "patient"]}>
      <section class="page">
        <PageHeader
          title={isPatient() ? "My appointments" : "Appointments"}
          subtitle={isPatient() ? "Your visits, earliest first." : isDoctor() ? "Your schedule, earliest first." : "All bookings, earliest first. Filter by doctor, patient, dates or status."}
          actions={
            <Show when={canBook()}>
              <A class="btn btn-primary" href={str(params.patientId) ? `/appointments/book?patientId=${str(params.patientId)}` : "/appointments/book"}>
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
                <select id="f-doctor" value={str(params.doctorId)} onChange={(e) => setFilter("doctorId", e.currentTarget.value)}>
                  <option value="">All doctors</option>
                  <For each={doctors.list() ?? []}>{(d) => <option value={d.id}>{d.name}</option>}</For>
                </select>
              </div>
            </Show>
            <Show when={!isPatient()}>
              <div class="field">
                <label for="f-patient">Patient id</label>
                <input id="f-patient" class="mono" value={str(params.patientId)} placeholder="pat_…" onChange={(e) => setFilter("patientId", e.currentTarget.value.trim())} />
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
            <>
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
                              onComplete={() => act("Marked as completed.", () => Appointments.complete(a.id))}
                              onNoShow={() => act("Marked as no-show.", () => Appointments.noShow(a.id))}
                            />
                            <Show when={cancelling() === a.id}>
                              <CancelRow
                                colspan={isPatient() ? 5 : 6}
                                busy={actions.busy()}
                                onKeep={() => setCancelling(null)}
                                onConfirm={(reason) => act("Appointment cancelled.", () => Appointments.cancel(a.id, reason))}
                              />
                            </Show>
                          </>
                        )}
                      </For>
            </>
          )}
        />
      </section>
    </RoleGate>
  );
}

function AppointmentRow(props: {
  a: Appointment;
  doctor?: Doctor;
  showPatient: boolean;
  busy: boolean;
  cancelling: boolean;
  onCancel: () => void;
  onComplete: () => void;
  onNoShow: () => void;
}) {
  const a = () => props.a;
  const open = () => a().status === "booked";
  const started = () => Date.parse(a().startsAt) <= Date.now();
  const [name] = createResource(() => (props.showPatient ? props.a.patientId : false), lookupPatientName);
  return (
    <tr classList={{ "row-muted": a().status === "cancelled" }}>
      <td data-label="When">
        <div class="strong nowrap">{formatDate(a().startsAt)}</div>
        <div class="small muted nowrap">
          {formatTime(a().startsAt)}–{formatTime(a().endsAt)}
        </div>
      </td>
      <td data-label="Doctor">
        <div>{props.doctor?.name ?? <span class="mono small">{a().doctorId}</span>}</div>
        <div class="small muted">
          {[props.doctor?.specialty, formatFee({ visitFeeCents: a().feeCents, currency: a().currency })].filter(Boolean).join(" · ")}
        </div>
      </td>
      <Show when={props.showPatient}>
        <td data-label="Patient">
          <A href={`/patients/${a().patientId}`}>{name() ?? <span class="mono small">{a().patientId}</span>}</A>
        </td>
      </Show>
      <td data-label="Status">
        <span class={`badge badge-${a().status}`}>{statusLabels[a().status] ?? a().status}</span>
        <Show when={a().cancelReason}>
          <div class="small muted">{a().cancelReason}</div>
        </Show>
      </td>
      <td data-label="Reason" class="small">
        {a().reason || <span class="muted">—</span>}
      </td>
      <td class="row-actions">
        <Show when={open() && !props.cancelling}>
          <Show when={started() && hasRole("admin", "staff", "doctor")}>
            <button type="button" class="btn btn-secondary btn-sm" disabled={props.busy} onClick={props.onComplete}>
              Complete
            </button>
            <button type="button" class="btn btn-ghost btn-sm" disabled={props.busy} onClick={props.onNoShow}>
              No-show
            </button>
          </Show>
          <Show when={!started() && hasRole("admin", "staff", "patient")}>
            <A class="btn btn-ghost btn-sm" href={`/appointments/book?reschedule=${a().id}`}>
              Reschedule
            </A>
          </Show>
          <Show when={hasRole("admin", "staff", "patient")}>
            <button type="button" class="btn btn-danger-outline btn-sm" disabled={props.busy} onClick={props.onCancel}>
              Cancel
            </button>
          </Show>
        </Show>
      </td>
    </tr>
  );
}

/** Inline confirmation under a row: an optional reason, then cancel or keep. */
function CancelRow(props: { colspan: number; busy: boolean; onKeep: () => void; onConfirm: (reason?: string) => void }) {
  const [reason, setReason] = createSignal("");
  return (
    <tr class="confirm-row">
      <td colspan={props.colspan}>
        <form
          class="confirm"
          onSubmit={(e) => {
            e.preventDefault();
            props.onConfirm(reason().trim() || undefined);
          }}
        >
          <label for="cancel-reason" class="strong">
            Cancel this appointment?
          </label>
          <input id="cancel-reason" placeholder="Reason (optional)" maxlength="500" value={reason()} onInput={(e) => setReason(e.currentTarget.value)} />
          <button type="submit" class="btn btn-danger btn-sm" disabled={props.busy}>
            {props.busy ? "Cancelling…" : "Cancel appointment"}
          </button>
          <button type="button" class="btn btn-ghost btn-sm" onClick={props.onKeep}>
            Keep it
          </button>
        </form>
      </td>
    </tr>
  );
}

/**
 * Book (or, with `?reschedule=<id>`, move) an appointment: doctor → day (in the doctor's
 * time zone) → a free slot from the availability API → patient. A 409 (someone took the
 * slot) and a 422 (past, outside hours) are shown inline and the slots reloaded.
 */
export function BookAppointment() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const doctors = useDoctors();
  const isPatient = () => user()?.role === "patient";
  const rescheduleId = () => str(params.reschedule);
  const [moving] = createResource(() => rescheduleId() || false, (id) => Appointments.get(id));
  const [chosenDoctor, setDoctorId] = createSignal(str(params.doctorId));
  const doctorId = () => moving()?.doctorId ?? chosenDoctor();
  const [date, setDate] = createSignal(today());
  const [slot, setSlot] = createSignal<Slot | null>(null);
  const [chosenPatient, setPatientId] = createSignal<string>(str(params.patientId));
  const [reason, setReason] = createSignal("");
  const form = createFormState();

  const [availability, { refetch: refetchSlots }] = createResource(
    () => (doctorId() && date() ? { id: doctorId(), date: date() } : false),
    ({ id, date }) => Doctors.availability(id, date),
  );
  const slots = () => availability()?.slots;
  const doctor = () => doctors.byId().get(doctorId());
  const zone = () => availability()?.timezone ?? doctor()?.timezone;
  const localZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const otherZone = () => !!zone() && zone() !== localZone;
  const patientId = () => moving()?.patientId ?? (isPatient() ? user()?.patientId ?? "" : chosenPatient());
  const pickDate = (d: string) => {
    setDate(d);
    setSlot(null);
  };

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    const chosen = slot();
    const errors: Record<string, string> = {};
    if (!doctorId()) errors.doctorId = "Choose a doctor.";
    if (!chosen) errors.startsAt = "Choose a time.";
    if (!patientId()) errors.patientId = "Choose a patient.";
    if (Object.keys(errors).length) {
      form.reset();
      form.setErrors(errors);
      return;
    }
    const done = await form.submit(
      () =>
        rescheduleId()
          ? Appointments.reschedule(rescheduleId(), { startsAt: chosen!.startsAt, endsAt: chosen!.endsAt })
          : Appointments.book({ patientId: patientId(), doctorId: doctorId(), startsAt: chosen!.startsAt, endsAt: chosen!.endsAt, reason: reason().trim() || undefined }),
      bookingProblem,
    );
    if (done) navigate(rescheduleId() ? "/appointments?moved=1" : "/appointments?booked=1", { replace: true });
    else if (form.lastError()?.status === 409 || form.lastError()?.status === 422) {
      setSlot(null);
      refetchSlots();
    }
  };

  const title = () => (rescheduleId() ? "Reschedule appointment" : "Book an appointment");
  return (
    <RoleGate roles={["admin", "staff", "patient"]}>
      <section class="page">
        <PageHeader title={title()} back={{ href: "/appointments", label: isPatient() ? "My appointments" : "Appointments" }} />
        <Show when={isPatient() && !user()?.patientId}>
          <Alert kind="info">Your account is not linked to a patient record yet; the front desk can link it.</Alert>
        </Show>
        <Show when={moving.error}>
          <Alert>{describeError(moving.error)}</Alert>
        </Show>
        <Show when={moving()}>
          {(m) => (
            <Alert kind="info">
              Currently {formatDate(m().startsAt)}, {formatTime(m().startsAt)}–{formatTime(m().endsAt)}. Pick a new time with the same doctor.
            </Alert>
          )}
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
                  aria-invalid={!!form.error("doctorId")}
                  value={doctorId()}
                  disabled={!!rescheduleId()}
                  onChange={(e) => {
                    setDoctorId(e.currentTarget.value);
                    setSlot(null);
                  }}
                >
                  <option value="">Choose a doctor…</option>
                  <For each={rescheduleId() ? doctors.list() ?? [] : doctors.active()}>
                    {(d) => (
                      <option value={d.id}>
                        {d.name} — {d.specialty}
                      </option>
                    )}
                  </For>
                </select>
              )}
            </Field>
            <Field label="Date" required error={form.error("date")} hint={zone() ? `The day in the doctor's time zone (${zone()}).` : undefined}>
              {(id, ds) => (
                <div class="date-step">
                  <button type="button" class="btn btn-secondary btn-icon" aria-label="Previous day" disabled={date() <= today()} onClick={() => pickDate(addDays(date(), -1))}>
                    ‹
                  </button>
                  <input id={id} aria-describedby={ds()} type="date" min={today()} value={date()} onInput={(e) => e.currentTarget.value && pickDate(e.currentTarget.value)} />
                  <button type="button" class="btn btn-secondary btn-icon" aria-label="Next day" onClick={() => pickDate(addDays(date(), 1))}>
                    ›
                  </button>
                </div>
              )}
            </Field>
          </div>
          <fieldset class="span-all" classList={{ invalid: !!(form.error("startsAt") || form.error("endsAt")) }}>
            <legend>
              Time <span class="req" aria-hidden="true">*</span>
            </legend>
            <Show when={doctor() && otherZone()}>
              <p class="hint">
                Times in your time zone ({localZone}); {doctor()!.name} works in {zone()}.
              </p>
            </Show>
            <Switch>
              <Match when={!doctorId()}>
                <p class="muted">Choose a doctor to see free times.</p>
              </Match>
              <Match when={availability.error}>
                <Alert>{describeError(availability.error)}</Alert>
              </Match>
              <Match when={availability.loading}>
                <Loading />
              </Match>
              <Match when={slots()?.length === 0}>
                <p class="muted">No free times on {formatDate(date())}. Try another day.</p>
              </Match>
              <Match when={slots()}>
                <div class="slots" role="radiogroup" aria-label="Free times">
                  <For each={slots()}>
                    {(s) => (
                      <label class="slot" classList={{ selected: slot()?.startsAt === s.startsAt }}>
                        <input type="radio" name="slot" value={s.startsAt} data-ends-at={s.endsAt} checked={slot()?.startsAt === s.startsAt} onChange={() => setSlot(s)} />
                        <span>{formatTime(s.startsAt)}</span>
                        <Show when={otherZone()}>
                          <span class="slot-zone">{formatTime(s.startsAt, zone())}</span>
                        </Show>
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
          <Show when={!isPatient() && !rescheduleId()}>
            <div class="span-all">
              <PatientPicker value={chosenPatient()} onChange={setPatientId} error={form.error("patientId")} />
            </div>
          </Show>
          <Show when={!rescheduleId()}>
            <div class="span-all">
              <Field label="Reason for visit" error={form.error("reason")}>
                {(id, ds) => <textarea id={id} aria-describedby={ds()} rows="2" maxlength="500" value={reason()} onInput={(e) => setReason(e.currentTarget.value)} placeholder="Optional" />}
              </Field>
            </div>
          </Show>
          <div class="form-actions span-all">
            <Show when={slot()}>
              <p class="summary muted">
                {doctor()?.name} · {formatDate(slot()!.startsAt)} {formatTime(slot()!.startsAt)}–{formatTime(slot()!.endsAt)}
              </p>
            </Show>
            <button type="submit" class="btn btn-primary" disabled={form.busy() || (isPatient() && !user()?.patientId)}>
              {form.busy() ? "Saving…" : rescheduleId() ? "Move appointment" : "Book appointment"}
            </button>
          </div>
        </form>
      </section>
    </RoleGate>
  );
}
