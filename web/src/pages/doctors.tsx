import { For, Show, Switch, Match, createResource, createSignal } from "solid-js";
import { createStore } from "solid-js/store";
import { A, useNavigate, useParams, useSearchParams } from "@solidjs/router";
import { Doctors, dayNames, formatFee, hoursSummary, type Doctor, type DoctorInput, type WorkingHours } from "../api/doctors";
import { Alert, Field, createFormState, describeError } from "../components/form";
import { PageHeader, RoleGate } from "../components/layout";
import { createPager, Pager } from "../components/pager";
import { Icon } from "../components/icons";
import { hasRole } from "../session";
import { Empty, Loading } from "./patients";

export function DoctorList() {
  const [params, setParams] = useSearchParams();
  const pager = createPager();
  const [term, setTerm] = createSignal(typeof params.q === "string" ? params.q : "");
  const [page] = createResource(
    () => ({ q: typeof params.q === "string" ? params.q : "", cursor: pager.cursor() }),
    (q) => Doctors.list(q),
  );
  return (
    <RoleGate roles={["admin", "staff", "doctor"]}>
      <section class="page">
        <PageHeader
          title="Doctors"
          subtitle="Specialties, visit fees and weekly working hours."
          actions={
            <Show when={hasRole("admin")}>
              <A class="btn btn-primary" href="/doctors/new">
                <Icon name="plus" size={16} /> New doctor
              </A>
            </Show>
          }
        />
        <form
          class="toolbar"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            pager.reset();
            setParams({ q: term().trim() || undefined });
          }}
        >
          <label class="sr-only" for="doctor-search">
            Search doctors
          </label>
          <div class="search">
            <Icon name="search" size={16} />
            <input id="doctor-search" type="search" placeholder="Name or specialty…" value={term()} onInput={(e) => setTerm(e.currentTarget.value)} />
          </div>
          <button class="btn btn-secondary" type="submit">
            Search
          </button>
        </form>
        <Switch>
          <Match when={page.error}>
            <Alert>{describeError(page.error)}</Alert>
          </Match>
          <Match when={page()}>
            {(p) => (
              <Show when={p().items.length} fallback={<Empty>{params.q ? `No doctors match “${params.q}”.` : "No doctors yet."}</Empty>}>
                <div class="table-wrap card">
                  <table class="table">
                    <thead>
                      <tr>
                        <th scope="col">Name</th>
                        <th scope="col">Specialty</th>
                        <th scope="col">Visit fee</th>
                        <th scope="col">Working hours</th>
                        <th scope="col">Time zone</th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={p().items}>
                        {(d) => (
                          <tr>
                            <td>
                              <A class="strong" href={`/doctors/${d.id}`}>
                                {d.name}
                              </A>
                            </td>
                            <td>{d.specialty}</td>
                            <td class="num">{formatFee(d)}</td>
                            <td class="small">{hoursSummary(d.workingHours)}</td>
                            <td class="small muted">{d.timezone}</td>
                          </tr>
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

export function DoctorNew() {
  const navigate = useNavigate();
  return (
    <RoleGate roles={["admin"]}>
      <section class="page">
        <PageHeader title="New doctor" back={{ href: "/doctors", label: "Doctors" }} />
        <DoctorForm
          submitLabel="Create doctor"
          onCancel={() => navigate("/doctors")}
          onSave={async (input) => {
            const d = await Doctors.create(input);
            navigate(`/doctors/${d.id}`, { replace: true });
          }}
        />
      </section>
    </RoleGate>
  );
}

export function DoctorPage() {
  const params = useParams();
  const [doctor, { mutate }] = createResource(() => params.id, (id) => Doctors.get(id));
  const [editing, setEditing] = createSignal(false);
  const [saved, setSaved] = createSignal(false);
  return (
    <RoleGate roles={["admin", "staff", "doctor"]}>
      <section class="page">
        <Switch>
          <Match when={doctor.error}>
            <PageHeader title="Doctor" back={{ href: "/doctors", label: "Doctors" }} />
            <Alert>{describeError(doctor.error)}</Alert>
          </Match>
          <Match when={doctor()} keyed>
            {(d) => (
              <>
                <PageHeader
                  title={d.name}
                  subtitle={d.specialty}
                  back={{ href: "/doctors", label: "Doctors" }}
                  actions={
                    <Show when={!editing()}>
                      <A class="btn btn-secondary" href={`/appointments?doctorId=${d.id}`}>
                        Appointments
                      </A>
                      <Show when={hasRole("admin")}>
                        <button class="btn btn-primary" type="button" onClick={() => (setSaved(false), setEditing(true))}>
                          Edit
                        </button>
                      </Show>
                    </Show>
                  }
                />
                <Show when={saved()}>
                  <Alert kind="success">Changes saved.</Alert>
                </Show>
                <Show
                  when={editing()}
                  fallback={
                    <div class="record-grid">
                      <div class="card">
                        <h2>Practice</h2>
                        <dl class="dl">
                          <div class="dl-row">
                            <dt>Specialty</dt>
                            <dd>{d.specialty}</dd>
                          </div>
                          <div class="dl-row">
                            <dt>Visit fee</dt>
                            <dd>{formatFee(d)}</dd>
                          </div>
                          <div class="dl-row">
                            <dt>Time zone</dt>
                            <dd>{d.timezone}</dd>
                          </div>
                          <div class="dl-row">
                            <dt>Doctor id</dt>
                            <dd class="mono">{d.id}</dd>
                          </div>
                        </dl>
                      </div>
                      <div class="card">
                        <h2>Weekly hours</h2>
                        <table class="table table-compact">
                          <tbody>
                            <For each={[1, 2, 3, 4, 5, 6, 7]}>
                              {(day) => {
                                const h = d.workingHours?.filter((w) => w.day === day) ?? [];
                                return (
                                  <tr>
                                    <th scope="row">{dayNames[day]}</th>
                                    <td>{h.length ? h.map((w) => `${w.start}–${w.end}`).join(", ") : <span class="muted">Closed</span>}</td>
                                  </tr>
                                );
                              }}
                            </For>
                          </tbody>
                        </table>
                      </div>
                    </div>
                  }
                >
                  <DoctorForm
                    initial={d}
                    submitLabel="Save changes"
                    onCancel={() => setEditing(false)}
                    onSave={async (input) => {
                      mutate(await Doctors.update(d.id, input));
                      setEditing(false);
                      setSaved(true);
                    }}
                  />
                </Show>
              </>
            )}
          </Match>
          <Match when={doctor.loading}>
            <Loading />
          </Match>
        </Switch>
      </section>
    </RoleGate>
  );
}

interface DayDraft {
  open: boolean;
  start: string;
  end: string;
}

const localZone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
const zones = (() => {
  let list: string[] = [];
  try {
    list = Intl.supportedValuesOf("timeZone");
  } catch {
    list = [];
  }
  // Chromium's list leaves out "UTC" and sometimes the machine's own zone.
  return [...new Set(["UTC", localZone, ...list])].sort((a, b) => (a === "UTC" ? -1 : b === "UTC" ? 1 : a.localeCompare(b)));
})();

function DoctorForm(props: { initial?: Doctor; submitLabel: string; onSave: (input: DoctorInput) => Promise<unknown>; onCancel: () => void }) {
  const form = createFormState();
  const i = props.initial;
  const [name, setName] = createSignal(i?.name ?? "");
  const [specialty, setSpecialty] = createSignal(i?.specialty ?? "");
  const [fee, setFee] = createSignal(i && typeof i.visitFee === "number" ? (i.visitFee / 100).toFixed(2) : "");
  const [timezone, setTimezone] = createSignal(i?.timezone ?? localZone);
  const [days, setDays] = createStore<DayDraft[]>(
    [1, 2, 3, 4, 5, 6, 7].map((day) => {
      const h = i?.workingHours?.find((w) => w.day === day);
      if (i) return { open: !!h, start: h?.start ?? "09:00", end: h?.end ?? "17:00" };
      return { open: day <= 5, start: "09:00", end: "17:00" };
    }),
  );
  const err = (...keys: string[]) => keys.map((k) => form.error(k)).find(Boolean);
  const hoursError = () =>
    Object.entries(form.errors())
      .filter(([k]) => k.startsWith("workingHours"))
      .map(([, v]) => v)[0];

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    const feeNumber = Number(fee().replace(",", "."));
    const workingHours: WorkingHours[] = days.flatMap((d, idx) => (d.open ? [{ day: idx + 1, start: d.start, end: d.end }] : []));
    const invalidDay = days.findIndex((d) => d.open && d.start >= d.end);
    if (invalidDay >= 0) {
      form.setErrors({ workingHours: `${dayNames[invalidDay + 1]}: the end time must be after the start time.` });
      return;
    }
    await form.submit(() =>
      props.onSave({
        name: name().trim(),
        specialty: specialty().trim(),
        visitFee: fee().trim() === "" || isNaN(feeNumber) ? (NaN as number) : Math.round(feeNumber * 100),
        timezone: timezone(),
        workingHours,
      }),
    );
  };

  return (
    <form class="card form-grid" onSubmit={onSubmit} novalidate aria-label="Doctor details">
      <Show when={form.message()}>
        <div class="span-all">
          <Alert>{form.message()}</Alert>
        </div>
      </Show>
      <div class="grid-2 span-all">
        <Field label="Name" required error={err("name")}>
          {(id, ds) => <input id={id} aria-describedby={ds()} value={name()} onInput={(e) => setName(e.currentTarget.value)} placeholder="Dr. Ada Okafor" />}
        </Field>
        <Field label="Specialty" required error={err("specialty")}>
          {(id, ds) => <input id={id} aria-describedby={ds()} value={specialty()} onInput={(e) => setSpecialty(e.currentTarget.value)} placeholder="General practice" list="specialties" />}
        </Field>
        <Field label="Visit fee" required error={err("visitFee")} hint="In the clinic's currency, e.g. 80.00">
          {(id, ds) => <input id={id} aria-describedby={ds()} inputmode="decimal" value={fee()} onInput={(e) => setFee(e.currentTarget.value)} />}
        </Field>
        <Field label="Time zone" required error={err("timezone")} hint="Working hours are in this zone.">
          {(id, ds) => (
            <select id={id} aria-describedby={ds()} value={timezone()} onChange={(e) => setTimezone(e.currentTarget.value)}>
              <For each={zones.includes(timezone()) ? zones : [timezone(), ...zones]}>{(z) => <option value={z}>{z}</option>}</For>
            </select>
          )}
        </Field>
      </div>
      <datalist id="specialties">
        <For each={["General practice", "Cardiology", "Dermatology", "Paediatrics", "Orthopaedics", "Gynaecology", "Neurology", "Psychiatry"]}>{(s) => <option value={s} />}</For>
      </datalist>
      <fieldset class="span-all">
        <legend>Weekly working hours</legend>
        <div class="hours" role="group" aria-describedby={hoursError() ? "hours-error" : undefined}>
          <For each={days}>
            {(d, idx) => (
              <div class="hours-row" classList={{ closed: !d.open }}>
                <label class="check">
                  <input type="checkbox" checked={d.open} onChange={(e) => setDays(idx(), "open", e.currentTarget.checked)} />
                  <span>{dayNames[idx() + 1]}</span>
                </label>
                <label class="sr-only" for={`start-${idx()}`}>
                  {dayNames[idx() + 1]} start
                </label>
                <input id={`start-${idx()}`} type="time" step="900" value={d.start} disabled={!d.open} onInput={(e) => setDays(idx(), "start", e.currentTarget.value)} />
                <span class="muted" aria-hidden="true">
                  to
                </span>
                <label class="sr-only" for={`end-${idx()}`}>
                  {dayNames[idx() + 1]} end
                </label>
                <input id={`end-${idx()}`} type="time" step="900" value={d.end} disabled={!d.open} onInput={(e) => setDays(idx(), "end", e.currentTarget.value)} />
              </div>
            )}
          </For>
        </div>
        <Show when={hoursError()}>
          <p class="field-error" id="hours-error">
            {hoursError()}
          </p>
        </Show>
      </fieldset>
      <div class="form-actions span-all">
        <button type="button" class="btn btn-secondary" onClick={() => props.onCancel()}>
          Cancel
        </button>
        <button type="submit" class="btn btn-primary" disabled={form.busy()}>
          {form.busy() ? "Saving…" : props.submitLabel}
        </button>
      </div>
    </form>
  );
}
