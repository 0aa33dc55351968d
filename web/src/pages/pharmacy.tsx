import { For, Show, createSignal } from "solid-js";
import { createAsync, revalidate, useAction } from "@solidjs/router";
import { dispense, medicationLabel, pharmacyQueue, statusLabels, type PharmacyItem } from "../api/prescriptions";
import { PageHeader, RoleGate } from "../components/layout";
import { Async, Empty } from "../components/async";
import { Alert, describeError } from "../components/form";
import { formatDate } from "../format";

const newKey = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`);

/** One row's dispense form: its own Idempotency-Key, renewed only after a dispense was recorded. */
function DispenseForm(props: { item: PharmacyItem; onDone: (text: string, ok: boolean) => void }) {
  const run = useAction(dispense);
  const [key, setKey] = createSignal(newKey());
  const [units, setUnits] = createSignal(String(props.item.fillRemainingUnits));
  const [busy, setBusy] = createSignal(false);
  const inputId = `units-${props.item.id}`;
  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (busy()) return;
    setBusy(true);
    try {
      const out = await run(props.item.id, key(), Number(units()));
      setKey(newKey());
      props.onDone(`Dispensed ${out.dispense.units} of ${medicationLabel(out.prescription.medication)} to ${out.prescription.patient.name}.`, true);
      await revalidate(pharmacyQueue.key);
    } catch (err) {
      props.onDone(describeError(err), false);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="dispense-form" onSubmit={onSubmit}>
      <label for={inputId} class="sr-only">
        Units to dispense for {props.item.patient.name}
      </label>
      <input id={inputId} type="number" min="1" max={props.item.fillRemainingUnits} value={units()} onInput={(e) => setUnits(e.currentTarget.value)} />
      <button type="submit" class="btn btn-primary btn-sm" disabled={busy()}>
        {busy() ? "Dispensing…" : "Dispense"}
      </button>
    </form>
  );
}

/** The pharmacy counter: prescriptions still to dispense, with the patient's name and birth date only. */
export function PharmacyPage() {
  const queue = createAsync(() => pharmacyQueue());
  const [message, setMessage] = createSignal<{ ok: boolean; text: string } | null>(null);
  return (
    <RoleGate roles={["pharmacist", "admin"]}>
      <section class="page">
        <PageHeader title="Pharmacy queue" subtitle="Prescriptions still to dispense, newest first. Check the name and date of birth of whoever collects." />
        <Show when={message()}>{(m) => <Alert kind={m().ok ? "success" : "error"}>{m().text}</Alert>}</Show>
        <Async source={queue}>
          <Show when={queue()?.items.length} fallback={<Empty>Nothing to dispense.</Empty>}>
            <div class="table-wrap card">
              <table class="table stack-sm" aria-label="Pharmacy queue">
                <thead>
                  <tr>
                    <th scope="col">Patient</th>
                    <th scope="col">Medication</th>
                    <th scope="col">Prescriber</th>
                    <th scope="col">Status</th>
                    <th scope="col" class="num">
                      This fill
                    </th>
                    <th scope="col">Valid until</th>
                    <th scope="col">Dispense</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={queue()!.items}>
                    {(item) => (
                      <tr>
                        <td data-label="Patient">
                          <div class="strong">{item.patient.name}</div>
                          <div class="small muted">born {item.patient.birthDate ? formatDate(item.patient.birthDate) : "not recorded"}</div>
                        </td>
                        <td data-label="Medication">
                          <div>{medicationLabel(item.medication)}</div>
                          <div class="small muted">
                            {item.dose.text}
                            {item.instructions ? ` · ${item.instructions}` : ""}
                          </div>
                        </td>
                        <td data-label="Prescriber">{item.prescriber}</td>
                        <td data-label="Status">
                          <span class={`badge badge-rx-${item.status}`}>{statusLabels[item.status]}</span>
                        </td>
                        <td class="num" data-label="This fill">
                          {item.fillRemainingUnits} of {item.quantity}
                          <div class="small muted">{item.remainingUnits} left in all</div>
                        </td>
                        <td data-label="Valid until">{formatDate(item.validUntil)}</td>
                        <td data-label="Dispense">
                          <DispenseForm item={item} onDone={(text, ok) => setMessage({ text, ok })} />
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          </Show>
        </Async>
      </section>
    </RoleGate>
  );
}
