import { For, Show, createSignal } from "solid-js";
import { A, createAsync, useAction, useNavigate, useParams, useSearchParams } from "@solidjs/router";
import { createDoctor, deactivateDoctor, getDoctor, updateDoctor, listDoctors, dayNames, formatFee, hoursLines, type Doctor } from "../api/doctors";
import { DoctorForm } from "../components/doctor-form";
import { Alert, createFormState } from "../components/form";
import { PageHeader, RoleGate } from "../components/layout";
import { createPager } from "../components/pager";
import { Icon } from "../components/icons";
import { hasRole } from "../session";
import { PagedTable } from "../components/paged-table";
import { SearchToolbar } from "../components/list-toolbar";
import { Async } from "../components/async";
import { param } from "../search-params";

export function DoctorList() {
  const [params] = useSearchParams();
  const pager = createPager();
  const showInactive = () => params.inactive === "1" && hasRole("admin");
  const page = createAsync(() => listDoctors({ q: param(params.q) || undefined, cursor: pager.cursor(), includeInactive: showInactive() }));
  return (
    <RoleGate roles={["admin", "staff", "doctor"]}>
      <section class="page">
        <PageHeader
          title="Doctors"
          subtitle="Specialties, visit fees and weekly working hours."
          actions={
            <Show when={hasRole("admin")}>
              <A class="btn btn-primary" href="/doctors/new">
                <Icon name="plus" size={16} /> New doctor
              </A>
            </Show>
          }
        />
        <SearchToolbar id="doctor-search" label="Search doctors" placeholder="Name or specialty…" pager={pager} include={{ param: "inactive", label: "Include inactive" }} />
        <PagedTable
          page={page}
          pager={pager}
          empty={params.q ? `No doctors match “${params.q}”.` : "No doctors yet."}
          head={
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Specialty</th>
              <th scope="col">Visit fee</th>
              <th scope="col">Working hours</th>
              <th scope="col">Time zone</th>
            </tr>
          }
          rows={(items) => (
            <>
              <For each={items}>
                {(d) => (
                  <tr classList={{ deleted: !d.active }}>
                    <td data-label="Name">
                      <A class="strong" href={`/doctors/${d.id}`}>
                        {d.name}
                      </A>
                      <Show when={!d.active}>
                        {" "}
                        <span class="badge">Inactive</span>
                      </Show>
                    </td>
                    <td data-label="Specialty">{d.specialty}</td>
                    <td data-label="Visit fee" class="num nowrap">
                      {formatFee(d)}
                    </td>
                    <td data-label="Hours" class="small">
                      <For each={hoursLines(d.workingHours)} fallback={<span class="muted">No hours set</span>}>
                        {(line) => <div class="nowrap">{line}</div>}
                      </For>
                    </td>
                    <td data-label="Time zone" class="small muted">
                      {d.timezone}
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

export function DoctorNew() {
  const navigate = useNavigate();
  const create = useAction(createDoctor);
  return (
    <RoleGate roles={["admin"]}>
      <section class="page">
        <PageHeader title="New doctor" back={{ href: "/doctors", label: "Doctors" }} />
        <DoctorForm
          submitLabel="Create doctor"
          onCancel={() => navigate("/doctors")}
          onSave={async (input) => {
            const d = await create(input);
            navigate(`/doctors/${d.id}?created=1`, { replace: true });
          }}
        />
      </section>
    </RoleGate>
  );
}

export function DoctorPage() {
  const params = useParams();
  const [search] = useSearchParams();
  const doctor = createAsync(() => getDoctor(params.id!));
  const update = useAction(updateDoctor);
  const deactivate = useAction(deactivateDoctor);
  const [editing, setEditing] = createSignal(false);
  const [notice, setNotice] = createSignal<string | null>(search.created ? "Doctor created." : null);
  const status = createFormState();
  const setActive = async (d: Doctor, active: boolean) => {
    if (!active && !confirm(`Deactivate ${d.name}? Existing appointments stay; no new bookings can be made.`)) return;
    // The action revalidates getDoctor: the page shows the saved record.
    const updated = await status.submit(() => (active ? update(d.id, { active: true }) : deactivate(d.id)));
    if (updated) {
      setNotice(active ? "Doctor reactivated." : "Doctor deactivated.");
    }
  };
  return (
    <RoleGate roles={["admin", "staff", "doctor"]}>
      <section class="page">
        <Async source={doctor} errorHeader={<PageHeader title="Doctor" back={{ href: "/doctors", label: "Doctors" }} />}>
          <Show when={doctor()} keyed>
            {(d) => (
              <>
                <PageHeader
                  title={d.name}
                  subtitle={d.specialty}
                  back={{ href: "/doctors", label: "Doctors" }}
                  actions={
                    <Show when={!editing()}>
                      <A class="btn btn-secondary" href={`/appointments?doctorId=${d.id}`}>
                        Appointments
                      </A>
                      <Show when={hasRole("admin")}>
                        <button class="btn btn-primary" type="button" onClick={() => (setNotice(null), setEditing(true))}>
                          Edit
                        </button>
                      </Show>
                    </Show>
                  }
                />
                <Show when={!d.active}>
                  <Alert kind="warning">This doctor is inactive: kept for the history of past visits, but no new appointments can be booked.</Alert>
                </Show>
                <Show when={notice()}>
                  <Alert kind="success">{notice()}</Alert>
                </Show>
                <Show when={status.message()}>
                  <Alert>{status.message()}</Alert>
                </Show>
                <Show
                  when={editing()}
                  fallback={
                    <>
                      <div class="record-grid">
                        <div class="card">
                          <h2>Practice</h2>
                          <dl class="dl">
                            <div class="dl-row">
                              <dt>Specialty</dt>
                              <dd>{d.specialty}</dd>
                            </div>
                            <div class="dl-row">
                              <dt>Visit fee</dt>
                              <dd>{formatFee(d)}</dd>
                            </div>
                            <div class="dl-row">
                              <dt>Slot length</dt>
                              <dd>{d.slotMinutes} minutes</dd>
                            </div>
                            <div class="dl-row">
                              <dt>Time zone</dt>
                              <dd>{d.timezone}</dd>
                            </div>
                            <div class="dl-row">
                              <dt>Doctor id</dt>
                              <dd class="mono">{d.id}</dd>
                            </div>
                          </dl>
                        </div>
                        <div class="card">
                          <h2>Weekly hours</h2>
                          <table class="table table-compact">
                            <tbody>
                              <For each={[1, 2, 3, 4, 5, 6, 7]}>
                                {(day) => {
                                  const h = (d.workingHours ?? []).filter((w) => w.day === day).sort((a, b) => a.start.localeCompare(b.start));
                                  return (
                                    <tr>
                                      <th scope="row">{dayNames[day]}</th>
                                      <td>{h.length ? h.map((w) => `${w.start}–${w.end}`).join(", ") : <span class="muted">Closed</span>}</td>
                                    </tr>
                                  );
                                }}
                              </For>
                            </tbody>
                          </table>
                        </div>
                      </div>
                      <Show when={hasRole("admin")}>
                        <div class="danger-zone">
                          <Show
                            when={d.active}
                            fallback={
                              <button type="button" class="btn btn-secondary btn-sm" disabled={status.busy()} onClick={() => setActive(d, true)}>
                                Reactivate
                              </button>
                            }
                          >
                            <button type="button" class="btn btn-danger-outline btn-sm" disabled={status.busy()} onClick={() => setActive(d, false)}>
                              Deactivate
                            </button>
                          </Show>
                        </div>
                      </Show>
                    </>
                  }
                >
                  <DoctorForm
                    initial={d}
                    submitLabel="Save changes"
                    onCancel={() => setEditing(false)}
                    onSave={async (input) => {
                      await update(d.id, input);
                      setEditing(false);
                      setNotice("Changes saved.");
                    }}
                  />
                </Show>
              </>
            )}
          </Show>
        </Async>
      </section>
    </RoleGate>
  );
}
