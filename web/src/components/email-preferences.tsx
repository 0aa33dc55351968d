import { Show, createResource, createSignal } from "solid-js";
import { Notifications, type EmailPreferences } from "../api/notifications";
import { Alert, Field, createFormState } from "./form";

/**
 * A patient's email choices (docs/notifications.md): reminder emails on or off, and the language
 * of their mail. Confirmations and changes to a booking are always sent: they are not optional.
 */
export function EmailPreferencesPanel(props: { patientId: string; self?: boolean }) {
  const [prefs, { mutate }] = createResource(
    () => props.patientId,
    (id) => Notifications.preferences(id),
  );
  const form = createFormState();
  const [saved, setSaved] = createSignal(false);
  const change = (patch: Partial<EmailPreferences>) => {
    setSaved(false);
    mutate((p) => ({ ...(p as EmailPreferences), ...patch }));
  };
  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    const p = prefs()!;
    const next = await form.submit(() => Notifications.setPreferences(props.patientId, { language: p.language, reminders: p.reminders }));
    if (next) {
      mutate(next);
      setSaved(true);
    }
  };
  return (
    <form class="card stack" onSubmit={onSubmit} aria-label="Reminders and language">
      <h2>Email</h2>
      <p class="muted small">
        {props.self ? "You" : "The patient"} always get an email when an appointment is booked, moved or cancelled. Reminders come the day before a visit (or as the clinic sets
        it).
      </p>
      <Show when={saved()}>
        <Alert kind="success">Saved.</Alert>
      </Show>
      <Show when={form.message()}>
        <Alert>{form.message()}</Alert>
      </Show>
      <Show when={prefs()}>
        {(p) => (
          <>
            <label class="check">
              <input type="checkbox" checked={p().reminders} onChange={(e) => change({ reminders: e.currentTarget.checked })} /> Send reminders before visits
            </label>
            <Field label="Language of messages" error={form.error("language")}>
              {(id, d) => (
                <select
                  id={id}
                  aria-describedby={d()}
                  value={p().language ?? ""}
                  onChange={(e) => change({ language: (e.currentTarget.value || null) as EmailPreferences["language"] })}
                >
                  <option value="">The clinic's language</option>
                  <option value="en">English</option>
                  <option value="de">Deutsch</option>
                </select>
              )}
            </Field>
          </>
        )}
      </Show>
      <button class="btn btn-secondary" type="submit" disabled={form.busy() || !prefs()}>
        {form.busy() ? "Saving…" : "Save email preferences"}
      </button>
    </form>
  );
}
