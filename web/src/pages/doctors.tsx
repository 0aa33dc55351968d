import { For, Index, Show, Switch, Match, createResource, createSignal } from "solid-js";
import { createStore } from "solid-js/store";
import { A, useNavigate, useParams, useSearchParams } from "@solidjs/router";
import { Doctors, dayNames, formatFee, hoursLines, type Doctor, type DoctorInput, type WorkingHours } from "../api/doctors";
import { Alert, Field, createFormState, describeError } from "../components/form";
import { PageHeader, RoleGate } from "../components/layout";
import { createPager } from "../components/pager";
import { Icon } from "../components/icons";
import { hasRole } from "../session";
import { Loading, PagedTable } from "../components/paged-table";

const str = (v: string | string[] | undefined) => (typeof v === "string" ? v : "");

export function DoctorList() {
  const [params, setParams] = useSearchParams();
  const pager = createPager();
  const [term, setTerm] = createSignal(str(params.q));
  const showInactive = () => params.inactive === "1" && hasRole("admin");
  const [page] = createResource(
    () => ({ q: str(params.q) || undefined, cursor: pager.cursor(), includeInactive: showInactive() }),
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
          <Show when={hasRole("admin")}>
            <label class="check small">
              <input
                type="checkbox"
                checked={showInactive()}
                onChange={(e) => {
                  pager.reset();
                  setParams({ inactive: e.currentTarget.checked ? "1" : undefined });
                }}
              />
              <span>Include inactive</span>
            </label>
          </Show>
        </form>
        <PagedTable
          page={page}
          pager={pager}
          empty={params.q ? `No doctors match “${params.q}”.` : "No doctors yet."}
          head={
                      <tr>
                        <th scope="col">Name</th>
                        <th scope="col">Specialty</th>
                        <th scope="col">Visit fee</th>
                        <th scope="col">Working hours</th>
                        <th scope="col">Time zone</th>
                      </tr>
          }
          rows={(items) => (
            <>
                      <For each={items}>
                        {(d) => (
                          <tr classList={{ deleted: !d.active }}>
                            <td data-label="Name">
                              <A class="strong" href={`/doctors/${d.id}`}>
                                {d.name}
                              </A>
                              <Show when={!d.active}>
                                {" "}
                                <span class="badge">Inactive</span>
                              </Show>
                            </td>
                            <td data-label="Specialty">{d.specialty}</td>
                            <td data-label="Visit fee" class="num nowrap">
                              {formatFee(d)}
                            </td>
                            <td data-label="Hours" class="small">
                              <For each={hoursLines(d.workingHours)} fallback={<span class="muted">No hours set</span>}>
                                {(line) => <div class="nowrap">{line}</div>}
                              </For>
                            </td>
                            <td data-label="Time zone" class="small muted">
                              {d.timezone}
                            </td>
                          </tr>
                        )}
                      </For>
            </>
          )}
        />
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
            navigate(`/doctors/${d.id}?created=1`, { replace: true });
          }}
        />
      </section>
    </RoleGate>
  );
}

export function DoctorPage() {
  const params = useParams();
  const [search] = useSearchParams();
  const [doctor, { mutate }] = createResource(() => params.id, (id) => Doctors.get(id));
  const [editing, setEditing] = createSignal(false);
  const [notice, setNotice] = createSignal<string | null>(search.created ? "Doctor created." : null);
  const status = createFormState();
  const setActive = async (d: Doctor, active: boolean) => {
    if (!active && !confirm(`Deactivate ${d.name}? Existing appointments stay; no new bookings can be made.`)) return;
    const updated = await status.submit(() => (active ? Doctors.update(d.id, { active: true }) : Doctors.deactivate(d.id).then(() => Doctors.get(d.id))));
    if (updated) {
      mutate(updated);
      setNotice(active ? "Doctor reactivated." : "Doctor deactivated.");
    }
  };
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
                        <button class="btn btn-primary" type="button" onClick={() => (setNotice(null), setEditing(true))}>
                          Edit
                        </button>
                      </Show>
                    </Show>
                  }
                />
                <Show when={!d.active}>
                  <Alert kind="warning">This doctor is inactive: kept for the history of past visits, but no new appointments can be booked.</Alert>
                </Show>
                <Show when={notice()}>
                  <Alert kind="success">{notice()}</Alert>
                </Show>
                <Show when={status.message()}>
                  <Alert>{status.message()}</Alert>
                </Show>
                <Show
                  when={editing()}
                  fallback={
                    <>
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
                              <dt>Slot length</dt>
                              <dd>{d.slotMinutes} minutes</dd>
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
                                  const h = (d.workingHours ?? []).filter((w) => w.day === day).sort((a, b) => a.start.localeCompare(b.start));
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
                      <Show when={hasRole("admin")}>
                        <div class="danger-zone">
                          <Show
                            when={d.active}
                            fallback={
                              <button type="button" class="btn btn-secondary btn-sm" disabled={status.busy()} onClick={() => setActive(d, true)}>
                                Reactivate
                              </button>
                            }
                          >
                            <button type="button" class="btn btn-danger-outline btn-sm" disabled={status.busy()} onClick={() => setActive(d, false)}>
                              Deactivate
                            </button>
                          </Show>
                        </div>
                      </Show>
                    </>
                  }
                >
                  <DoctorForm
                    initial={d}
                    submitLabel="Save changes"
                    onCancel={() => setEditing(false)}
                    onSave={async (input) => {
                      mutate(await Doctors.update(d.id, input));
                      setEditing(false);
                      setNotice("Changes saved.");
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

interface Block {
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
const currencies = ["USD", "EUR", "GBP", "CHF", "CAD", "AUD", "SEK", "NOK", "DKK", "PLN", "JPY", "INR"];

/** "13:00" + 180 min → "16:00", at most "23:45". */
function laterBy(hhmm: string, minutes: number) {
  const [h, m] = hhmm.split(":").map(Number);
  const total = Math.min((h ?? 0) * 60 + (m ?? 0) + minutes, 23 * 60 + 45);
  return `${String(Math.floor(total / 60)).padStart(2, "0")}:${String(total % 60).padStart(2, "0")}`;
}

/** `"80"`, `"80.5"`, `"80,50"` → 8050; anything else → NaN (the API then names the field). */
function parseFee(text: string) {
  const t = text.trim().replace(",", ".");
  return /^\d+(\.\d{1,2})?$/.test(t) ? Math.round(Number(t) * 100) : NaN;
}

function DoctorForm(props: { initial?: Doctor; submitLabel: string; onSave: (input: DoctorInput) => Promise<unknown>; onCancel: () => void }) {
  const form = createFormState();
  const i = props.initial;
  const [name, setName] = createSignal(i?.name ?? "");
  const [specialty, setSpecialty] = createSignal(i?.specialty ?? "");
  const [fee, setFee] = createSignal(i ? (i.visitFeeCents / 100).toFixed(2) : "");
  const [currency, setCurrency] = createSignal(i?.currency ?? "USD");
  const [slotMinutes, setSlotMinutes] = createSignal(String(i?.slotMinutes ?? 30));
  const [timezone, setTimezone] = createSignal(i?.timezone ?? localZone);
  /** Blocks per weekday (index 0 = Monday); an empty list is a closed day. */
  const [days, setDays] = createStore<Block[][]>(
    [1, 2, 3, 4, 5, 6, 7].map((day) => {
      if (i) return (i.workingHours ?? []).filter((w) => w.day === day).sort((a, b) => a.start.localeCompare(b.start)).map((w) => ({ start: w.start, end: w.end }));
      return day <= 5 ? [{ start: "09:00", end: "17:00" }] : [];
    }),
  );
  const err = (...keys: string[]) => keys.map((k) => form.error(k)).find(Boolean);
  /** `workingHours.3.end` → "Thursday: Must end after it starts" */
  const hoursError = () => {
    const entry = Object.entries(form.errors()).find(([k]) => k.startsWith("workingHours"));
    if (!entry) return undefined;
    const m = /^workingHours\.(\d+)/.exec(entry[0]);
    const block = m ? flatHours()[Number(m[1])] : undefined;
    return block ? `${dayNames[block.day]} ${block.start}–${block.end}: ${entry[1]}` : entry[1];
  };
  const flatHours = (): WorkingHours[] => days.flatMap((blocks, idx) => blocks.map((b) => ({ day: idx + 1, start: b.start, end: b.end })));

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    form.reset();
    const local: Record<string, string> = {};
    const feeCents = parseFee(fee());
    if (Number.isNaN(feeCents)) local.visitFeeCents = "Enter an amount such as 80.00";
    const bad = flatHours().find((h) => !h.start || !h.end || h.start >= h.end);
    if (bad) local.workingHours = `${dayNames[bad.day]}: the end time must be after the start time.`;
    if (Object.keys(local).length) {
      form.setErrors(local);
      return;
    }
    await form.submit(() =>
      props.onSave({
        name: name().trim(),
        specialty: specialty().trim(),
        visitFeeCents: feeCents,
        currency: currency(),
        slotMinutes: Number(slotMinutes()),
        timezone: timezone(),
        workingHours: flatHours(),
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
          {(id, ds) => <input id={id} aria-describedby={ds()} aria-invalid={!!err("name")} value={name()} onInput={(e) => setName(e.currentTarget.value)} placeholder="Dr. Ada Okafor" />}
        </Field>
        <Field label="Specialty" required error={err("specialty")}>
          {(id, ds) => <input id={id} aria-describedby={ds()} aria-invalid={!!err("specialty")} value={specialty()} onInput={(e) => setSpecialty(e.currentTarget.value)} placeholder="General practice" list="specialties" />}
        </Field>
      </div>
      <div class="grid-4 span-all">
        <Field label="Visit fee" required error={err("visitFeeCents")} hint="e.g. 80.00">
          {(id, ds) => <input id={id} aria-describedby={ds()} aria-invalid={!!err("visitFeeCents")} inputmode="decimal" value={fee()} onInput={(e) => setFee(e.currentTarget.value)} />}
        </Field>
        <Field label="Currency" error={err("currency")}>
          {(id, ds) => (
            <select id={id} aria-describedby={ds()} value={currency()} onChange={(e) => setCurrency(e.currentTarget.value)}>
              <For each={currencies.includes(currency()) ? currencies : [currency(), ...currencies]}>{(c) => <option value={c}>{c}</option>}</For>
            </select>
          )}
        </Field>
        <Field label="Slot length" error={err("slotMinutes")} hint="Length of one bookable visit.">
          {(id, ds) => (
            <select id={id} aria-describedby={ds()} value={slotMinutes()} onChange={(e) => setSlotMinutes(e.currentTarget.value)}>
              <For each={[...new Set([10, 15, 20, 30, 45, 60, 90, Number(slotMinutes())])].sort((a, b) => a - b)}>{(m) => <option value={String(m)}>{m} minutes</option>}</For>
            </select>
          )}
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
        <p class="hint">Tick the days the doctor works. Add a second block for a split day (e.g. a lunch break).</p>
        <div class="hours" role="group" aria-label="Weekly working hours" aria-describedby={hoursError() ? "hours-error" : undefined}>
          <Index each={days}>
            {(blocks, idx) => (
              <div class="hours-row" classList={{ closed: !blocks().length }}>
                <label class="check">
                  <input
                    type="checkbox"
                    checked={blocks().length > 0}
                    onChange={(e) => setDays(idx, e.currentTarget.checked ? [{ start: "09:00", end: "17:00" }] : [])}
                  />
                  <span>{dayNames[idx + 1]}</span>
                </label>
                <div class="blocks">
                  <Show when={blocks().length} fallback={<span class="muted small">Closed</span>}>
                    <Index each={blocks()}>
                      {(b, j) => (
                        <div class="block">
                          <label class="sr-only" for={`start-${idx}-${j}`}>
                            {dayNames[idx + 1]} {j ? `block ${j + 1} ` : ""}start
                          </label>
                          <input id={`start-${idx}-${j}`} type="time" step="900" value={b().start} onInput={(e) => setDays(idx, j, "start", e.currentTarget.value)} />
                          <span class="muted" aria-hidden="true">
                            to
                          </span>
                          <label class="sr-only" for={`end-${idx}-${j}`}>
                            {dayNames[idx + 1]} {j ? `block ${j + 1} ` : ""}end
                          </label>
                          <input id={`end-${idx}-${j}`} type="time" step="900" value={b().end} onInput={(e) => setDays(idx, j, "end", e.currentTarget.value)} />
                          <Show
                            when={j > 0}
                            fallback={
                              <button
                                type="button"
                                class="btn btn-ghost btn-sm"
                                title="Add a second block"
                                aria-label={`Add a block on ${dayNames[idx + 1]}`}
                                disabled={blocks().length >= 3}
                                onClick={() => {
                                  const last = blocks()[blocks().length - 1];
                                  const start = last?.end && last.end < "23:00" ? last.end : "13:00";
                                  setDays(idx, (list) => [...list, { start, end: laterBy(start, 180) }]);
                                }}
                              >
                                + Block
                              </button>
                            }
                          >
                            <button type="button" class="btn btn-ghost btn-sm" aria-label={`Remove block ${j + 1} on ${dayNames[idx + 1]}`} onClick={() => setDays(idx, (list) => list.filter((_, k) => k !== j))}>
                              Remove
                            </button>
                          </Show>
                        </div>
                      )}
                    </Index>
                  </Show>
                </div>
              </div>
            )}
          </Index>
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
