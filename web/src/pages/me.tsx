import { Show, createSignal } from "solid-js";
import { user } from "../session";
import { refreshSession } from "../api/client";
import { Patients } from "../api/patients";
import { PatientForm } from "../components/patient-form";
import { PageHeader, RoleGate } from "../components/layout";
import { PatientRecord } from "./patients";

/** A patient's own record. Until the clinic links one, the patient can fill it in. */
export function MyRecord() {
  const [createdId, setCreatedId] = createSignal<string | null>(null);
  const recordId = () => user()?.patientId ?? createdId();
  return (
    <RoleGate roles={["patient"]}>
      <Show
        when={recordId()}
        keyed
        fallback={
          <section class="page">
            <PageHeader title="My record" subtitle={`Signed in as ${user()?.email ?? ""}`} />
            <div class="card intro">
              <h2>Complete your record</h2>
              <p class="muted">
                Your account is not linked to a patient record yet. Fill in your details so the clinic can book your visits; staff will check them at your first appointment.
              </p>
            </div>
            <PatientForm
              initial={{ name: { given: user()?.name.split(" ")[0] ?? "", family: user()?.name.split(" ").slice(1).join(" ") ?? "" }, contact: { email: user()?.email } }}
              submitLabel="Save my record"
              onSave={async (input) => {
                const { patient } = await Patients.create(input);
                // The new link travels in the next token; refresh to pick it up.
                await refreshSession();
                if (!user()?.patientId) setCreatedId(patient.id);
              }}
            />
          </section>
        }
      >
        {(id) => <PatientRecord id={id} title="My record" canEdit />}
      </Show>
    </RoleGate>
  );
}
