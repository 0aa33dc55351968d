import { For, Show } from "solid-js";
import { createAsync } from "@solidjs/router";
import { prescriptionAnalytics } from "../api/analytics";
import { Async } from "./async";
import { formatDate } from "../format";

const columns = [
  { key: "prescribed", label: "Prescribed" },
  { key: "dispenses", label: "Dispenses" },
  { key: "dispensedUnits", label: "Units dispensed" },
  { key: "cancelled", label: "Cancelled" },
] as const;

/** The dashboard's prescription figures (from the `prescription.*` events): totals, per prescriber, per day. */
export function PrescriptionStats(props: { doctorName: (id: string) => string | undefined; perDoctor: boolean }) {
  const stats = createAsync(() => prescriptionAnalytics());
  return (
    <div class="card" data-testid="prescription-stats">
      <h2>Prescriptions</h2>
      <Async source={stats}>
        <Show when={stats()}>
          {(s) => (
            <>
              <ul class="stats" aria-label="Prescription totals">
                <For each={columns}>
                  {(c) => (
                    <li class="stat card">
                      <span class="stat-label">{c.label}</span>
                      <span class="stat-value" data-testid={`rx-${c.key}`}>
                        {s().totals[c.key]}
                      </span>
                    </li>
                  )}
                </For>
              </ul>
              <Show when={s().daily.length} fallback={<p class="muted">No prescriptions yet.</p>}>
                <div class="table-wrap">
                  <table class="table stack-sm" aria-label="Prescriptions per day">
                    <thead>
                      <tr>
                        <th scope="col">Day (UTC)</th>
                        <For each={columns}>
                          {(c) => (
                            <th scope="col" class="num">
                              {c.label}
                            </th>
                          )}
                        </For>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={s().daily}>
                        {(d) => (
                          <tr>
                            <th scope="row" data-label="Day">
                              {formatDate(d.day)}
                            </th>
                            <For each={columns}>
                              {(c) => (
                                <td class="num" data-label={c.label}>
                                  {d[c.key]}
                                </td>
                              )}
                            </For>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </div>
              </Show>
              <Show when={props.perDoctor && s().doctors.length}>
                <div class="table-wrap">
                  <table class="table stack-sm" aria-label="Prescriptions per prescriber">
                    <thead>
                      <tr>
                        <th scope="col">Prescriber</th>
                        <For each={columns}>
                          {(c) => (
                            <th scope="col" class="num">
                              {c.label}
                            </th>
                          )}
                        </For>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={s().doctors}>
                        {(d) => (
                          <tr>
                            <th scope="row" data-label="Prescriber">
                              {props.doctorName(d.doctorId) ?? <span class="mono small">{d.doctorId}</span>}
                            </th>
                            <For each={columns}>
                              {(c) => (
                                <td class="num" data-label={c.label}>
                                  {d[c.key]}
                                </td>
                              )}
                            </For>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </div>
              </Show>
            </>
          )}
        </Show>
      </Async>
    </div>
  );
}
