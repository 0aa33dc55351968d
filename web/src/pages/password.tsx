import { Show, createSignal } from "solid-js";
import { Auth } from "../api/auth";
import { user } from "../session";
import { Alert, Field, FormError, createFormState } from "../components/form";
import { PageHeader } from "../components/layout";

/**
 * Change one's own password (every role). The API ends every other session — other browsers
 * and devices are signed out within seconds — and this one continues with new tokens.
 */
export function ChangePassword() {
  const form = createFormState();
  const [current, setCurrent] = createSignal("");
  const [next, setNext] = createSignal("");
  const [repeat, setRepeat] = createSignal("");
  const [done, setDone] = createSignal(false);
  const [mismatch, setMismatch] = createSignal(false);

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    setDone(false);
    setMismatch(next() !== repeat());
    if (mismatch()) return;
    const ok = await form.submit(() => Auth.changePassword({ currentPassword: current(), newPassword: next() }));
    if (ok) {
      setDone(true);
      setCurrent("");
      setNext("");
      setRepeat("");
    }
  };

  return (
    <section class="page">
      <PageHeader title="Change password" subtitle={`Signed in as ${user()?.email ?? ""}`} />
      <form class="card stack narrow" onSubmit={onSubmit} novalidate aria-label="Change password">
        <Show when={done()}>
          <Alert kind="success">Your password was changed. You were signed out on every other device.</Alert>
        </Show>
        <FormError form={form} />
        <Field label="Current password" error={form.error("currentPassword")}>
          {(id, ds) => (
            <input id={id} aria-describedby={ds()} type="password" autocomplete="current-password" value={current()} onInput={(e) => setCurrent(e.currentTarget.value)} />
          )}
        </Field>
        <Field label="New password" error={form.error("newPassword")} hint="At least 10 characters.">
          {(id, ds) => <input id={id} aria-describedby={ds()} type="password" autocomplete="new-password" value={next()} onInput={(e) => setNext(e.currentTarget.value)} />}
        </Field>
        <Field label="Repeat the new password" error={mismatch() ? "Does not match the new password" : undefined}>
          {(id, ds) => <input id={id} aria-describedby={ds()} type="password" autocomplete="new-password" value={repeat()} onInput={(e) => setRepeat(e.currentTarget.value)} />}
        </Field>
        <button class="btn btn-primary" type="submit" disabled={form.busy()}>
          {form.busy() ? "Changing…" : "Change password"}
        </button>
      </form>
    </section>
  );
}
