import { Show, createResource, createSignal, type Accessor, type JSX } from "solid-js";
import { Alert, FormError, createFormState } from "./form";

/**
 * The state of a settings card: the value is read (again whenever `key` changes), edited in
 * place, and saved whole; the saved answer replaces it, and "Saved." shows until the next edit.
 */
export function createSettings<T extends object, K>(opts: { key: () => K; load: (key: K) => Promise<T>; save: (value: T) => Promise<T>; onSaved?: () => void }) {
  const [value, { mutate }] = createResource(opts.key, opts.load);
  const form = createFormState();
  const [saved, setSaved] = createSignal(false);
  /** An edit not saved yet (the value itself unchanged, e.g. a field kept as typed text). */
  const edited = () => setSaved(false);
  const change = (patch: Partial<T>) => {
    edited();
    mutate((v) => ({ ...(v as T), ...patch }));
  };
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const next = await form.submit(() => opts.save(value()!));
    if (next) {
      mutate(() => next);
      opts.onSaved?.();
      setSaved(true);
    }
  };
  return { value, form, saved, edited, change, submit };
}

/** A settings card: title, what it governs, the outcome of the last save, the fields once loaded, one save button. */
export function SettingsForm<T extends object>(props: {
  settings: ReturnType<typeof createSettings<T, unknown>>;
  label: string;
  title: string;
  intro: JSX.Element;
  submitLabel: string;
  children: (value: Accessor<T>) => JSX.Element;
}) {
  const s = () => props.settings;
  return (
    <form class="card stack" onSubmit={(e) => s().submit(e)} aria-label={props.label}>
      <h2>{props.title}</h2>
      <p class="muted small">{props.intro}</p>
      <Show when={s().saved()}>
        <Alert kind="success">Saved.</Alert>
      </Show>
      <FormError form={s().form} />
      <Show when={s().value()}>{(v) => props.children(v)}</Show>
      <button class="btn btn-secondary" type="submit" disabled={s().form.busy() || !s().value()}>
        {s().form.busy() ? "Saving…" : props.submitLabel}
      </button>
    </form>
  );
}
