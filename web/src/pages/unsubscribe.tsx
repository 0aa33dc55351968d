import { Show, createSignal, onMount } from "solid-js";
import { A } from "@solidjs/router";
import { Notifications } from "../api/notifications";
import { Alert, FormError, createFormState } from "../components/form";
import { AuthFrame } from "../components/auth-frame";

/**
 * The opt-out link in an email: `/unsubscribe#token=…`, no sign-in. It asks for a click rather
 * than acting on load: mail scanners open links, and a page that changed settings when opened
 * would unsubscribe patients who never asked. The token is in the fragment (never sent to a
 * server or in a Referer) and leaves the address bar at once.
 */
export function Unsubscribe() {
  const form = createFormState();
  const [token, setToken] = createSignal("");
  const [reminders, setReminders] = createSignal<boolean | null>(null);

  onMount(() => {
    setToken(new URLSearchParams(location.hash.slice(1)).get("token") ?? "");
    if (location.hash) history.replaceState(history.state, "", location.pathname);
  });

  const set = async (on: boolean) => {
    const answer = await form.submit(
      () => Notifications.unsubscribe(token(), on),
      (err) => (err.fields.token ? (err.message.includes("expired") ? err.message : "This link is not valid. Sign in to change your email settings.") : undefined),
    );
    if (answer) setReminders(answer.reminders);
  };

  return (
    <AuthFrame
      title="Reminder emails"
      subtitle="Confirmations and changes to your appointments are always sent. Reminders before a visit are your choice."
      footer={
        <>
          Signed in? Change all email settings under <A href="/me">My record</A>.
        </>
      }
    >
      <FormError form={form} />
      <Show when={!token()}>
        <Alert kind="warning">This page opens from the link in one of our emails. The link seems to be incomplete.</Alert>
      </Show>
      <Show when={reminders() === false}>
        <Alert kind="success">Done: you will get no more reminder emails.</Alert>
      </Show>
      <Show when={reminders() === true}>
        <Alert kind="success">Reminder emails are on again.</Alert>
      </Show>
      <Show when={token()}>
        <Show
          when={reminders() !== false}
          fallback={
            <button class="btn btn-secondary btn-block" type="button" disabled={form.busy()} onClick={() => set(true)}>
              Turn reminders back on
            </button>
          }
        >
          <button class="btn btn-primary btn-block" type="button" disabled={form.busy()} onClick={() => set(false)}>
            {form.busy() ? "Saving…" : "Stop reminder emails"}
          </button>
        </Show>
      </Show>
    </AuthFrame>
  );
}
