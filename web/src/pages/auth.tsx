import { Show, createSignal, createEffect } from "solid-js";
import { A, useNavigate, useSearchParams } from "@solidjs/router";
import { Auth } from "../api/auth";
import { user, ready } from "../session";
import { homeFor } from "../nav";
import { Alert, FormError, TextField, createFormState } from "../components/form";
import { AuthForm, AuthFrame } from "../components/auth-frame";
import { param } from "../search-params";

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

  const onSubmit = async () => {
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
      <FormError form={form} />
      <AuthForm
        form={form}
        onSubmit={onSubmit}
        submit={needsCode() ? "Verify" : "Sign in"}
        busy="Signing in…"
        after={
          <p class="auth-aux">
            <A href={`/forgot-password${email().trim() ? `?email=${encodeURIComponent(email().trim())}` : ""}`}>Forgot your password?</A>
          </p>
        }
      >
        <Show
          when={needsCode()}
          fallback={
            <>
              <TextField label="Email" error={form.error("email")} type="email" autocomplete="username" value={email()} onValue={setEmail} required />
              <TextField label="Password" error={form.error("password")} type="password" autocomplete="current-password" value={password()} onValue={setPassword} required />
            </>
          }
        >
          <p class="muted">Two-step sign-in is on for {email().trim()}. Open your authenticator app.</p>
          <TextField
            label="Code"
            error={form.error("code")}
            hint="The 6 digits from the app, or one of your recovery codes."
            inputmode="numeric"
            autocomplete="one-time-code"
            value={code()}
            onValue={setCode}
            required
          />
        </Show>
      </AuthForm>
    </AuthFrame>
  );
}

export function Register() {
  const navigate = useNavigate();
  const form = createFormState();
  const [name, setName] = createSignal("");
  const [email, setEmail] = createSignal("");
  const [password, setPassword] = createSignal("");

  const onSubmit = async () => {
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
      <FormError form={form} />
      <AuthForm form={form} onSubmit={onSubmit} submit="Create account" busy="Creating account…">
        <TextField label="Full name" error={form.error("name")} autocomplete="name" value={name()} onValue={setName} required />
        <TextField label="Email" error={form.error("email")} type="email" autocomplete="email" value={email()} onValue={setEmail} required />
        <TextField
          label="Password"
          error={form.error("password")}
          hint="At least 10 characters."
          type="password"
          autocomplete="new-password"
          value={password()}
          onValue={setPassword}
          required
        />
      </AuthForm>
    </AuthFrame>
  );
}
