import { For } from "solid-js";
import { Auth, roleLabels } from "../api/auth";
import type { Role } from "../api/client";
import { SettingsForm, createSettings } from "./settings-form";

const ROLES: Role[] = ["admin", "staff", "doctor", "pharmacist", "patient"];

/**
 * Admin: which roles must use two-step sign-in. Accounts of a required role without it are sent
 * to enrolment at their next sign-in or within 15 minutes (docs/auth.md).
 */
export function MfaPolicyPanel() {
  const policy = createSettings({ key: () => true, load: () => Auth.mfaPolicy(), save: (p) => Auth.setMfaPolicy(p) });
  return (
    <SettingsForm
      settings={policy}
      label="Two-step sign-in policy"
      title="Two-step sign-in"
      intro="Roles that must use an authenticator app. Their accounts without one are asked to set it up before anything else."
      submitLabel="Save policy"
    >
      {(p) => (
        <fieldset class="checks">
          <legend class="sr-only">Required for</legend>
          <For each={ROLES}>
            {(role) => (
              <label class="check">
                <input type="checkbox" checked={p()[role]} onChange={(e) => policy.change({ [role]: e.currentTarget.checked })} /> Required for {roleLabels[role].toLowerCase()}{" "}
                accounts
              </label>
            )}
          </For>
        </fieldset>
      )}
    </SettingsForm>
  );
}
