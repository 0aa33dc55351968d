import { For, Show, Switch, Match, createResource, createSignal } from "solid-js";
import { A, useSearchParams } from "@solidjs/router";
import { AuditLog } from "../api/audit";
import { Alert, describeError } from "../components/form";
import { PageHeader, RoleGate } from "../components/layout";
import { createPager, Pager } from "../components/pager";
import { formatDateTime } from "../format";
import { Empty, Loading } from "./patients";

const str = (v: string | string[] | undefined) => (typeof v === "string" ? v : "");

export function AuditPage() {
  const [params, setParams] = useSearchParams();
  const pager = createPager();
  const [patientId, setPatientId] = createSignal(str(params.patientId));
  const [actorId, setActorId] = createSignal(str(params.actorId));
  const [page] = createResource(
    () => ({ patientId: str(params.patientId) || undefined, actorId: str(params.actorId) || undefined, cursor: pager.cursor() }),
    (f) => AuditLog.list(f),
  );
  const apply = (e: SubmitEvent) => {
    e.preventDefault();
    pager.reset();
    setParams({ patientId: patientId().trim() || undefined, actorId: actorId().trim() || undefined });
  };
  return (
    <RoleGate roles={["admin"]}>
      <section class="page">
        <PageHeader title="Audit log" subtitle="Every read and change of patient data, and every refused attempt. Newest first." />
        <form class="filters card" onSubmit={apply} aria-label="Filters">
          <div class="field">
            <label for="a-patient">Patient id</label>
            <input id="a-patient" value={patientId()} placeholder="pat_…" onInput={(e) => setPatientId(e.currentTarget.value)} />
          </div>
          <div class="field">
            <label for="a-actor">Actor id</label>
            <input id="a-actor" value={actorId()} placeholder="usr_…" onInput={(e) => setActorId(e.currentTarget.value)} />
          </div>
          <div class="filter-actions">
            <button class="btn btn-primary" type="submit">
              Apply
            </button>
            <Show when={params.patientId || params.actorId}>
              <button
                class="btn btn-ghost"
                type="button"
                onClick={() => {
                  setPatientId("");
                  setActorId("");
                  pager.reset();
                  setParams({ patientId: undefined, actorId: undefined });
                }}
              >
                Clear
              </button>
            </Show>
          </div>
        </form>
        <Switch>
          <Match when={page.error}>
            <Alert>{describeError(page.error)}</Alert>
          </Match>
          <Match when={page()}>
            {(p) => (
              <Show when={p().items.length} fallback={<Empty>No audit entries match these filters.</Empty>}>
                <div class="table-wrap card">
                  <table class="table audit">
                    <thead>
                      <tr>
                        <th scope="col">Time</th>
                        <th scope="col">Actor</th>
                        <th scope="col">Action</th>
                        <th scope="col">Resource</th>
                        <th scope="col">Patient</th>
                        <th scope="col">Outcome</th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={p().items}>
                        {(e) => (
                          <tr>
                            <td class="nowrap small">{formatDateTime(e.at)}</td>
                            <td>
                              <button type="button" class="linkish mono small" title="Filter by this actor" onClick={() => (setActorId(e.actorId), pager.reset(), setParams({ actorId: e.actorId }))}>
                                {e.actorId}
                              </button>
                              <Show when={e.actorRole}>
                                <div class="small muted">{e.actorRole}</div>
                              </Show>
                            </td>
                            <td class="mono small">{e.action}</td>
                            <td class="small">
                              {e.resourceType}
                              <Show when={e.resourceId}>
                                <div class="mono muted">{e.resourceId}</div>
                              </Show>
                            </td>
                            <td class="small">
                              <Show when={e.patientId} fallback={<span class="muted">—</span>}>
                                <A class="mono" href={`/audit?patientId=${e.patientId}`} onClick={() => (setPatientId(e.patientId!), pager.reset())}>
                                  {e.patientId}
                                </A>
                              </Show>
                            </td>
                            <td>
                              <span class={`badge badge-${e.outcome}`}>{e.outcome}</span>
                            </td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </div>
                <Pager pager={pager} nextCursor={p().nextCursor} count={p().items.length} />
              </Show>
            )}
          </Match>
          <Match when={page.loading}>
            <Loading />
          </Match>
        </Switch>
      </section>
    </RoleGate>
  );
}
