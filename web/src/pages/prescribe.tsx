import { For, Show, createSignal } from "solid-js";
import { createAsync, useAction, useNavigate, useSearchParams } from "@solidjs/router";
import { doseUnits, frequencyLabels, listMedications, medicationLabel, prescribe, type DoseUnit, type Frequency } from "../api/prescriptions";
import { PageHeader, RoleGate } from "../components/layout";
import { Alert, createFormState } from "../components/form";
import { addDays, today } from "../format";
import { param } from "../search-params";

/**
 * Prescribe from a visit (the Prescribe button of a started or completed appointment). The API
 * checks the visit is the doctor's own and seen; the form only gathers the structured dose.
 */
export function PrescribePage() {
  const [params] = useSearchParams();
  const appointmentId = () => param(params.appointmentId);
  const medications = createAsync(() => listMedications());
  const save = useAction(prescribe);
  const navigate = useNavigate();
  const form = createFormState();
  const [medicationId, setMedicationId] = createSignal("");
  const [amount, setAmount] = createSignal("1");
  const [unit, setUnit] = createSignal<DoseUnit>("tablet");
  const [frequency, setFrequency] = createSignal<Frequency>("twice_daily");
  const [instructions, setInstructions] = createSignal("");
  const [quantity, setQuantity] = createSignal("20");
  const [repeats, setRepeats] = createSignal("0");
  const [validUntil, setValidUntil] = createSignal(addDays(today(), 30));

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    const out = await form.submit(() =>
      save({
        appointmentId: appointmentId(),
        medicationId: medicationId(),
        dose: { amount: Number(amount().replace(",", ".")), unit: unit(), frequency: frequency() },
        instructions: instructions().trim() || undefined,
        quantity: Number(quantity()),
        repeats: Number(repeats()),
        validUntil: validUntil(),
      }),
    );
    if (out) navigate(`/prescriptions?created=${out.id}`);
  };
  const error = (field: string) => form.errors()[field];

  return (
    <RoleGate roles={["doctor"]}>
      <section class="page">
        <PageHeader
          title="New prescription"
          subtitle="For the patient of this visit. A prescription is never edited: to change one, cancel it and write a new one."
          back={{ href: "/appointments", label: "Appointments" }}
        />
        <Show when={!appointmentId()}>
          <Alert kind="info">Open a visit from the appointments list and choose Prescribe.</Alert>
        </Show>
        <form class="card" onSubmit={onSubmit} aria-label="Prescription" novalidate>
          <div class="field">
            <label for="rx-medication">Medication</label>
            <select
              id="rx-medication"
              value={medicationId()}
              onChange={(e) => setMedicationId(e.currentTarget.value)}
              aria-invalid={!!error("medicationId")}
              aria-describedby="rx-medication-error"
            >
              <option value="">Choose from the catalogue…</option>
              <For each={medications()?.items ?? []}>{(m) => <option value={m.id}>{medicationLabel(m)}</option>}</For>
            </select>
            <Show when={error("medicationId")}>
              <p class="field-error" id="rx-medication-error">
                {error("medicationId")}
              </p>
            </Show>
          </div>
          <div class="grid-3">
            <div class="field">
              <label for="rx-amount">Dose</label>
              <input id="rx-amount" inputmode="decimal" value={amount()} onInput={(e) => setAmount(e.currentTarget.value)} aria-invalid={!!error("dose.amount")} />
            </div>
            <div class="field">
              <label for="rx-unit">Unit</label>
              <select id="rx-unit" value={unit()} onChange={(e) => setUnit(e.currentTarget.value as DoseUnit)}>
                <For each={doseUnits}>{(u) => <option value={u}>{u}</option>}</For>
              </select>
            </div>
            <div class="field">
              <label for="rx-frequency">How often</label>
              <select id="rx-frequency" value={frequency()} onChange={(e) => setFrequency(e.currentTarget.value as Frequency)}>
                <For each={Object.entries(frequencyLabels)}>{([v, l]) => <option value={v}>{l}</option>}</For>
              </select>
            </div>
          </div>
          <div class="field">
            <label for="rx-instructions">Instructions (optional)</label>
            <textarea id="rx-instructions" maxlength="500" rows="2" value={instructions()} onInput={(e) => setInstructions(e.currentTarget.value)} />
          </div>
          <div class="grid-3">
            <div class="field">
              <label for="rx-quantity">Quantity per fill</label>
              <input id="rx-quantity" type="number" min="1" value={quantity()} onInput={(e) => setQuantity(e.currentTarget.value)} aria-invalid={!!error("quantity")} />
            </div>
            <div class="field">
              <label for="rx-repeats">Repeats</label>
              <input id="rx-repeats" type="number" min="0" max="12" value={repeats()} onInput={(e) => setRepeats(e.currentTarget.value)} />
            </div>
            <div class="field">
              <label for="rx-valid">Valid until</label>
              <input id="rx-valid" type="date" value={validUntil()} onInput={(e) => setValidUntil(e.currentTarget.value)} aria-invalid={!!error("validUntil")} />
            </div>
          </div>
          <Show when={form.message()}>
            <Alert>{form.message()}</Alert>
          </Show>
          <div class="form-actions">
            <button type="submit" class="btn btn-primary" disabled={form.busy() || !appointmentId()}>
              {form.busy() ? "Prescribing…" : "Prescribe"}
            </button>
          </div>
        </form>
      </section>
    </RoleGate>
  );
}
