import { Show, createSignal, onMount } from "solid-js";
import { A, useNavigate, useSearchParams } from "@solidjs/router";
import { Auth } from "../api/auth";
import { Field, Alert, FormError, TextField, createFormState } from "../components/form";
import { AuthForm, AuthFrame } from "../components/auth-frame";
import { param } from "../search-params";

/** The language of the reset email: the browser's, where the API speaks it. */
const mailLocale = (): "en" | "de" => (navigator.language?.toLowerCase().startsWith("de") ? "de" : "en");

/** "Forgot your password?": asks for a link. The answer is the same whether or not the address has an account. */
export function ForgotPassword() {
  const [params] = useSearchParams();
  const form = createFormState();
  const [email, setEmail] = createSignal(param(params.email));
  const [sent, setSent] = createSignal<string | null>(null);

  const onSubmit = async () => {
    const answer = await form.submit(() => Auth.forgotPassword({ email: email().trim(), locale: mailLocale() }));
    if (answer) setSent(answer.message);
  };

  return (
    <AuthFrame
      title="Reset your password"
      subtitle="Enter the email address of your account and we will send you a link to choose a new password."
      footer={
        <>
          Remembered it? <A href="/signin">Sign in</A>
        </>
      }
    >
      <Show when={sent()}>
        <Alert kind="success">{sent()} Check your inbox (and the spam folder).</Alert>
      </Show>
      <FormError form={form} />
      <Show when={!sent()}>
        <AuthForm form={form} onSubmit={onSubmit} label="Ask for a reset link" submit="Send the link" busy="Sending…">
          <TextField label="Email" error={form.error("email")} type="email" autocomplete="username" value={email()} onValue={setEmail} required />
        </AuthForm>
      </Show>
    </AuthFrame>
  );
}

/**
 * The page the emailed link opens: `/reset-password#token=…`. The token travels in the fragment
 * (never sent to a server, never in a Referer) and is taken out of the address bar at once, so it
 * stays in no history entry or screenshot.
 */
export function ResetPassword() {
  const navigate = useNavigate();
  const form = createFormState();
  const [token, setToken] = createSignal("");
  const [next, setNext] = createSignal("");
  const [repeat, setRepeat] = createSignal("");
  const [mismatch, setMismatch] = createSignal(false);

  onMount(() => {
    const found = new URLSearchParams(location.hash.slice(1)).get("token") ?? "";
    setToken(found);
    if (location.hash) history.replaceState(history.state, "", location.pathname);
  });

  const onSubmit = async () => {
    setMismatch(next() !== repeat());
    if (mismatch()) return;
    const ok = await form.submit(
      () => Auth.resetPassword({ token: token(), newPassword: next() }).then(() => true),
      // The token is no field on this page: say what is wrong with the link itself.
      (err) => (err.fields.token ? "This link is invalid, expired or already used." : undefined),
    );
    if (ok) navigate("/signin?reset=1", { replace: true });
  };

  return (
    <AuthFrame
      title="Choose a new password"
      subtitle="You will be signed out everywhere else, then sign in with the new password."
      footer={
        <>
          Link expired? <A href="/forgot-password">Ask for a new one</A>
        </>
      }
    >
      <FormError form={form}>
        <Show when={form.error("token")}>
          {" "}
          <A href="/forgot-password">Ask for a new link</A>.
        </Show>
      </FormError>
      <Show
        when={token()}
        fallback={
          <Alert>
            This page opens from the link in a password-reset email. <A href="/forgot-password">Ask for one</A>.
          </Alert>
        }
      >
        <AuthForm form={form} onSubmit={onSubmit} label="Choose a new password" submit="Set the new password" busy="Saving…">
          <TextField
            label="New password"
            error={form.error("newPassword")}
            hint="At least 10 characters."
            type="password"
            autocomplete="new-password"
            value={next()}
            onValue={setNext}
            required
          />
          <Field label="Repeat the new password" error={mismatch() ? "Does not match the new password" : undefined}>
            {(id, d) => (
              <input id={id} aria-describedby={d()} type="password" autocomplete="new-password" value={repeat()} onInput={(e) => setRepeat(e.currentTarget.value)} required />
            )}
          </Field>
        </AuthForm>
      </Show>
    </AuthFrame>
  );
}
