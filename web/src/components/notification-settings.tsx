import { createSignal } from "solid-js";
import { Notifications, type NotificationSettings } from "../api/notifications";
import { Field } from "./form";
import { SettingsForm, createSettings } from "./settings-form";

/** Admin: how long before a visit reminders go out, and the language of mail to patients who chose none. */
export function NotificationSettingsPanel() {
  // The lead time as typed (hours); null shows the saved value.
  const [hours, setHours] = createSignal<string | null>(null);
  const settings = createSettings({
    key: () => true,
    load: () => Notifications.settings(),
    save: (s) => Notifications.setSettings({ reminderLeadMinutes: hours() === null ? s.reminderLeadMinutes : Math.round(Number(hours()) * 60), language: s.language }),
    onSaved: () => setHours(null),
  });
  return (
    <SettingsForm
      settings={settings}
      label="Reminder settings"
      title="Patient emails"
      intro="Reminders go out this long before each visit; a change applies to every reminder not yet sent."
      submitLabel="Save email settings"
    >
      {(s) => (
        <>
          <Field label="Reminder lead time (hours)" error={settings.form.error("reminderLeadMinutes")} hint="Between 0.5 and 336 (14 days).">
            {(id, d) => (
              <input
                id={id}
                aria-describedby={d()}
                type="number"
                min="0.5"
                max="336"
                step="0.5"
                value={hours() ?? String(s().reminderLeadMinutes / 60)}
                onInput={(e) => (settings.edited(), setHours(e.currentTarget.value))}
              />
            )}
          </Field>
          <Field label="Default language for patients" error={settings.form.error("language")}>
            {(id, d) => (
              <select
                id={id}
                aria-describedby={d()}
                value={s().language}
                onChange={(e) => settings.change({ language: e.currentTarget.value as NotificationSettings["language"] })}
              >
                <option value="en">English</option>
                <option value="de">Deutsch</option>
              </select>
            )}
          </Field>
        </>
      )}
    </SettingsForm>
  );
}
