import { For, Show, createMemo, untrack, type JSX } from "solid-js";
import { A, createAsync } from "@solidjs/router";
import { statusLabels, type AppointmentListItem } from "../api/appointments";
import { getAvailability, type Doctor, type Slot } from "../api/doctors";
import { dayLabel, timeIn } from "../calendar/time";
import { Async } from "./async";
import { PatientLabel } from "./appointment-row";

type Item = { kind: "appt"; at: string; a: AppointmentListItem } | { kind: "free"; at: string; slot: Slot };

/**
 * One doctor's day in the doctor's own time zone: visits (booked, completed, cancelled,
 * no-show) and the free slots between them, in time order. Free slots are buttons when the
 * user may book (or is moving a visit of this doctor).
 */
export function CalendarColumn(props: {
  doctor: Doctor;
  date: string;
  appointments: AppointmentListItem[];
  /** Show the doctor's name in the header (day view) or the date (week view). */
  heading: "doctor" | "date";
  canBook: boolean;
  canManage: boolean;
  /** The visit being rescheduled, if any: free slots of its doctor become targets. */
  moving: AppointmentListItem | null;
  onSlot: (doctor: Doctor, slot: Slot) => void;
  onReschedule: (a: AppointmentListItem) => void;
  onCancel: (a: AppointmentListItem) => void;
}) {
  const availability = createAsync(() => getAvailability(props.doctor.id, props.date));
  const tz = () => props.doctor.timezone;
  const title = () => (props.heading === "doctor" ? props.doctor.name : dayLabel(props.date, { weekday: "long", day: "numeric", month: "short" }));
  const headingId = `cal-${props.doctor.id}-${props.date}`;
  const movingHere = () => props.moving?.doctorId === props.doctor.id;
  const slotEnabled = () => (props.moving ? movingHere() : props.canBook);
  const open = (a: AppointmentListItem) => a.status === "booked" && Date.parse(a.startsAt) > Date.now();

  return (
    <section class="cal-col" aria-labelledby={headingId}>
      <header class="cal-col-head">
        <h2 id={headingId}>{title()}</h2>
        <Show when={props.heading === "doctor"}>
          <p class="small muted">
            {props.doctor.specialty} · {tz()}
          </p>
        </Show>
      </header>
      <Async source={availability} loading={<p class="small muted cal-empty">Loading…</p>}>
        <ColumnItems availability={availability} appointments={props.appointments}>
          {(items) => (
            <Show when={items().length} fallback={<p class="small muted cal-empty">Nothing scheduled, no free times.</p>}>
              <ol class="cal-items">
                <For each={items()}>
                  {(item) =>
                    item.kind === "appt" ? (
                      <li class={`cal-appt cal-${item.a.status}`} classList={{ "cal-moving": props.moving?.id === item.a.id }}>
                        <div class="cal-time">
                          {timeIn(item.a.startsAt, tz())}–{timeIn(item.a.endsAt, tz())}
                        </div>
                        <div class="cal-body">
                          <A href={`/patients/${item.a.patientId}`} class="strong">
                            <PatientLabel row={item.a} />
                          </A>
                          <span class={`badge badge-${item.a.status}`}>{statusLabels[item.a.status]}</span>
                          <Show when={item.a.reason}>
                            <div class="small muted">{item.a.reason}</div>
                          </Show>
                          <Show when={props.canManage && open(item.a) && !props.moving}>
                            <div class="cal-actions">
                              <button type="button" class="btn btn-ghost btn-sm" onClick={() => props.onReschedule(item.a)}>
                                Reschedule
                              </button>
                              <button type="button" class="btn btn-danger-outline btn-sm" onClick={() => props.onCancel(item.a)}>
                                Cancel
                              </button>
                            </div>
                          </Show>
                        </div>
                      </li>
                    ) : (
                      <li class="cal-free-item">
                        <Show when={slotEnabled()} fallback={<span class="cal-free cal-free-static">{timeIn(item.slot.startsAt, tz())} · free</span>}>
                          <button
                            type="button"
                            class="cal-free"
                            classList={{ "cal-target": !!props.moving }}
                            aria-label={`${timeIn(item.slot.startsAt, tz())} ${props.moving ? "Move here," : "Free, book with"} ${props.doctor.name}, ${dayLabel(props.date)}`}
                            onClick={() => props.onSlot(props.doctor, item.slot)}
                          >
                            <span class="cal-time">{timeIn(item.slot.startsAt, tz())}</span> <span>{props.moving ? "Move here" : "Free"}</span>
                          </button>
                        </Show>
                      </li>
                    )
                  }
                </For>
              </ol>
            </Show>
          )}
        </ColumnItems>
      </Async>
    </section>
  );
}

/**
 * Visits and free slots merged in time order. A component of its own so that reading the
 * availability happens inside the column's loading boundary, not the page's.
 */
function ColumnItems(props: { availability: () => { slots: Slot[] } | undefined; appointments: AppointmentListItem[]; children: (items: () => Item[]) => JSX.Element }) {
  const items = createMemo<Item[]>(() => {
    const appts: Item[] = props.appointments.map((a) => ({ kind: "appt", at: a.startsAt, a }));
    const free: Item[] = (props.availability()?.slots ?? []).map((slot) => ({ kind: "free", at: slot.startsAt, slot }));
    return [...appts, ...free].sort((x, y) => x.at.localeCompare(y.at) || (x.kind === "appt" ? -1 : 1));
  });
  return <>{untrack(() => props.children(items))}</>;
}
