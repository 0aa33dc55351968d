import { Notifications, type EmailPreferences } from "../api/notifications";
import { Field } from "./form";
import { SettingsForm, createSettings } from "./settings-form";

/**
 * A patient's email choices (docs/notifications.md): reminder emails on or off, and the language
 * of their mail. Confirmations and changes to a booking are always sent: they are not optional.
 */
export function EmailPreferencesPanel(props: { patientId: string; self?: boolean }) {
  const prefs = createSettings({
    key: () => props.patientId,
    load: (id) => Notifications.preferences(id),
    save: (p) => Notifications.setPreferences(props.patientId, { language: p.language, reminders: p.reminders }),
  });
  return (
    <SettingsForm
      settings={prefs}
      label="Reminders and language"
      title="Email"
      intro={
        <>
          {props.self ? "You" : "The patient"} always get an email when an appointment is booked, moved or cancelled. Reminders come the day before a visit (or as the clinic sets
          it).
        </>
      }
      submitLabel="Save email preferences"
    >
      {(p) => (
        <>
          <label class="check">
            <input type="checkbox" checked={p().reminders} onChange={(e) => prefs.change({ reminders: e.currentTarget.checked })} /> Send reminders before visits
          </label>
          <Field label="Language of messages" error={prefs.form.error("language")}>
            {(id, d) => (
              <select
                id={id}
                aria-describedby={d()}
                value={p().language ?? ""}
                onChange={(e) => prefs.change({ language: (e.currentTarget.value || null) as EmailPreferences["language"] })}
              >
                <option value="">The clinic's language</option>
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
