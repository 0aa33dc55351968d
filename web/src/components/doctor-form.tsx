import { For, Index, Show, createSignal } from "solid-js";
import { createStore } from "solid-js/store";
import { dayNames, type Doctor, type DoctorInput, type WorkingHours } from "../api/doctors";
import { Alert, Field, createFormState } from "./form";

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

/** Create or edit a doctor: practice details and weekly working hours (split days allowed). */
export function DoctorForm(props: { initial?: Doctor; submitLabel: string; onSave: (input: DoctorInput) => Promise<unknown>; onCancel: () => void }) {
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
      if (i)
        return (i.workingHours ?? [])
          .filter((w) => w.day === day)
          .sort((a, b) => a.start.localeCompare(b.start))
          .map((w) => ({ start: w.start, end: w.end }));
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
          {(id, ds) => (
            <input id={id} aria-describedby={ds()} aria-invalid={!!err("name")} value={name()} onInput={(e) => setName(e.currentTarget.value)} placeholder="Dr. Ada Okafor" />
          )}
        </Field>
        <Field label="Specialty" required error={err("specialty")}>
          {(id, ds) => (
            <input
              id={id}
              aria-describedby={ds()}
              aria-invalid={!!err("specialty")}
              value={specialty()}
              onInput={(e) => setSpecialty(e.currentTarget.value)}
              placeholder="General practice"
              list="specialties"
            />
          )}
        </Field>
      </div>
      <div class="grid-4 span-all">
        <Field label="Visit fee" required error={err("visitFeeCents")} hint="e.g. 80.00">
          {(id, ds) => (
            <input id={id} aria-describedby={ds()} aria-invalid={!!err("visitFeeCents")} inputmode="decimal" value={fee()} onInput={(e) => setFee(e.currentTarget.value)} />
          )}
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
                  <input type="checkbox" checked={blocks().length > 0} onChange={(e) => setDays(idx, e.currentTarget.checked ? [{ start: "09:00", end: "17:00" }] : [])} />
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
                            <button
                              type="button"
                              class="btn btn-ghost btn-sm"
                              aria-label={`Remove block ${j + 1} on ${dayNames[idx + 1]}`}
                              onClick={() => setDays(idx, (list) => list.filter((_, k) => k !== j))}
                            >
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
