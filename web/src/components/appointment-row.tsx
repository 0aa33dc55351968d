import { Show, Suspense, createSignal } from "solid-js";
import { A, createAsync } from "@solidjs/router";
import { statusLabels, type AppointmentListItem } from "../api/appointments";
import { formatFee, type Doctor } from "../api/doctors";
import { patientNameById } from "../api/patients";
import { hasRole } from "../session";
import { formatDate, formatTime } from "../format";

/**
 * A list row's patient: the name the list carries (the API joins it in the same query), the id
 * when the record is gone.
 */
export function PatientLabel(props: { row: { patientId: string; patientName?: string | null } }) {
  return <>{props.row.patientName ?? <span class="mono small">{props.row.patientId}</span>}</>;
}

/**
 * One patient's name read on its own (`GET /api/patients/:id`, audited): for a page about one
 * record that carries no name (the invoice detail), never for list rows.
 */
export function PatientName(props: { id: string }) {
  const name = createAsync(() => patientNameById(props.id));
  const id = () => <span class="mono small">{props.id}</span>;
  // Its own boundary: a row waits for its name without blanking the whole table.
  return <Suspense fallback={id()}>{name() ?? id()}</Suspense>;
}

export function AppointmentRow(props: {
  a: AppointmentListItem;
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
  return (
    <tr classList={{ "row-muted": a().status === "cancelled" }}>
      <td data-label="When">
        <div class="strong nowrap">{formatDate(a().startsAt)}</div>
        <div class="small muted nowrap">
          {formatTime(a().startsAt)}–{formatTime(a().endsAt)}
        </div>
      </td>
      <td data-label="Doctor">
        <div>{props.doctor?.name ?? a().doctorName ?? <span class="mono small">{a().doctorId}</span>}</div>
        <div class="small muted">{[props.doctor?.specialty, formatFee({ visitFeeCents: a().feeCents, currency: a().currency })].filter(Boolean).join(" · ")}</div>
      </td>
      <Show when={props.showPatient}>
        <td data-label="Patient">
          <A href={`/patients/${a().patientId}`}>
            <PatientLabel row={a()} />
          </A>
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
        <Show when={hasRole("doctor") && started() && (open() || a().status === "completed")}>
          <A class="btn btn-secondary btn-sm" href={`/prescriptions/new?appointmentId=${a().id}`}>
            Prescribe
          </A>
        </Show>
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
export function CancelRow(props: { colspan: number; busy: boolean; onKeep: () => void; onConfirm: (reason?: string) => void }) {
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
