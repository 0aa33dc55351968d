import { Show, createSignal, createEffect, type JSX } from "solid-js";
import { A, useNavigate, useSearchParams } from "@solidjs/router";
import { Auth } from "../api/auth";
import { user, ready } from "../session";
import { homeFor } from "../nav";
import { Field, Alert, createFormState } from "../components/form";
import { Logo } from "../components/icons";
import { param } from "../search-params";

export function AuthFrame(props: { title: string; subtitle: string; children: JSX.Element; footer: JSX.Element }) {
  return (
    <div class="auth">
      <section class="auth-aside" aria-hidden="true">
        <div class="brand brand-light">
          <Logo />
          <span>Carebeat</span>
        </div>
        <p class="auth-tagline">Records, appointments and care — in one calm place.</p>
        <ul class="auth-points">
          <li>Book visits with the doctor who suits you</li>
          <li>Keep your allergies and conditions up to date</li>
          <li>Every access to a record is audited</li>
        </ul>
      </section>
      <main class="auth-main" id="main">
        <div class="auth-card">
          <h1>{props.title}</h1>
          <p class="muted">{props.subtitle}</p>
          {props.children}
          <p class="auth-footer">{props.footer}</p>
        </div>
      </main>
    </div>
  );
}

function safeNext(next: string | string[] | undefined) {
  const n = Array.isArray(next) ? next[0] : next;
  return n && n.startsWith("/") && !n.startsWith("//") && !n.startsWith("/signin") ? n : null;
}

export function SignIn() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const form = createFormState();
  const [email, setEmail] = createSignal(param(params.email));
  const [password, setPassword] = createSignal("");
  // The account has two-step sign-in: the password was right, the code comes next (same request again, with `code`).
  const [needsCode, setNeedsCode] = createSignal(false);
  const [code, setCode] = createSignal("");

  createEffect(() => {
    const u = user();
    if (ready() && u) navigate(safeNext(params.next) ?? homeFor(u.role), { replace: true });
  });

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    await form.submit(
      () => Auth.login({ email: email().trim(), password: password(), ...(needsCode() ? { code: code().trim() } : {}) }),
      (err) => {
        if (err.code === "auth.mfa_required") {
          setNeedsCode(true);
          queueMicrotask(() => document.querySelector<HTMLInputElement>('input[autocomplete="one-time-code"]')?.focus());
          return "";
        }
        return undefined;
      },
    );
    // The code step is a question, not a mistake: no error under the empty field.
    if (form.lastError()?.code === "auth.mfa_required") form.setErrors({});
  };

  return (
    <AuthFrame
      title="Sign in"
      subtitle="Welcome back. Sign in to your Carebeat account."
      footer={
        <>
          New patient? <A href="/register">Create an account</A>
        </>
      }
    >
      <Show when={params.registered}>
        <Alert kind="success">Your account is ready. Sign in to continue.</Alert>
      </Show>
      <Show when={params.reset}>
        <Alert kind="success">Your password was set. Sign in with the new one.</Alert>
      </Show>
      <Show when={form.message()}>
        <Alert>{form.message()}</Alert>
      </Show>
      <form onSubmit={onSubmit} novalidate>
        <Show
          when={needsCode()}
          fallback={
            <>
              <Field label="Email" error={form.error("email")}>
                {(id, d) => (
                  <input
                    id={id}
                    aria-describedby={d()}
                    aria-invalid={!!form.error("email")}
                    type="email"
                    autocomplete="username"
                    value={email()}
                    onInput={(e) => setEmail(e.currentTarget.value)}
                    required
                  />
                )}
              </Field>
              <Field label="Password" error={form.error("password")}>
                {(id, d) => (
                  <input
                    id={id}
                    aria-describedby={d()}
                    aria-invalid={!!form.error("password")}
                    type="password"
                    autocomplete="current-password"
                    value={password()}
                    onInput={(e) => setPassword(e.currentTarget.value)}
                    required
                  />
                )}
              </Field>
            </>
          }
        >
          <p class="muted">Two-step sign-in is on for {email().trim()}. Open your authenticator app.</p>
          <Field label="Code" error={form.error("code")} hint="The 6 digits from the app, or one of your recovery codes.">
            {(id, d) => (
              <input
                id={id}
                aria-describedby={d()}
                aria-invalid={!!form.error("code")}
                inputmode="numeric"
                autocomplete="one-time-code"
                value={code()}
                onInput={(e) => setCode(e.currentTarget.value)}
                required
              />
            )}
          </Field>
        </Show>
        <button class="btn btn-primary btn-block" type="submit" disabled={form.busy()}>
          {form.busy() ? "Signing in…" : needsCode() ? "Verify" : "Sign in"}
        </button>
        <p class="auth-aux">
          <A href={`/forgot-password${email().trim() ? `?email=${encodeURIComponent(email().trim())}` : ""}`}>Forgot your password?</A>
        </p>
      </form>
    </AuthFrame>
  );
}

export function Register() {
  const navigate = useNavigate();
  const form = createFormState();
  const [name, setName] = createSignal("");
  const [email, setEmail] = createSignal("");
  const [password, setPassword] = createSignal("");

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    const input = { name: name().trim(), email: email().trim(), password: password() };
    const created = await form.submit(() => Auth.register(input));
    if (!created) return;
    // Straight in: sign in with the new credentials (fall back to the sign-in page).
    const signedIn = await Auth.login({ email: input.email, password: input.password }).catch(() => null);
    navigate(signedIn ? "/me" : `/signin?registered=1&email=${encodeURIComponent(input.email)}`, { replace: true });
  };

  return (
    <AuthFrame
      title="Create your patient account"
      subtitle="Register to see your record and book appointments."
      footer={
        <>
          Already registered? <A href="/signin">Sign in</A>
        </>
      }
    >
      <Show when={form.message()}>
        <Alert>{form.message()}</Alert>
      </Show>
      <form onSubmit={onSubmit} novalidate>
        <Field label="Full name" error={form.error("name")}>
          {(id, d) => (
            <input id={id} aria-describedby={d()} aria-invalid={!!form.error("name")} autocomplete="name" value={name()} onInput={(e) => setName(e.currentTarget.value)} required />
          )}
        </Field>
        <Field label="Email" error={form.error("email")}>
          {(id, d) => (
            <input
              id={id}
              aria-describedby={d()}
              aria-invalid={!!form.error("email")}
              type="email"
              autocomplete="email"
              value={email()}
              onInput={(e) => setEmail(e.currentTarget.value)}
              required
            />
          )}
        </Field>
        <Field label="Password" error={form.error("password")} hint="At least 10 characters.">
          {(id, d) => (
            <input
              id={id}
              aria-describedby={d()}
              aria-invalid={!!form.error("password")}
              type="password"
              autocomplete="new-password"
              value={password()}
              onInput={(e) => setPassword(e.currentTarget.value)}
              required
            />
          )}
        </Field>
        <button class="btn btn-primary btn-block" type="submit" disabled={form.busy()}>
          {form.busy() ? "Creating account…" : "Create account"}
        </button>
      </form>
    </AuthFrame>
  );
}
