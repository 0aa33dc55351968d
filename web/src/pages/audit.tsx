import { For, Show, createSignal } from "solid-js";
import { createAsync } from "@solidjs/router";
import { listAudit, type AuditEntry, type AuditOutcome } from "../api/audit";
import { PageHeader, RoleGate } from "../components/layout";
import { createPager } from "../components/pager";
import { formatClock, formatDate, formatTimestamp } from "../format";
import { PagedTable } from "../components/paged-table";
import { useListParams } from "../components/list-toolbar";
import { param } from "../search-params";

const outcomes: AuditOutcome[] = ["success", "denied", "failed"];

/** `{"fields":["contact"],"hard":false}` → `fields: contact · hard: false` */
function summarize(detail: AuditEntry["detail"]) {
  if (!detail) return "";
  return Object.entries(detail)
    .map(
      ([k, v]) =>
        `${k}: ${Array.isArray(v) ? (v.length > 3 ? `${v.slice(0, 3).join(", ")} +${v.length - 3}` : v.join(", ")) : typeof v === "object" && v !== null ? JSON.stringify(v) : String(v)}`,
    )
    .join(" · ");
}

export function AuditPage() {
  const pager = createPager();
  const [params, setFilters] = useListParams(pager);
  const [patientId, setPatientId] = createSignal(param(params.patientId));
  const [actorId, setActorId] = createSignal(param(params.actorId));
  const [action, setAction] = createSignal(param(params.action));
  const page = createAsync(() =>
    listAudit({
      patientId: param(params.patientId) || undefined,
      actorId: param(params.actorId) || undefined,
      action: param(params.action) || undefined,
      outcome: (param(params.outcome) || undefined) as AuditOutcome | undefined,
      cursor: pager.cursor(),
    }),
  );
  const filtered = () => !!(params.patientId || params.actorId || params.action || params.outcome);
  const apply = (e: SubmitEvent) => {
    e.preventDefault();
    setFilters({ patientId: patientId().trim() || undefined, actorId: actorId().trim() || undefined, action: action().trim() || undefined });
  };
  const filterBy = (key: "patientId" | "actorId" | "action", value: string) => {
    ({ patientId: setPatientId, actorId: setActorId, action: setAction })[key](value);
    setFilters({ [key]: value });
  };
  return (
    <RoleGate roles={["admin"]}>
      <section class="page page-wide">
        <PageHeader title="Audit log" subtitle="Every read and change of patient data, and every refused attempt. Newest first." />
        <form class="filters card" onSubmit={apply} aria-label="Filters">
          <div class="field">
            <label for="a-patient">Patient id</label>
            <input id="a-patient" class="mono" value={patientId()} placeholder="pat_…" onInput={(e) => setPatientId(e.currentTarget.value)} />
          </div>
          <div class="field">
            <label for="a-actor">Actor id</label>
            <input id="a-actor" class="mono" value={actorId()} placeholder="usr_…" onInput={(e) => setActorId(e.currentTarget.value)} />
          </div>
          <div class="field">
            <label for="a-action">Action</label>
            <input id="a-action" class="mono" value={action()} placeholder="patient.read" list="audit-actions" onInput={(e) => setAction(e.currentTarget.value)} />
            <datalist id="audit-actions">
              <For
                each={["patient.read", "patient.list", "patient.create", "patient.update", "patient.delete", "appointment.book", "appointment.reschedule", "appointment.cancel"]}
              >
                {(a) => <option value={a} />}
              </For>
            </datalist>
          </div>
          <div class="field">
            <label for="a-outcome">Outcome</label>
            <select id="a-outcome" value={param(params.outcome)} onChange={(e) => setFilters({ outcome: e.currentTarget.value || undefined })}>
              <option value="">Any outcome</option>
              <For each={outcomes}>{(o) => <option value={o}>{o[0].toUpperCase() + o.slice(1)}</option>}</For>
            </select>
          </div>
          <div class="filter-actions">
            <button class="btn btn-primary" type="submit">
              Apply
            </button>
            <Show when={filtered()}>
              <button
                class="btn btn-ghost"
                type="button"
                onClick={() => {
                  setPatientId("");
                  setActorId("");
                  setAction("");
                  setFilters({ patientId: undefined, actorId: undefined, action: undefined, outcome: undefined });
                }}
              >
                Clear
              </button>
            </Show>
          </div>
        </form>
        <PagedTable
          page={page}
          pager={pager}
          empty="No audit entries match these filters."
          tableClass="table audit stack-sm"
          head={
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Actor</th>
              <th scope="col">Action</th>
              <th scope="col">Subject</th>
              <th scope="col">Outcome</th>
            </tr>
          }
          rows={(items) => (
            <>
              <For each={items}>
                {(e) => (
                  <tr classList={{ "row-denied": e.outcome !== "success" }}>
                    <td data-label="Time" class="nowrap small num">
                      <time datetime={e.at} title={formatTimestamp(e.at)}>
                        <div>{formatDate(e.at)}</div>
                        <div class="muted">{formatClock(e.at)}</div>
                      </time>
                    </td>
                    <td data-label="Actor" class="actor">
                      <button type="button" class="linkish mono small id" title="Show only this actor" onClick={() => filterBy("actorId", e.actorId)}>
                        {e.actorId}
                      </button>
                      <Show when={e.actorRole}>
                        <div class="small muted">{e.actorRole}</div>
                      </Show>
                    </td>
                    <td data-label="Action">
                      <button type="button" class="linkish mono small" title="Show only this action" onClick={() => filterBy("action", e.action)}>
                        {e.action}
                      </button>
                      <Show when={summarize(e.detail)}>
                        <div class="small muted detail" title={JSON.stringify(e.detail)}>
                          {summarize(e.detail)}
                        </div>
                      </Show>
                    </td>
                    <td data-label="Subject" class="small subject">
                      <div>{e.resourceType}</div>
                      <Show when={e.resourceId && e.resourceId !== e.patientId}>
                        <div class="mono muted id">{e.resourceId}</div>
                      </Show>
                      <Show when={e.patientId}>
                        <button type="button" class="linkish mono small id" title="Show only this patient" onClick={() => filterBy("patientId", e.patientId!)}>
                          {e.patientId}
                        </button>
                      </Show>
                    </td>
                    <td data-label="Outcome">
                      <span class={`badge badge-${e.outcome}`}>{e.outcome}</span>
                    </td>
                  </tr>
                )}
              </For>
            </>
          )}
        />
      </section>
    </RoleGate>
  );
}
