import { For, Show, Switch, Match, createResource, createSignal, type JSX } from "solid-js";
import { A, useNavigate, useParams, useSearchParams } from "@solidjs/router";
import { Patients, patientName, sexLabels, type Patient } from "../api/patients";
import { ApiError } from "../api/client";
import { Alert, createFormState, describeError } from "../components/form";
import { PatientForm } from "../components/patient-form";
import { PageHeader, RoleGate } from "../components/layout";
import { createPager, Pager } from "../components/pager";
import { Icon } from "../components/icons";
import { hasRole } from "../session";
import { formatDate, age } from "../format";

const STAFF = ["admin", "staff", "doctor"] as const;

export function PatientList() {
  const [params, setParams] = useSearchParams();
  const pager = createPager();
  const [term, setTerm] = createSignal(typeof params.q === "string" ? params.q : "");
  const query = () => {
    const q = (typeof params.q === "string" ? params.q : "").trim();
    return { ...(q.includes("@") ? { email: q.toLowerCase() } : { q }), cursor: pager.cursor() };
  };
  const [page] = createResource(query, (q) => Patients.list(q));

  const onSearch = (e: SubmitEvent) => {
    e.preventDefault();
    pager.reset();
    setParams({ q: term().trim() || undefined });
  };

  return (
    <RoleGate roles={[...STAFF]}>
      <section class="page">
        <PageHeader
          title="Patients"
          subtitle="Search by family or given name (prefix) or by email."
          actions={
            <Show when={hasRole("admin", "staff")}>
              <A class="btn btn-primary" href="/patients/new">
                <Icon name="plus" size={16} /> New patient
              </A>
            </Show>
          }
        />
        <form class="toolbar" role="search" onSubmit={onSearch}>
          <label class="sr-only" for="patient-search">
            Search patients
          </label>
          <div class="search">
            <Icon name="search" size={16} />
            <input id="patient-search" type="search" placeholder="Name or email…" value={term()} onInput={(e) => setTerm(e.currentTarget.value)} />
          </div>
          <button class="btn btn-secondary" type="submit">
            Search
          </button>
        </form>
        <Switch>
          <Match when={page.error}>
            <Alert>{describeError(page.error)}</Alert>
          </Match>
          <Match when={page()}>
            {(p) => (
              <Show when={p().items.length} fallback={<Empty>{params.q ? `No patients match “${params.q}”.` : "No patients yet."}</Empty>}>
                <div class="table-wrap card">
                  <table class="table">
                    <thead>
                      <tr>
                        <th scope="col">Name</th>
                        <th scope="col">Date of birth</th>
                        <th scope="col">Sex</th>
                        <th scope="col">Email</th>
                        <th scope="col">Phone</th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={p().items}>
                        {(pt) => (
                          <tr>
                            <td>
                              <A href={`/patients/${pt.id}`} class="strong">
                                {patientName(pt) || pt.id}
                              </A>
                            </td>
                            <td>
                              {formatDate(pt.birthDate)} <span class="muted">({age(pt.birthDate)})</span>
                            </td>
                            <td>{sexLabels[pt.sex] ?? pt.sex ?? "—"}</td>
                            <td>{pt.contact?.email ?? "—"}</td>
                            <td>{pt.contact?.phone ?? "—"}</td>
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

export function PatientNew() {
  const navigate = useNavigate();
  return (
    <RoleGate roles={["admin", "staff"]}>
      <section class="page">
        <PageHeader title="New patient" back={{ href: "/patients", label: "Patients" }} />
        <PatientForm
          submitLabel="Create patient"
          onCancel={() => navigate("/patients")}
          onSave={async (input) => {
            const { patient } = await Patients.create(input);
            navigate(`/patients/${patient.id}`, { replace: true });
          }}
        />
      </section>
    </RoleGate>
  );
}

/** View and edit one record; saving sends the ETag read with it (If-Match). */
export function PatientRecord(props: { id: string; title?: string; back?: { href: string; label: string }; canDelete?: boolean; canEdit?: boolean }) {
  const navigate = useNavigate();
  const [data, { refetch, mutate }] = createResource(() => props.id, (id) => Patients.get(id));
  const [editing, setEditing] = createSignal(false);
  const [saved, setSaved] = createSignal(false);
  const form = createFormState();
  const stale = () => form.lastError()?.status === 412;

  const reload = async () => {
    form.reset();
    await refetch();
    setSaved(false);
  };

  return (
    <section class="page">
      <Switch>
        <Match when={data.error}>
          <PageHeader title={props.title ?? "Patient"} back={props.back} />
          <Alert>{describeError(data.error)}</Alert>
        </Match>
        <Match when={data()} keyed>
          {(d) => (
            <>
              <PageHeader
                title={props.title ?? patientName(d.patient)}
                subtitle={props.title ? patientName(d.patient) : `Patient ${d.patient.id}`}
                back={props.back}
                actions={
                  <Show when={!editing()}>
                    <Show when={hasRole("admin", "staff", "doctor")}>
                      <A class="btn btn-secondary" href={`/appointments?patientId=${d.patient.id}`}>
                        Appointments
                      </A>
                    </Show>
                    <Show when={props.canEdit !== false}>
                      <button class="btn btn-primary" type="button" onClick={() => (setSaved(false), setEditing(true))}>
                        Edit
                      </button>
                    </Show>
                  </Show>
                }
              />
              <Show when={saved()}>
                <Alert kind="success">Changes saved.</Alert>
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
              <Show when={editing()} fallback={<PatientView patient={d.patient} />}>
                <PatientForm
                  initial={d.patient}
                  form={form}
                  submitLabel="Save changes"
                  onCancel={() => (form.reset(), setEditing(false))}
                  describe={(err: ApiError) => (err.status === 412 ? "" : undefined)}
                  onSave={async (input) => {
                    const next = await Patients.update(d.patient.id, d.etag, input);
                    // Without an ETag on the answer, read the record again to get one.
                    if (next.etag) mutate(next);
                    else await refetch();
                    setEditing(false);
                    setSaved(true);
                  }}
                />
              </Show>
              <Show when={props.canDelete && !editing()}>
                <DeletePatient id={d.patient.id} onDeleted={() => navigate("/patients", { replace: true })} />
              </Show>
            </>
          )}
        </Match>
        <Match when={data.loading}>
          <Loading />
        </Match>
      </Switch>
    </section>
  );
}

function DeletePatient(props: { id: string; onDeleted: () => void }) {
  const form = createFormState();
  return (
    <div class="danger-zone">
      <Show when={form.message()}>
        <Alert>{form.message()}</Alert>
      </Show>
      <button
        type="button"
        class="btn btn-danger-outline btn-sm"
        disabled={form.busy()}
        onClick={async () => {
          if (!confirm("Delete this patient record? This cannot be undone.")) return;
          const ok = await form.submit(() => Patients.remove(props.id).then(() => true));
          if (ok) props.onDeleted();
        }}
      >
        Delete patient
      </button>
    </div>
  );
}

export function PatientPage() {
  const params = useParams();
  return (
    <RoleGate roles={[...STAFF]}>
      <PatientRecord id={params.id!} back={{ href: "/patients", label: "Patients" }} canDelete={hasRole("admin")} canEdit={hasRole("admin", "staff", "doctor")} />
    </RoleGate>
  );
}

export function PatientView(props: { patient: Patient }) {
  const p = () => props.patient;
  const addr = () => [p().address?.line1, p().address?.line2, [p().address?.postalCode, p().address?.city].filter(Boolean).join(" "), p().address?.country].filter(Boolean).join(", ");
  return (
    <div class="record-grid">
      <div class="card">
        <h2>Identity</h2>
        <dl class="dl">
          <Row label="Name">{patientName(p())}</Row>
          <Row label="Date of birth">
            {formatDate(p().birthDate)} <span class="muted">({age(p().birthDate)})</span>
          </Row>
          <Row label="Sex">{sexLabels[p().sex] ?? p().sex}</Row>
        </dl>
      </div>
      <div class="card">
        <h2>Contact</h2>
        <dl class="dl">
          <Row label="Email">{p().contact?.email}</Row>
          <Row label="Phone">{p().contact?.phone}</Row>
          <Row label="Address">{addr()}</Row>
        </dl>
      </div>
      <div class="card">
        <h2>Clinical</h2>
        <dl class="dl">
          <Row label="Conditions">
            <Tags items={p().conditions} />
          </Row>
          <Row label="Allergies">
            <Tags items={p().allergies} kind="warn" />
          </Row>
        </dl>
      </div>
      <div class="card">
        <h2>Insurance</h2>
        <dl class="dl">
          <Row label="Insurer">{p().insurance?.provider}</Row>
          <Row label="Member number">{p().insurance?.memberId}</Row>
        </dl>
      </div>
    </div>
  );
}

function Row(props: { label: string; children?: JSX.Element }) {
  return (
    <div class="dl-row">
      <dt>{props.label}</dt>
      <dd>{props.children || <span class="muted">—</span>}</dd>
    </div>
  );
}

function Tags(props: { items?: string[]; kind?: "warn" }) {
  return (
    <Show when={props.items?.length} fallback={<span class="muted">None recorded</span>}>
      <ul class="tags">
        <For each={props.items}>{(t) => <li class={`tag ${props.kind === "warn" ? "tag-warn" : ""}`}>{t}</li>}</For>
      </ul>
    </Show>
  );
}

export function Loading() {
  return (
    <p class="loading" aria-busy="true">
      Loading…
    </p>
  );
}

export function Empty(props: { children: JSX.Element }) {
  return <div class="empty card">{props.children}</div>;
}
