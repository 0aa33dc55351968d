import { Show, createResource, createSignal } from "solid-js";
import { Notifications, type NotificationSettings } from "../api/notifications";
import { Alert, Field, createFormState } from "./form";

/** Admin: how long before a visit reminders go out, and the language of mail to patients who chose none. */
export function NotificationSettingsPanel() {
  const [settings, { mutate }] = createResource(() => Notifications.settings());
  const form = createFormState();
  const [saved, setSaved] = createSignal(false);
  const [hours, setHours] = createSignal<string | null>(null);
  const change = (patch: Partial<NotificationSettings>) => {
    setSaved(false);
    mutate((s) => ({ ...(s as NotificationSettings), ...patch }));
  };
  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    const s = settings()!;
    const lead = hours() === null ? s.reminderLeadMinutes : Math.round(Number(hours()) * 60);
    const next = await form.submit(() => Notifications.setSettings({ reminderLeadMinutes: lead, language: s.language }));
    if (next) {
      mutate(next);
      setHours(null);
      setSaved(true);
    }
  };
  return (
    <form class="card stack" onSubmit={onSubmit} aria-label="Reminder settings">
      <h2>Patient emails</h2>
      <p class="muted small">Reminders go out this long before each visit; a change applies to every reminder not yet sent.</p>
      <Show when={saved()}>
        <Alert kind="success">Saved.</Alert>
      </Show>
      <Show when={form.message()}>
        <Alert>{form.message()}</Alert>
      </Show>
      <Show when={settings()}>
        {(s) => (
          <>
            <Field label="Reminder lead time (hours)" error={form.error("reminderLeadMinutes")} hint="Between 0.5 and 336 (14 days).">
              {(id, d) => (
                <input
                  id={id}
                  aria-describedby={d()}
                  type="number"
                  min="0.5"
                  max="336"
                  step="0.5"
                  value={hours() ?? String(s().reminderLeadMinutes / 60)}
                  onInput={(e) => (setSaved(false), setHours(e.currentTarget.value))}
                />
              )}
            </Field>
            <Field label="Default language for patients" error={form.error("language")}>
              {(id, d) => (
                <select id={id} aria-describedby={d()} value={s().language} onChange={(e) => change({ language: e.currentTarget.value as NotificationSettings["language"] })}>
                  <option value="en">English</option>
                  <option value="de">Deutsch</option>
                </select>
              )}
            </Field>
          </>
        )}
      </Show>
      <button class="btn btn-secondary" type="submit" disabled={form.busy() || !settings()}>
        {form.busy() ? "Saving…" : "Save email settings"}
      </button>
    </form>
  );
}
