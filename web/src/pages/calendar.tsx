import { For, Show, createMemo, createSignal } from "solid-js";
import { createAsync, useAction, useSearchParams } from "@solidjs/router";
import { appointmentsInRange, rescheduleAppointment, type AppointmentListItem } from "../api/appointments";
import type { Doctor, Slot } from "../api/doctors";
import { Alert, createFormState } from "../components/form";
import { PageHeader, RoleGate } from "../components/layout";
import { Async, Empty } from "../components/async";
import { CalendarColumn } from "../components/calendar-column";
import { BookPanel, CancelPanel } from "../components/calendar-panels";
import { bookingProblem, useDoctors } from "../components/doctors";
import { dayIn, dayLabel, fetchRange, plusDays, timeIn, viewDays } from "../calendar/time";
import { hasRole, user } from "../session";
import { today } from "../format";
import { param } from "../search-params";

type View = "day" | "week";
type Selection = { kind: "book"; doctor: Doctor; slot: Slot } | { kind: "cancel"; appointment: AppointmentListItem } | null;

/**
 * The clinic's calendar: a day (one or all doctors) or a week (one doctor), each column one
 * doctor's day in the doctor's own time zone, with visits and free slots. Click a free slot
 * to book it; reschedule (pick a new free slot) and cancel from a visit.
 * Lazy-loaded (index.tsx), so it is not part of the first screen's JavaScript.
 */
export default function CalendarPage() {
  const [params, setParams] = useSearchParams();
  const doctors = useDoctors();
  const isDoctor = () => hasRole("doctor");
  const view = (): View => (params.view === "week" ? "week" : "day");
  const date = () => (/^\d{4}-\d{2}-\d{2}$/.test(param(params.date)) ? param(params.date) : today());
  /** A doctor sees their own calendar; staff pick one or (day view) all. */
  const doctorId = () => (isDoctor() ? (user()?.doctorId ?? "") : param(params.doctorId));
  const shown = createMemo<Doctor[]>(() => {
    const active = doctors.active();
    if (doctorId()) return (doctors.list() ?? []).filter((d) => d.id === doctorId());
    return view() === "week" ? active.slice(0, 1) : active;
  });
  const days = () => viewDays(view(), date());
  const appointments = createAsync(() => appointmentsInRange({ ...fetchRange(days()), doctorId: doctorId() || undefined }));
  /** Visits by doctor and the day they fall on in that doctor's zone. */
  const byColumn = createMemo(() => {
    const zones = new Map((doctors.list() ?? []).map((d) => [d.id, d.timezone]));
    const out = new Map<string, AppointmentListItem[]>();
    for (const a of appointments() ?? []) {
      const key = `${a.doctorId}|${dayIn(a.startsAt, zones.get(a.doctorId) ?? "UTC")}`;
      out.set(key, [...(out.get(key) ?? []), a]);
    }
    return out;
  });

  const zoneOf = (a: AppointmentListItem) => doctors.byId().get(a.doctorId)?.timezone ?? "UTC";
  const [selection, setSelection] = createSignal<Selection>(null);
  const [moving, setMoving] = createSignal<AppointmentListItem | null>(null);
  const [notice, setNotice] = createSignal<string | null>(null);
  const move = createFormState();
  const reschedule = useAction(rescheduleAppointment);
  const canBook = () => hasRole("admin", "staff");
  const go = (change: Record<string, string | undefined>) => {
    setSelection(null);
    setParams(change);
  };
  const step = (n: number) => go({ date: plusDays(date(), n * (view() === "week" ? 7 : 1)) });

  const onSlot = async (doctor: Doctor, slot: Slot) => {
    setNotice(null);
    const m = moving();
    if (!m) return setSelection({ kind: "book", doctor, slot });
    const done = await move.submit(() => reschedule(m.id, { startsAt: slot.startsAt, endsAt: slot.endsAt }), bookingProblem);
    if (done) {
      setMoving(null);
      setNotice(`Moved to ${dayLabel(dayIn(slot.startsAt, doctor.timezone))}, ${timeIn(slot.startsAt, doctor.timezone)} (${doctor.timezone}).`);
    }
  };

  return (
    <RoleGate roles={["admin", "staff", "doctor"]}>
      <section class="page page-wide">
        <PageHeader
          title="Calendar"
          subtitle={
            isDoctor() ? "Your visits and free times, in your time zone." : "Visits and free times per doctor, each in the doctor's own time zone. Click a free time to book it."
          }
        />
        <div class="filters card cal-toolbar" role="group" aria-label="Calendar view">
          <div class="seg" role="group" aria-label="View">
            <button
              type="button"
              class="btn btn-sm"
              classList={{ "btn-primary": view() === "day", "btn-secondary": view() !== "day" }}
              aria-pressed={view() === "day"}
              onClick={() => go({ view: undefined })}
            >
              Day
            </button>
            <button
              type="button"
              class="btn btn-sm"
              classList={{ "btn-primary": view() === "week", "btn-secondary": view() !== "week" }}
              aria-pressed={view() === "week"}
              onClick={() => go({ view: "week" })}
            >
              Week
            </button>
          </div>
          <div class="date-step">
            <button type="button" class="btn btn-secondary btn-icon" aria-label={view() === "week" ? "Previous week" : "Previous day"} onClick={() => step(-1)}>
              ‹
            </button>
            <label class="sr-only" for="cal-date">
              Date
            </label>
            <input id="cal-date" type="date" value={date()} onChange={(e) => e.currentTarget.value && go({ date: e.currentTarget.value })} />
            <button type="button" class="btn btn-secondary btn-icon" aria-label={view() === "week" ? "Next week" : "Next day"} onClick={() => step(1)}>
              ›
            </button>
            <button type="button" class="btn btn-ghost btn-sm" onClick={() => go({ date: undefined })}>
              Today
            </button>
          </div>
          <Show when={!isDoctor()}>
            <div class="field">
              <label for="cal-doctor">Doctor</label>
              <select
                id="cal-doctor"
                value={doctorId() || (view() === "week" ? (shown()[0]?.id ?? "") : "")}
                onChange={(e) => go({ doctorId: e.currentTarget.value || undefined })}
              >
                <Show when={view() === "day"}>
                  <option value="">All doctors</option>
                </Show>
                <For each={doctors.active()}>{(d) => <option value={d.id}>{d.name}</option>}</For>
              </select>
            </div>
          </Show>
        </div>
        <Show when={notice()}>
          <Alert kind="success">{notice()}</Alert>
        </Show>
        <Show when={moving()}>
          {(m) => (
            <Alert
              kind="info"
              action={
                <button type="button" class="btn btn-secondary btn-sm" onClick={() => (setMoving(null), move.reset())}>
                  Stop moving
                </button>
              }
            >
              Moving the visit of {dayLabel(dayIn(m().startsAt, zoneOf(m())))}, {timeIn(m().startsAt, zoneOf(m()))}: choose a free time of the same doctor.
            </Alert>
          )}
        </Show>
        <Show when={move.message()}>
          <Alert>{move.message()}</Alert>
        </Show>
        <Show when={selection()} keyed>
          {(s) =>
            s.kind === "book" ? (
              <BookPanel doctor={s.doctor} slot={s.slot} onClose={() => setSelection(null)} onDone={(msg) => (setSelection(null), setNotice(msg))} />
            ) : (
              <CancelPanel
                appointment={s.appointment}
                doctor={doctors.byId().get(s.appointment.doctorId)}
                onClose={() => setSelection(null)}
                onDone={(msg) => (setSelection(null), setNotice(msg))}
              />
            )
          }
        </Show>
        <Async source={appointments}>
          <Show when={doctors.list() && appointments()}>
            <Show when={shown().length} fallback={<Empty>No active doctors yet.</Empty>}>
              <div class="cal-grid" classList={{ "cal-week": view() === "week" }} style={{ "--cols": String(view() === "week" ? 7 : shown().length) }}>
                <For each={view() === "week" ? days().map((d) => ({ doctor: shown()[0]!, date: d })) : shown().map((doctor) => ({ doctor, date: date() }))}>
                  {(col) => (
                    <CalendarColumn
                      doctor={col.doctor}
                      date={col.date}
                      heading={view() === "week" ? "date" : "doctor"}
                      appointments={byColumn().get(`${col.doctor.id}|${col.date}`) ?? []}
                      canBook={canBook()}
                      canManage={canBook()}
                      moving={moving()}
                      onSlot={onSlot}
                      onReschedule={(a) => (setNotice(null), setSelection(null), move.reset(), setMoving(a))}
                      onCancel={(a) => (setNotice(null), setSelection({ kind: "cancel", appointment: a }))}
                    />
                  )}
                </For>
              </div>
              <Show when={view() === "week"}>
                <p class="small muted">
                  {shown()[0]?.name}: times in {shown()[0]?.timezone}.
                </p>
              </Show>
            </Show>
          </Show>
        </Async>
      </section>
    </RoleGate>
  );
}
