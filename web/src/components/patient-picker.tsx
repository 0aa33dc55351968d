import { For, Show, createResource, createSignal } from "solid-js";
import { Patients, patientName, type Patient } from "../api/patients";
import { formatDate } from "../format";
import { describeError } from "./form";

/** Find a patient by name prefix or email and pick one. */
export function PatientPicker(props: { value: string; onChange: (id: string) => void; error?: string }) {
  const [term, setTerm] = createSignal("");
  const [search, setSearch] = createSignal<string | null>(null);
  const [picked, setPicked] = createSignal<Patient | null>(null);
  const [results] = createResource(search, (q) => Patients.list(q.includes("@") ? { email: q.toLowerCase(), limit: 8 } : { q, limit: 8 }));
  const [initial] = createResource(
    () => (props.value && !picked() ? props.value : false),
    (id) => Patients.get(id).then((r) => r.patient).catch(() => null),
  );
  const current = () => picked() ?? initial() ?? null;

  return (
    <fieldset class="picker" classList={{ invalid: !!props.error }}>
      <legend>
        Patient <span class="req" aria-hidden="true">*</span>
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
        <Show when={results.error}>
          <p class="field-error">{describeError(results.error)}</p>
        </Show>
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
      </Show>
      <Show when={props.error}>
        <p class="field-error">{props.error}</p>
      </Show>
    </fieldset>
  );
}
