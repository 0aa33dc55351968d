import { For, Show, createResource, createSignal } from "solid-js";
import { useNavigate } from "@solidjs/router";
import { Auth, type MfaEnrolment } from "../api/auth";
import { user } from "../session";
import { homeFor } from "../nav";
import { Alert, Field, FormError, createFormState } from "../components/form";
import { PageHeader } from "../components/layout";
import { Loading } from "../components/async";

/**
 * Two-step sign-in (TOTP, docs/auth.md "Multi-factor sign-in"): the status, and enrolment — scan
 * the QR code (or type the secret), confirm with one code, save the ten recovery codes, shown
 * this once. When the account's role must use MFA and it has none, the shell shows only this page.
 */
export function TwoStepPage() {
  const required = () => !!user()?.mfaEnrolmentRequired;
  const navigate = useNavigate();
  const [status, { refetch }] = createResource(() => Auth.mfaStatus());
  const [enrolment, setEnrolment] = createSignal<MfaEnrolment | null>(null);
  const [code, setCode] = createSignal("");
  const [codes, setCodes] = createSignal<{ list: string[]; accept: () => void } | null>(null);
  const start = createFormState();
  const confirm = createFormState();

  const onStart = async () => {
    const e = await start.submit(() => Auth.startMfa());
    if (e) setEnrolment(e);
  };
  const onConfirm = async (e: SubmitEvent) => {
    e.preventDefault();
    const done = await confirm.submit(() => Auth.confirmMfa(code().trim()));
    if (done) setCodes({ list: done.recoveryCodes, accept: done.accept });
  };
  const onFinished = () => {
    const wasRequired = required();
    const accepted = codes();
    setCodes(null);
    setEnrolment(null);
    accepted?.accept();
    void refetch();
    if (wasRequired) navigate(homeFor(user()!.role), { replace: true });
  };
  const download = () => {
    const blob = new Blob([`Carebeat recovery codes for ${user()?.email ?? ""}\nEach works once, instead of a code from the app.\n\n${codes()!.list.join("\n")}\n`], {
      type: "text/plain",
    });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "carebeat-recovery-codes.txt";
    a.click();
    URL.revokeObjectURL(a.href);
  };

  return (
    <section class="page">
      <PageHeader title="Two-step sign-in" subtitle="A code from an authenticator app on your phone, as well as your password." />
      <Show when={required() && !codes()}>
        <Alert kind="info">Your clinic requires two-step sign-in for your role. Set it up to continue.</Alert>
      </Show>
      <Show when={codes()}>
        {(c) => (
          <div class="card stack narrow" role="region" aria-label="Recovery codes">
            <Alert kind="success">Two-step sign-in is on. You were signed out on every other device.</Alert>
            <h2>Save your recovery codes</h2>
            <p class="muted">If you lose your phone, each of these signs you in once instead of a code. They are shown only now.</p>
            <ul class="recovery-codes" data-testid="recovery-codes">
              <For each={c().list}>
                {(rc) => (
                  <li>
                    <code>{rc}</code>
                  </li>
                )}
              </For>
            </ul>
            <div class="button-row">
              <button type="button" class="btn btn-secondary" onClick={download}>
                Download as a file
              </button>
              <button type="button" class="btn btn-primary" onClick={onFinished}>
                I have saved them
              </button>
            </div>
          </div>
        )}
      </Show>
      <Show when={!codes()}>
        <Show when={status()} fallback={<Loading />}>
          {(s) => (
            <Show
              when={!s().enrolled}
              fallback={
                <div class="card stack narrow">
                  <Alert kind="success">Two-step sign-in is on for your account.</Alert>
                  <p class="muted">{s().recoveryCodesLeft} of 10 recovery codes left. Lost your phone? An administrator can reset two-step sign-in for you.</p>
                </div>
              }
            >
              <div class="card stack narrow">
                <FormError form={start} />
                <Show
                  when={enrolment()}
                  fallback={
                    <>
                      <p>Install an authenticator app (for example Google Authenticator, Microsoft Authenticator, 1Password or Aegis), then set it up here.</p>
                      <button type="button" class="btn btn-primary" onClick={onStart} disabled={start.busy()}>
                        {start.busy() ? "Preparing…" : "Set up two-step sign-in"}
                      </button>
                    </>
                  }
                >
                  {(e) => (
                    <form class="stack" onSubmit={onConfirm} novalidate aria-label="Confirm two-step sign-in">
                      <ol class="steps">
                        <li>Scan this code with the app.</li>
                      </ol>
                      <img class="qr" src={e().qrCode} width="240" height="240" alt="QR code to add Carebeat to your authenticator app" />
                      <p class="muted">
                        Cannot scan? Enter this key in the app:{" "}
                        <code class="secret" data-testid="mfa-secret">
                          {e()
                            .secret.replace(/(.{4})/g, "$1 ")
                            .trim()}
                        </code>
                      </p>
                      <FormError form={confirm} />
                      <Field label="Code from the app" error={confirm.error("code")} hint="6 digits; it changes every 30 seconds.">
                        {(id, d) => (
                          <input
                            id={id}
                            aria-describedby={d()}
                            aria-invalid={!!confirm.error("code")}
                            inputmode="numeric"
                            autocomplete="one-time-code"
                            maxlength="6"
                            value={code()}
                            onInput={(ev) => setCode(ev.currentTarget.value)}
                          />
                        )}
                      </Field>
                      <button class="btn btn-primary" type="submit" disabled={confirm.busy()}>
                        {confirm.busy() ? "Checking…" : "Turn on two-step sign-in"}
                      </button>
                    </form>
                  )}
                </Show>
              </div>
            </Show>
          )}
        </Show>
      </Show>
    </section>
  );
}
