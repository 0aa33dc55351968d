import { For, Show, createSignal } from "solid-js";
import { createAsync, useAction } from "@solidjs/router";
import { roleLabels } from "../api/auth";
import { createAccount, listAccounts, setAccountDisabled, type Account } from "../api/accounts";
import { user as me } from "../session";
import type { Role } from "../api/client";
import { Alert, Field, createFormState } from "../components/form";
import { PageHeader, RoleGate } from "../components/layout";
import { Async, Empty } from "../components/async";
import { useDoctors } from "../components/doctors";
import { MfaPolicyPanel } from "../components/mfa-policy";
import { NotificationSettingsPanel } from "../components/notification-settings";
import { Auth } from "../api/auth";

/** Admin: accounts for staff, doctors (linked to a doctor) and other admins. */
export function AccountsPage() {
  const users = createAsync(() => listAccounts());
  const create = useAction(createAccount);
  const doctors = useDoctors();
  const form = createFormState();
  const [name, setName] = createSignal("");
  const [email, setEmail] = createSignal("");
  const [password, setPassword] = createSignal("");
  const [role, setRole] = createSignal<Role>("staff");
  const [doctorId, setDoctorId] = createSignal("");
  const [patientId, setPatientId] = createSignal("");
  const [created, setCreated] = createSignal<string | null>(null);
  const toggle = useAction(setAccountDisabled);
  const [toggling, setToggling] = createSignal<string | null>(null);
  const [toggleError, setToggleError] = createSignal<string | null>(null);
  // Disabling signs the person out everywhere at once: the first click asks, the second does it.
  const [confirming, setConfirming] = createSignal<string | null>(null);
  const onToggle = async (u: Account) => {
    const disabling = !u.disabledAt;
    if (disabling && confirming() !== u.id) return setConfirming(u.id);
    setConfirming(null);
    setToggling(u.id);
    setToggleError(null);
    try {
      await toggle(u.id, disabling);
      setCreated(`${disabling ? "Disabled" : "Re-enabled"} ${u.email}.`);
    } catch (err) {
      setToggleError((err as Error).message);
    } finally {
      setToggling(null);
    }
  };

  // Resetting two-step sign-in (a lost phone) also ends the person's sessions: asked once more, too.
  const [resetting, setResetting] = createSignal<string | null>(null);
  const onResetMfa = async (u: Account) => {
    if (resetting() !== u.id) return setResetting(u.id);
    setResetting(null);
    setToggleError(null);
    try {
      await Auth.resetMfa(u.id);
      setCreated(`Two-step sign-in reset for ${u.email}: they sign in with the password and set it up again.`);
    } catch (err) {
      setToggleError((err as Error).message);
    }
  };

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    setCreated(null);
    const u = await form.submit(() =>
      create({
        name: name().trim(),
        email: email().trim(),
        password: password(),
        role: role(),
        ...(role() === "doctor" && doctorId() ? { doctorId: doctorId() } : {}),
        ...(role() === "patient" && patientId().trim() ? { patientId: patientId().trim() } : {}),
      }),
    );
    if (u) {
      setCreated(`Created ${roleLabels[u.role].toLowerCase()} account for ${u.email}.`);
      setName("");
      setEmail("");
      setPassword("");
    }
  };

  return (
    <RoleGate roles={["admin"]}>
      <section class="page">
        <PageHeader title="Accounts" subtitle="Who can sign in, and with which role. Patients register themselves." />
        <div class="split">
          <div>
            <Show when={toggleError()}>
              <Alert>{toggleError()}</Alert>
            </Show>
            <Async source={users}>
              <Show when={users()}>
                {(list) => (
                  <Show when={list().length} fallback={<Empty>No accounts.</Empty>}>
                    <div class="table-wrap card">
                      <table class="table stack-sm">
                        <thead>
                          <tr>
                            <th scope="col">Name</th>
                            <th scope="col">Email</th>
                            <th scope="col">Role</th>
                            <th scope="col">Linked</th>
                            <th scope="col">Status</th>
                          </tr>
                        </thead>
                        <tbody>
                          <For each={list()}>
                            {(u) => (
                              <tr>
                                <td data-label="Name" class="strong">
                                  {u.name}
                                </td>
                                <td data-label="Email" class="wrap-any">
                                  {u.email}
                                </td>
                                <td data-label="Role">
                                  <span class={`badge badge-role-${u.role}`}>{roleLabels[u.role]}</span>
                                </td>
                                <td data-label="Linked" class="mono small muted id">
                                  {u.doctorId ?? u.patientId ?? "—"}
                                </td>
                                <td data-label="Status">
                                  <span class={`badge ${u.disabledAt ? "badge-cancelled" : "badge-success"}`}>{u.disabledAt ? "Disabled" : "Active"}</span>{" "}
                                  <Show when={u.id !== me()?.id}>
                                    <button
                                      type="button"
                                      class="btn btn-ghost btn-sm"
                                      disabled={toggling() === u.id}
                                      aria-label={`${u.disabledAt ? "Enable" : confirming() === u.id ? "Confirm: disable" : "Disable"} ${u.email}`}
                                      onClick={() => void onToggle(u)}
                                    >
                                      {u.disabledAt ? "Enable" : confirming() === u.id ? "Confirm: disable" : "Disable"}
                                    </button>
                                    <button
                                      type="button"
                                      class="btn btn-ghost btn-sm"
                                      aria-label={`${resetting() === u.id ? "Confirm: reset" : "Reset"} two-step sign-in of ${u.email}`}
                                      onClick={() => void onResetMfa(u)}
                                    >
                                      {resetting() === u.id ? "Confirm: reset two-step" : "Reset two-step"}
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
                )}
              </Show>
            </Async>
          </div>
          <form class="card stack" onSubmit={onSubmit} novalidate aria-label="New account">
            <h2>New account</h2>
            <Show when={created()}>
              <Alert kind="success">{created()}</Alert>
            </Show>
            <Show when={form.message()}>
              <Alert>{form.message()}</Alert>
            </Show>
            <Field label="Role" error={form.error("role")}>
              {(id, ds) => (
                <select id={id} aria-describedby={ds()} value={role()} onChange={(e) => setRole(e.currentTarget.value as Role)}>
                  <For each={["staff", "doctor", "pharmacist", "admin", "patient"] as Role[]}>{(r) => <option value={r}>{roleLabels[r]}</option>}</For>
                </select>
              )}
            </Field>
            <Field label="Full name" error={form.error("name")}>
              {(id, ds) => <input id={id} aria-describedby={ds()} value={name()} onInput={(e) => setName(e.currentTarget.value)} />}
            </Field>
            <Field label="Email" error={form.error("email")}>
              {(id, ds) => <input id={id} aria-describedby={ds()} type="email" autocomplete="off" value={email()} onInput={(e) => setEmail(e.currentTarget.value)} />}
            </Field>
            <Field label="Initial password" error={form.error("password")} hint="At least 10 characters; share it securely.">
              {(id, ds) => (
                <input id={id} aria-describedby={ds()} type="password" autocomplete="new-password" value={password()} onInput={(e) => setPassword(e.currentTarget.value)} />
              )}
            </Field>
            <Show when={role() === "doctor"}>
              <Field label="Doctor" error={form.error("doctorId")}>
                {(id, ds) => (
                  <select id={id} aria-describedby={ds()} value={doctorId()} onChange={(e) => setDoctorId(e.currentTarget.value)}>
                    <option value="">Not linked</option>
                    <For each={doctors.list() ?? []}>{(d) => <option value={d.id}>{d.name}</option>}</For>
                  </select>
                )}
              </Field>
            </Show>
            <Show when={role() === "patient"}>
              <Field label="Patient id" error={form.error("patientId")}>
                {(id, ds) => <input id={id} aria-describedby={ds()} placeholder="pat_…" value={patientId()} onInput={(e) => setPatientId(e.currentTarget.value)} />}
              </Field>
            </Show>
            <button class="btn btn-primary" type="submit" disabled={form.busy()}>
              {form.busy() ? "Creating…" : "Create account"}
            </button>
          </form>
        </div>
        <MfaPolicyPanel />
        <NotificationSettingsPanel />
      </section>
    </RoleGate>
  );
}
