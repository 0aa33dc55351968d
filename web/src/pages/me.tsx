import { Show } from "solid-js";
import { user } from "../session";
import { PageHeader, RoleGate } from "../components/layout";
import { PatientRecord } from "./patients";
import { EmailPreferencesPanel } from "../components/email-preferences";

/**
 * A patient's own record. Registration creates and links it; the patient may update their
 * contact details, address and insurance (the API refuses other fields for this role).
 */
export function MyRecord() {
  return (
    <RoleGate roles={["patient"]}>
      <Show
        when={user()?.patientId}
        keyed
        fallback={
          <section class="page">
            <PageHeader title="My record" subtitle={`Signed in as ${user()?.email ?? ""}`} />
            <div class="card intro">
              <h2>Your record is not linked yet</h2>
              <p class="muted">
                This account is not connected to a patient record. Please contact the clinic's front desk; once they link your record you will see it here and can book
                appointments.
              </p>
            </div>
          </section>
        }
      >
        {(id) => (
          <>
            <PatientRecord id={id} title="My record" mode="self" canEdit />
            <section class="page">
              <EmailPreferencesPanel patientId={id} self />
            </section>
          </>
        )}
      </Show>
    </RoleGate>
  );
}
