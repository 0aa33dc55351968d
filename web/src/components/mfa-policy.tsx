import { For, Show, createResource, createSignal } from "solid-js";
import { Auth, roleLabels, type MfaPolicy } from "../api/auth";
import type { Role } from "../api/client";
import { Alert, createFormState } from "./form";

const ROLES: Role[] = ["admin", "staff", "doctor", "patient"];

/**
 * Admin: which roles must use two-step sign-in. Accounts of a required role without it are sent
 * to enrolment at their next sign-in or within 15 minutes (docs/auth.md).
 */
export function MfaPolicyPanel() {
  const [policy, { mutate }] = createResource(() => Auth.mfaPolicy());
  const form = createFormState();
  const [saved, setSaved] = createSignal(false);
  const toggle = (role: Role, on: boolean) => {
    setSaved(false);
    mutate((p) => ({ ...(p as MfaPolicy), [role]: on }));
  };
  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    const next = await form.submit(() => Auth.setMfaPolicy(policy()!));
    if (next) {
      mutate(next);
      setSaved(true);
    }
  };
  return (
    <form class="card stack" onSubmit={onSubmit} aria-label="Two-step sign-in policy">
      <h2>Two-step sign-in</h2>
      <p class="muted small">Roles that must use an authenticator app. Their accounts without one are asked to set it up before anything else.</p>
      <Show when={saved()}>
        <Alert kind="success">Saved.</Alert>
      </Show>
      <Show when={form.message()}>
        <Alert>{form.message()}</Alert>
      </Show>
      <Show when={policy()}>
        {(p) => (
          <fieldset class="checks">
            <legend class="sr-only">Required for</legend>
            <For each={ROLES}>
              {(role) => (
                <label class="check">
                  <input type="checkbox" checked={p()[role]} onChange={(e) => toggle(role, e.currentTarget.checked)} /> Required for {roleLabels[role].toLowerCase()} accounts
                </label>
              )}
            </For>
          </fieldset>
        )}
      </Show>
      <button class="btn btn-secondary" type="submit" disabled={form.busy() || !policy()}>
        {form.busy() ? "Saving…" : "Save policy"}
      </button>
    </form>
  );
}
