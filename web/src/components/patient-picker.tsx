import { For, Show, createSignal } from "solid-js";
import { createAsync } from "@solidjs/router";
import { getPatient, listPatients, patientName, type Patient } from "../api/patients";
import { formatDate } from "../format";
import { Async } from "./async";

/**
 * Find a patient by name prefix or email and pick one. `compact` is the optional form used
 * in filters (no required mark, smaller).
 */
export function PatientPicker(props: { value: string; onChange: (id: string) => void; error?: string; label?: string; compact?: boolean }) {
  const [term, setTerm] = createSignal("");
  const [search, setSearch] = createSignal<string | null>(null);
  const [picked, setPicked] = createSignal<Patient | null>(null);
  const results = createAsync(() => {
    const q = search();
    if (q === null) return Promise.resolve(undefined);
    return listPatients(q.includes("@") ? { email: q.toLowerCase(), limit: 8 } : { q, limit: 8 });
  });
  const initial = createAsync(() =>
    props.value && !picked()
      ? getPatient(props.value)
          .then((r) => r.patient)
          .catch(() => null)
      : Promise.resolve(null),
  );
  const current = () => picked() ?? initial() ?? null;

  return (
    <fieldset class="picker" classList={{ invalid: !!props.error, "picker-compact": !!props.compact }}>
      <legend>
        {props.label ?? "Patient"}
        <Show when={!props.compact}>
          {" "}
          <span class="req" aria-hidden="true">
            *
          </span>
        </Show>
      </legend>
      <Show when={props.value ? current() : null}>
        {(p) => (
          <div class="picked">
            <div>
              <div class="strong">{patientName(p())}</div>
              <div class="small muted">
                Born {formatDate(p().birthDate)} · {p().contact?.email ?? p().id}
              </div>
            </div>
            <button
              type="button"
              class="btn btn-ghost btn-sm"
              onClick={() => {
                setPicked(null);
                props.onChange("");
              }}
            >
              Change
            </button>
          </div>
        )}
      </Show>
      <Show when={!props.value}>
        <div class="toolbar">
          <label class="sr-only" for="picker-q">
            Find patient
          </label>
          <input
            id="picker-q"
            type="search"
            placeholder="Family name or email…"
            value={term()}
            onInput={(e) => setTerm(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                setSearch(term().trim());
              }
            }}
          />
          <button type="button" class="btn btn-secondary" onClick={() => setSearch(term().trim())}>
            Find
          </button>
        </div>
        <Async source={results} loading={null}>
          <Show when={results()}>
            {(r) => (
              <Show when={r().items.length} fallback={<p class="muted">No patient found.</p>}>
                <ul class="pick-list" aria-label="Matching patients">
                  <For each={r().items}>
                    {(p) => (
                      <li>
                        <button
                          type="button"
                          class="pick"
                          onClick={() => {
                            setPicked(p);
                            props.onChange(p.id);
                          }}
                        >
                          <span class="strong">{patientName(p)}</span>
                          <span class="small muted">
                            {formatDate(p.birthDate)} · {p.contact?.email ?? p.id}
                          </span>
                        </button>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            )}
          </Show>
        </Async>
      </Show>
      <Show when={props.error}>
        <p class="field-error">{props.error}</p>
      </Show>
    </fieldset>
  );
}
