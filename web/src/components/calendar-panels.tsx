import { Show, createSignal, onCleanup, onMount, type JSX } from "solid-js";
import { revalidate, useAction } from "@solidjs/router";
import { bookAppointment, cancelAppointment, type Appointment } from "../api/appointments";
import { getAvailability, type Doctor, type Slot } from "../api/doctors";
import { dayLabel, dayIn, timeIn } from "../calendar/time";
import { Alert, Field, createFormState } from "./form";
import { PatientPicker } from "./patient-picker";
import { bookingProblem } from "./doctors";

/** A panel above the calendar; focus moves to its heading so keyboard users land in it. */
function Panel(props: { title: string; onClose: () => void; children: JSX.Element }) {
  let heading!: HTMLHeadingElement;
  // Back to the slot or button that opened the panel when it closes (if that is still there).
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  onMount(() => heading.focus());
  onCleanup(() => opener?.isConnected && opener.focus());
  return (
    <section class="card cal-panel" aria-label={props.title} onKeyDown={(e) => e.key === "Escape" && props.onClose()}>
      <h2 ref={heading} tabindex="-1">
        {props.title}
      </h2>
      {props.children}
    </section>
  );
}

const when = (doctor: Doctor, startsAt: string, endsAt: string) =>
  `${dayLabel(dayIn(startsAt, doctor.timezone), { weekday: "long", day: "numeric", month: "long" })}, ${timeIn(startsAt, doctor.timezone)}–${timeIn(endsAt, doctor.timezone)} (${doctor.timezone})`;

/** Book the clicked free slot: pick the patient, an optional reason. 409/422 shown inline. */
export function BookPanel(props: { doctor: Doctor; slot: Slot; onDone: (message: string) => void; onClose: () => void }) {
  const form = createFormState();
  const book = useAction(bookAppointment);
  const [patientId, setPatientId] = createSignal("");
  const [reason, setReason] = createSignal("");
  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (!patientId()) {
      form.reset();
      form.setErrors({ patientId: "Choose a patient." });
      return;
    }
    const done = await form.submit(
      () => book({ doctorId: props.doctor.id, patientId: patientId(), startsAt: props.slot.startsAt, endsAt: props.slot.endsAt, reason: reason().trim() || undefined }),
      bookingProblem,
    );
    if (done) props.onDone(`Booked with ${props.doctor.name}, ${when(props.doctor, done.startsAt, done.endsAt)}.`);
    else if (form.lastError()?.status === 409 || form.lastError()?.status === 422)
      void revalidate(getAvailability.keyFor(props.doctor.id, dayIn(props.slot.startsAt, props.doctor.timezone)));
  };
  return (
    <Panel title="Book this time" onClose={props.onClose}>
      <p class="muted">
        {props.doctor.name} · {when(props.doctor, props.slot.startsAt, props.slot.endsAt)}
      </p>
      <form class="stack" onSubmit={onSubmit} novalidate aria-label="Book this time">
        <Show when={form.message()}>
          <Alert kind={form.lastError()?.status === 409 ? "warning" : "error"}>{form.message()}</Alert>
        </Show>
        <PatientPicker
          value={patientId()}
          onChange={(id) => {
            setPatientId(id);
            if (id) form.setErrors({});
          }}
          error={form.error("patientId")}
        />
        <Field label="Reason for visit" error={form.error("reason")}>
          {(id, ds) => <input id={id} aria-describedby={ds()} maxlength="500" placeholder="Optional" value={reason()} onInput={(e) => setReason(e.currentTarget.value)} />}
        </Field>
        <div class="form-actions">
          <button type="button" class="btn btn-secondary" onClick={props.onClose}>
            Close
          </button>
          <button type="submit" class="btn btn-primary" disabled={form.busy()}>
            {form.busy() ? "Booking…" : "Book appointment"}
          </button>
        </div>
      </form>
    </Panel>
  );
}

/** Cancel a visit with an optional reason. */
export function CancelPanel(props: { appointment: Appointment; doctor?: Doctor; onDone: (message: string) => void; onClose: () => void }) {
  const form = createFormState();
  const cancel = useAction(cancelAppointment);
  const [reason, setReason] = createSignal("");
  const a = () => props.appointment;
  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    const done = await form.submit(() => cancel(a().id, reason().trim() || undefined));
    if (done) props.onDone("Appointment cancelled.");
  };
  return (
    <Panel title="Cancel this appointment?" onClose={props.onClose}>
      <Show when={props.doctor}>
        {(d) => (
          <p class="muted">
            {d().name} · {when(d(), a().startsAt, a().endsAt)}
          </p>
        )}
      </Show>
      <form class="stack" onSubmit={onSubmit} novalidate aria-label="Cancel appointment">
        <Show when={form.message()}>
          <Alert>{form.message()}</Alert>
        </Show>
        <Field label="Reason (optional)" error={form.error("reason")}>
          {(id, ds) => <input id={id} aria-describedby={ds()} maxlength="500" value={reason()} onInput={(e) => setReason(e.currentTarget.value)} />}
        </Field>
        <div class="form-actions">
          <button type="button" class="btn btn-secondary" onClick={props.onClose}>
            Keep it
          </button>
          <button type="submit" class="btn btn-danger" disabled={form.busy()}>
            {form.busy() ? "Cancelling…" : "Cancel appointment"}
          </button>
        </div>
      </form>
    </Panel>
  );
}
