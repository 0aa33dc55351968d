import { createSignal, Show, splitProps, untrack, type JSX } from "solid-js";
import { ApiError } from "../api/client";

let fieldSeq = 0;

/** A labelled control with its hint and its error (from the API's `errors[]`). */
export function Field(props: {
  label: string;
  error?: string;
  hint?: string;
  required?: boolean;
  class?: string;
  children: (id: string, describedBy: () => string | undefined) => JSX.Element;
}) {
  const id = `f${++fieldSeq}`;
  const describedBy = () => [props.hint ? `${id}-hint` : "", props.error ? `${id}-err` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div class={`field ${props.class ?? ""}`} classList={{ invalid: !!props.error }}>
      <div class="label-line">
        <label for={id}>{props.label}</label>
        <Show when={props.required}>
          <span class="req" title="Required" aria-hidden="true">
            *
          </span>
        </Show>
      </div>
      {untrack(() => props.children(id, describedBy))}
      <Show when={props.hint}>
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      </Show>
      <Show when={props.error}>
        <p class="field-error" id={`${id}-err`}>
          {props.error}
        </p>
      </Show>
    </div>
  );
}

/** A Field holding one text input: its value, and the error both under it and on the input (`aria-invalid`). */
export function TextField(
  props: { label: string; error?: string; hint?: string; value: string; onValue: (value: string) => void } & Pick<
    JSX.InputHTMLAttributes<HTMLInputElement>,
    "type" | "autocomplete" | "inputmode" | "required"
  >,
) {
  const [own, input] = splitProps(props, ["label", "error", "hint", "value", "onValue"]);
  return (
    <Field label={own.label} error={own.error} hint={own.hint}>
      {(id, d) => <input id={id} aria-describedby={d()} aria-invalid={!!own.error} {...input} value={own.value} onInput={(e) => own.onValue(e.currentTarget.value)} />}
    </Field>
  );
}

export function Alert(props: { kind?: "error" | "success" | "info" | "warning"; children: JSX.Element; action?: JSX.Element }) {
  return (
    <div class={`alert alert-${props.kind ?? "error"}`} role={(props.kind ?? "error") === "error" || props.kind === "warning" ? "alert" : "status"}>
      <div>{props.children}</div>
      <Show when={props.action}>{props.action}</Show>
    </div>
  );
}

/** The form-level message of a failed submit (nothing while there is none); `children` add to it. */
export function FormError(props: { form: FormState; children?: JSX.Element }) {
  return (
    <Show when={props.form.message()}>
      <Alert>
        {props.form.message()}
        {props.children}
      </Alert>
    </Show>
  );
}

export type FormState = ReturnType<typeof createFormState>;

/**
 * Form state: field errors by dotted path, one form-level message, a busy flag.
 * `submit` runs an action and turns an ApiError into field errors + message.
 */
export function createFormState() {
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [message, setMessage] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [lastError, setLastError] = createSignal<ApiError | null>(null);

  async function submit<T>(action: () => Promise<T>, describe?: (err: ApiError) => string | undefined): Promise<T | undefined> {
    setBusy(true);
    setErrors({});
    setMessage(null);
    setLastError(null);
    try {
      return await action();
    } catch (err) {
      if (err instanceof ApiError) {
        setLastError(err);
        setErrors(err.fields);
        const unplaced = (err.problem.errors ?? []).filter((e) => e.field === "(body)").map((e) => e.message);
        const placed = (err.problem.errors ?? []).some((e) => e.field !== "(body)");
        const summary = err.status === 400 && placed && !unplaced.length ? "Please correct the highlighted fields." : [err.message, ...unplaced].join(" ");
        setMessage(describe?.(err) ?? summary);
      } else {
        setMessage((err as Error).message || "Something went wrong.");
      }
      return undefined;
    } finally {
      setBusy(false);
    }
  }

  const reset = () => {
    setErrors({});
    setMessage(null);
    setLastError(null);
  };

  return { errors, message, busy, submit, lastError, setMessage, setErrors, reset, error: (field: string) => errors()[field] };
}

/** Friendly wording for API failures shown outside forms. */
export function describeError(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 403) return "Your role may not see this.";
    if (err.status === 404 && err.code === "not_found" && err.message.startsWith("No route")) return "This part of the API is not available on this server yet.";
    return err.message;
  }
  return (err as Error)?.message ?? "Something went wrong.";
}
