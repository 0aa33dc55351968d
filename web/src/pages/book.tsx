import { For, Show, Switch, Match, createSignal } from "solid-js";
import { createAsync, revalidate, useAction, useNavigate, useSearchParams } from "@solidjs/router";
import { bookAppointment, getAppointment, rescheduleAppointment } from "../api/appointments";
import { getAvailability, type Slot } from "../api/doctors";
import { Alert, Field, createFormState } from "../components/form";
import { PageHeader, RoleGate } from "../components/layout";
import { Async } from "../components/async";
import { PatientPicker } from "../components/patient-picker";
import { bookingProblem, useDoctors } from "../components/doctors";
import { hasRole, user } from "../session";
import { addDays, formatDate, formatTime, today } from "../format";
import { param } from "../search-params";

/**
 * Book (or, with `?reschedule=<id>`, move) an appointment: doctor → day (in the doctor's
 * time zone) → a free slot from the availability API → patient. A 409 (someone took the
 * slot) and a 422 (past, outside hours) are shown inline and the slots reloaded.
 */
export function BookAppointment() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const doctors = useDoctors();
  const isPatient = () => hasRole("patient");
  const rescheduleId = () => param(params.reschedule);
  const moving = createAsync(() => (rescheduleId() ? getAppointment(rescheduleId()) : Promise.resolve(undefined)));
  const [chosenDoctor, setDoctorId] = createSignal(param(params.doctorId));
  const doctorId = () => moving()?.doctorId ?? chosenDoctor();
  const [date, setDate] = createSignal(today());
  const [slot, setSlot] = createSignal<Slot | null>(null);
  const [chosenPatient, setPatientId] = createSignal<string>(param(params.patientId));
  const [reason, setReason] = createSignal("");
  const form = createFormState();

  const availability = createAsync(() => (doctorId() && date() ? getAvailability(doctorId(), date()) : Promise.resolve(undefined)));
  const book = useAction(bookAppointment);
  const reschedule = useAction(rescheduleAppointment);
  const slots = () => availability()?.slots;
  const doctor = () => doctors.byId().get(doctorId());
  const zone = () => doctor()?.timezone;
  const localZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const otherZone = () => !!zone() && zone() !== localZone;
  const patientId = () => moving()?.patientId ?? (isPatient() ? (user()?.patientId ?? "") : chosenPatient());
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
          ? reschedule(rescheduleId(), { startsAt: chosen!.startsAt, endsAt: chosen!.endsAt })
          : book({ patientId: patientId(), doctorId: doctorId(), startsAt: chosen!.startsAt, endsAt: chosen!.endsAt, reason: reason().trim() || undefined }),
      bookingProblem,
    );
    if (done) navigate(rescheduleId() ? "/appointments?moved=1" : "/appointments?booked=1", { replace: true });
    else if (form.lastError()?.status === 409 || form.lastError()?.status === 422) {
      setSlot(null);
      void revalidate(getAvailability.keyFor(doctorId(), date()));
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
        <Async source={moving} loading={null}>
          <Show when={moving()}>
            {(m) => (
              <Alert kind="info">
                Currently {formatDate(m().startsAt)}, {formatTime(m().startsAt)}–{formatTime(m().endsAt)}. Pick a new time with the same doctor.
              </Alert>
            )}
          </Show>
        </Async>
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
                  <For each={rescheduleId() ? (doctors.list() ?? []) : doctors.active()}>
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
              Time{" "}
              <span class="req" aria-hidden="true">
                *
              </span>
            </legend>
            <Show when={doctor() && otherZone()}>
              <p class="hint">
                Times in your time zone ({localZone}); {doctor()!.name} works in {zone()}.
              </p>
            </Show>
            <Show when={doctorId()} fallback={<p class="muted">Choose a doctor to see free times.</p>}>
              <Async source={availability}>
                <Switch>
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
              </Async>
            </Show>
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
                {(id, ds) => (
                  <textarea id={id} aria-describedby={ds()} rows="2" maxlength="500" value={reason()} onInput={(e) => setReason(e.currentTarget.value)} placeholder="Optional" />
                )}
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
