import { For, Show, createSignal } from "solid-js";
import { createAsync, revalidate, useAction } from "@solidjs/router";
import {
  Prescriptions,
  approveRepeat,
  cancelPrescription,
  declineRepeat,
  listPrescriptions,
  listRepeatRequests,
  medicationLabel,
  requestRepeat,
  statusLabels,
  type Prescription,
} from "../api/prescriptions";
import { PageHeader, RoleGate } from "../components/layout";
import { Async, Empty } from "../components/async";
import { Alert, describeError } from "../components/form";
import { hasRole } from "../session";
import { formatDate } from "../format";

const open = (p: Prescription) => p.status === "active" || p.status === "partly_dispensed" || p.status === "dispensed";

/**
 * A patient's prescriptions (with "Request repeat" and the printable PDF), a doctor's (with the
 * repeat requests to answer and Cancel), everyone's for staff and admin.
 */
export function PrescriptionsPage() {
  const list = createAsync(() => listPrescriptions({}));
  const pending = createAsync(() => (hasRole("doctor", "patient") ? listRepeatRequests("pending") : Promise.resolve({ items: [] })));
  const ask = useAction(requestRepeat);
  const cancel = useAction(cancelPrescription);
  const approve = useAction(approveRepeat);
  const decline = useAction(declineRepeat);
  const [message, setMessage] = createSignal<{ kind: "success" | "error"; text: string } | null>(null);
  const [busy, setBusy] = createSignal<string | null>(null);
  const isPatient = () => hasRole("patient");
  const isDoctor = () => hasRole("doctor");
  const pendingFor = (rxId: string) => pending()?.items.some((r) => r.prescriptionId === rxId);
  const byId = (rxId: string) => list()?.items.find((p) => p.id === rxId);

  async function run(key: string, what: () => Promise<unknown>, done: string) {
    setBusy(key);
    try {
      await what();
      setMessage({ kind: "success", text: done });
      await revalidate([listPrescriptions.key, listRepeatRequests.key]);
    } catch (err) {
      setMessage({ kind: "error", text: describeError(err) });
    } finally {
      setBusy(null);
    }
  }
  const openPdf = async (rxId: string) => {
    try {
      window.open((await Prescriptions.pdfLink(rxId)).url, "_blank", "noopener");
    } catch (err) {
      setMessage({ kind: "error", text: describeError(err) });
    }
  };

  return (
    <RoleGate roles={["admin", "staff", "doctor", "patient"]}>
      <section class="page">
        <PageHeader
          title={isPatient() ? "My prescriptions" : "Prescriptions"}
          subtitle={
            isPatient()
              ? "What your doctors prescribed, newest first. Ask for a repeat when you run low."
              : "Newest first. A prescription is never edited: a change is a cancellation and a new one."
          }
        />
        <Show when={message()}>{(m) => <Alert kind={m().kind}>{m().text}</Alert>}</Show>
        <Show when={isDoctor() && pending()?.items.length}>
          <div class="card">
            <h2>Repeat requests</h2>
            <ul class="plain-list" aria-label="Repeat requests">
              <For each={pending()!.items}>
                {(r) => (
                  <li class="repeat-item">
                    <span>
                      <strong>{byId(r.prescriptionId)?.patientName ?? r.patientId}</strong> asks for a repeat of{" "}
                      {byId(r.prescriptionId) ? medicationLabel(byId(r.prescriptionId)!.medication) : r.prescriptionId}
                      <Show when={r.note}>: “{r.note}”</Show>
                    </span>{" "}
                    <button
                      type="button"
                      class="btn btn-primary btn-sm"
                      disabled={!!busy()}
                      onClick={() => run(r.id, () => approve(r.id), "Repeat approved: a new prescription was written.")}
                    >
                      Approve
                    </button>
                    <button
                      type="button"
                      class="btn btn-ghost btn-sm"
                      disabled={!!busy()}
                      onClick={() => run(r.id, () => decline(r.id, "Please book a review visit first."), "Repeat declined; the patient was told to book a review.")}
                    >
                      Decline
                    </button>
                  </li>
                )}
              </For>
            </ul>
          </div>
        </Show>
        <Async source={list}>
          <Show when={list()?.items.length} fallback={<Empty>No prescriptions yet.</Empty>}>
            <div class="table-wrap card">
              <table class="table stack-sm" aria-label="Prescriptions">
                <thead>
                  <tr>
                    <th scope="col">Medication</th>
                    <Show when={!isPatient()}>
                      <th scope="col">Patient</th>
                    </Show>
                    <th scope="col">Prescriber</th>
                    <th scope="col">Status</th>
                    <th scope="col" class="num">
                      Left
                    </th>
                    <th scope="col">Valid until</th>
                    <th scope="col">
                      <span class="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  <For each={list()!.items}>
                    {(p) => (
                      <tr classList={{ "row-muted": !open(p) }}>
                        <td data-label="Medication">
                          <div class="strong">{medicationLabel(p.medication)}</div>
                          <div class="small muted">
                            {p.dose.text}
                            {p.instructions ? ` · ${p.instructions}` : ""}
                          </div>
                        </td>
                        <Show when={!isPatient()}>
                          <td data-label="Patient">{p.patientName}</td>
                        </Show>
                        <td data-label="Prescriber">{p.doctorName}</td>
                        <td data-label="Status">
                          <span class={`badge badge-rx-${p.status}`}>{statusLabels[p.status]}</span>
                        </td>
                        <td class="num" data-label="Left">
                          {p.remainingUnits} / {p.quantity * (1 + p.repeats)}
                        </td>
                        <td data-label="Valid until">{formatDate(p.validUntil)}</td>
                        <td class="row-actions">
                          <button type="button" class="btn btn-ghost btn-sm" onClick={() => openPdf(p.id)} aria-label={`PDF of ${medicationLabel(p.medication)}`}>
                            PDF
                          </button>
                          <Show when={isPatient() && p.status !== "cancelled"}>
                            <button
                              type="button"
                              class="btn btn-secondary btn-sm"
                              disabled={!!busy() || pendingFor(p.id)}
                              onClick={() => run(p.id, () => ask(p.id), "Repeat requested: your doctor will answer here.")}
                            >
                              {pendingFor(p.id) ? "Repeat requested" : "Request repeat"}
                            </button>
                          </Show>
                          <Show when={isDoctor() && open(p)}>
                            <button
                              type="button"
                              class="btn btn-danger-outline btn-sm"
                              disabled={!!busy()}
                              onClick={() => run(p.id, () => cancel(p.id, "Cancelled by the prescriber"), "Prescription cancelled.")}
                            >
                              Cancel
                            </button>
                          </Show>
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
