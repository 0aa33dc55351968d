import { For, Show, createSignal } from "solid-js";
import { EmailPreferencesPanel } from "../components/email-preferences";
import { A, createAsync, revalidate, useAction, useNavigate, useParams, useSearchParams } from "@solidjs/router";
import { Patients, createPatient, getPatient, listPatients, patientName, sexLabels, updatePatient } from "../api/patients";
import { ApiError } from "../api/client";
import { Alert, createFormState } from "../components/form";
import { PatientForm } from "../components/patient-form";
import { PageHeader, RoleGate } from "../components/layout";
import { createPager } from "../components/pager";
import { PagedTable } from "../components/paged-table";
import { SearchToolbar } from "../components/list-toolbar";
import { Async } from "../components/async";
import { Icon } from "../components/icons";
import { hasRole } from "../session";
import { formatDateTime } from "../format";
import { BirthDate, PatientView } from "../components/patient-view";
import { param } from "../search-params";

const STAFF = ["admin", "staff", "doctor"] as const;

export function PatientList() {
  const [params] = useSearchParams();
  const pager = createPager();
  const showDeleted = () => params.deleted === "1" && hasRole("admin");
  const query = () => {
    const q = param(params.q).trim();
    return { ...(q.includes("@") ? { email: q.toLowerCase() } : { q: q || undefined }), cursor: pager.cursor(), includeDeleted: showDeleted() };
  };
  const page = createAsync(() => listPatients(query()));

  return (
    <RoleGate roles={[...STAFF]}>
      <section class="page">
        <PageHeader
          title="Patients"
          subtitle="Search by family name (a prefix such as “Berg”, optionally followed by the given name) or by exact email."
          actions={
            <Show when={hasRole("admin", "staff")}>
              <A class="btn btn-primary" href="/patients/new">
                <Icon name="plus" size={16} /> New patient
              </A>
            </Show>
          }
        />
        <SearchToolbar id="patient-search" label="Search patients" placeholder="Name or email…" pager={pager} include={{ param: "deleted", label: "Include deleted" }} />
        <PagedTable
          page={page}
          pager={pager}
          empty={params.q ? `No patients match “${params.q}”.` : "No patients yet."}
          head={
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Date of birth</th>
              <th scope="col">Sex</th>
              <th scope="col">Email</th>
              <th scope="col">Phone</th>
            </tr>
          }
          rows={(items) => (
            <>
              <For each={items}>
                {(pt) => (
                  <tr classList={{ deleted: !!pt.deletedAt }}>
                    <td data-label="Name">
                      <A href={`/patients/${pt.id}`} class="strong">
                        {patientName(pt) || pt.id}
                      </A>
                      <Show when={pt.deletedAt}>
                        {" "}
                        <span class="badge badge-cancelled">Deleted</span>
                      </Show>
                    </td>
                    <td data-label="Date of birth">
                      <BirthDate value={pt.birthDate} />
                    </td>
                    <td data-label="Sex">{pt.sex ? (sexLabels[pt.sex] ?? pt.sex) : <span class="muted">—</span>}</td>
                    <td data-label="Email" class="wrap-any">
                      {pt.contact?.email ?? <span class="muted">—</span>}
                    </td>
                    <td data-label="Phone" class="nowrap">
                      {pt.contact?.phone ?? <span class="muted">—</span>}
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

export function PatientNew() {
  const navigate = useNavigate();
  const create = useAction(createPatient);
  return (
    <RoleGate roles={["admin", "staff"]}>
      <section class="page">
        <PageHeader title="New patient" back={{ href: "/patients", label: "Patients" }} />
        <PatientForm
          submitLabel="Create patient"
          onCancel={() => navigate("/patients")}
          onSave={async (input) => {
            const { patient } = await create(input);
            navigate(`/patients/${patient.id}?created=1`, { replace: true });
          }}
        />
      </section>
    </RoleGate>
  );
}

/**
 * View and edit one record. Saving sends only the changed fields with `If-Match: <ETag read
 * with the record>`; a 412 means someone else saved in between and offers a reload.
 * `mode: "self"` is a patient's own record (contact, address, insurance editable).
 */
export function PatientRecord(props: {
  id: string;
  title?: string;
  back?: { href: string; label: string };
  mode?: "full" | "self";
  canEdit?: boolean;
  canDelete?: boolean;
  canErase?: boolean;
  notice?: string;
}) {
  const navigate = useNavigate();
  const data = createAsync(() => getPatient(props.id));
  const update = useAction(updatePatient);
  const [editing, setEditing] = createSignal(false);
  const [notice, setNotice] = createSignal<string | null>(props.notice ?? null);
  const form = createFormState();
  const stale = () => form.lastError()?.status === 412;

  const reload = async () => {
    form.reset();
    setNotice(null);
    await revalidate(getPatient.keyFor(props.id));
  };

  return (
    <section class="page">
      <Async source={data} errorHeader={<PageHeader title={props.title ?? "Patient"} back={props.back} />}>
        <Show when={data()} keyed>
          {(d) => (
            <>
              <PageHeader
                title={props.title ?? patientName(d.patient)}
                subtitle={props.title ? patientName(d.patient) : undefined}
                back={props.back}
                meta={
                  <Show when={!props.title}>
                    <span class="mono">{d.patient.id}</span>
                    <span aria-hidden="true"> · </span>
                    <span>Updated {formatDateTime(d.patient.updatedAt)}</span>
                  </Show>
                }
                actions={
                  <Show when={!editing()}>
                    <Show when={hasRole("admin", "staff", "doctor") && !d.patient.deletedAt}>
                      <A class="btn btn-secondary" href={`/appointments?patientId=${d.patient.id}`}>
                        Appointments
                      </A>
                    </Show>
                    <Show when={props.canEdit && !d.patient.deletedAt}>
                      <button class="btn btn-primary" type="button" onClick={() => (setNotice(null), form.reset(), setEditing(true))}>
                        {props.mode === "self" ? "Update my details" : "Edit"}
                      </button>
                    </Show>
                  </Show>
                }
              />
              <Show when={d.patient.deletedAt}>
                <Alert kind="warning">This record was deleted on {formatDateTime(d.patient.deletedAt)}. Only administrators can still see it.</Alert>
              </Show>
              <Show when={notice()}>
                <Alert kind="success">{notice()}</Alert>
              </Show>
              <Show when={stale()}>
                <Alert
                  kind="warning"
                  action={
                    <button type="button" class="btn btn-secondary btn-sm" onClick={reload}>
                      Reload
                    </button>
                  }
                >
                  <strong>Someone else changed this record while you were editing.</strong> Reload to see the latest version, then make your changes again.
                </Alert>
              </Show>
              <Show when={editing()} fallback={<PatientView patient={d.patient} self={props.mode === "self"} />}>
                <Show when={props.mode === "self"}>
                  <p class="muted">Your name, date of birth and clinical details are kept by the clinic. Ask the front desk to change them.</p>
                </Show>
                <PatientForm
                  initial={d.patient}
                  mode={props.mode}
                  form={form}
                  submitLabel="Save changes"
                  onCancel={() => (form.reset(), setEditing(false))}
                  describe={(err: ApiError) => (err.status === 412 ? "" : err.status === 428 ? "Reload the record and try again." : undefined)}
                  onSave={async (_input, patch) => {
                    if (!Object.keys(patch).length) {
                      setEditing(false);
                      setNotice("Nothing changed.");
                      return;
                    }
                    await update(d.patient.id, d.etag, patch);
                    setEditing(false);
                    setNotice("Changes saved.");
                  }}
                />
              </Show>
              <Show when={!editing() && (props.canDelete || props.canErase)}>
                <DeletePatient
                  id={d.patient.id}
                  deleted={!!d.patient.deletedAt}
                  canDelete={!!props.canDelete}
                  canErase={!!props.canErase}
                  onDone={() => navigate("/patients", { replace: true })}
                />
              </Show>
            </>
          )}
        </Show>
      </Async>
    </section>
  );
}

function DeletePatient(props: { id: string; deleted: boolean; canDelete: boolean; canErase: boolean; onDone: () => void }) {
  const form = createFormState();
  const run = async (hard: boolean) => {
    const question = hard
      ? "Erase this patient record permanently? It cannot be restored. The audit trail keeps who did it."
      : "Delete this patient record? It disappears from lists and searches; an administrator can still open it.";
    if (!confirm(question)) return;
    const ok = await form.submit(() => Patients.remove(props.id, { hard }).then(() => true));
    // Not an action: revalidating the page's record would now fail. The lists reload when shown.
    if (ok) {
      void revalidate(listPatients.key, true);
      props.onDone();
    }
  };
  return (
    <div class="danger-zone">
      <Show when={form.message()}>
        <Alert>{form.message()}</Alert>
      </Show>
      <Show when={props.canDelete && !props.deleted}>
        <button type="button" class="btn btn-danger-outline btn-sm" disabled={form.busy()} onClick={() => run(false)}>
          Delete record
        </button>
      </Show>
      <Show when={props.canErase}>
        <button type="button" class="btn btn-danger-outline btn-sm" disabled={form.busy()} onClick={() => run(true)}>
          Erase permanently
        </button>
      </Show>
    </div>
  );
}

export function PatientPage() {
  const params = useParams();
  const [search] = useSearchParams();
  return (
    <RoleGate roles={[...STAFF]}>
      <PatientRecord
        id={params.id!}
        back={{ href: "/patients", label: "Patients" }}
        canEdit={hasRole("admin", "staff")}
        canDelete={hasRole("admin", "staff")}
        canErase={hasRole("admin")}
        notice={search.created ? "Patient created." : undefined}
      />
      <Show when={hasRole("admin", "staff")}>
        <section class="page">
          <EmailPreferencesPanel patientId={params.id!} />
        </section>
      </Show>
    </RoleGate>
  );
}
