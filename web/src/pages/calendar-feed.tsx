import { Show, createResource, createSignal } from "solid-js";
import { CalendarFeed } from "../api/calendar-feed";
import { hasRole } from "../session";
import { Alert, createFormState } from "../components/form";
import { PageHeader, RoleGate } from "../components/layout";

/**
 * A doctor's or patient's secret calendar feed (docs/calendar.md): create a URL a phone or
 * desktop calendar subscribes to, copy it (it is shown once: only its hash is stored), rotate
 * it (the old URL stops working) or revoke it.
 */
export function CalendarFeedPage() {
  const form = createFormState();
  const [status, { refetch }] = createResource(() => CalendarFeed.status());
  const [url, setUrl] = createSignal<string | null>(null);
  const [note, setNote] = createSignal<string | null>(null);

  const create = async () => {
    setNote(null);
    const created = await form.submit(() => CalendarFeed.create());
    if (!created) return;
    setUrl(location.origin + created.path);
    setNote(
      created.rotated ? "A new link was made. The old link no longer works: update your calendar apps." : "Your feed link is ready. Add it to your calendar app as a subscription.",
    );
    await refetch();
  };
  const revoke = async () => {
    setNote(null);
    if ((await form.submit(() => CalendarFeed.revoke())) === undefined && form.message()) return;
    setUrl(null);
    setNote("The feed link was revoked. Calendars subscribed to it stop updating.");
    await refetch();
  };
  const copy = async () => {
    await navigator.clipboard?.writeText(url()!).catch(() => undefined);
    setNote("Link copied.");
  };
  const isDoctor = () => hasRole("doctor");

  return (
    <RoleGate roles={["doctor", "patient"]}>
      <section class="page">
        <PageHeader title="Calendar feed" subtitle="See your appointments in your phone or desktop calendar" />
        <div class="card stack narrow">
          <p class="muted">
            {isDoctor()
              ? "Your visits appear as “Patient visit” with a link to this site: calendars sync to other companies, so the feed names no patient and holds no clinical detail."
              : "Your appointments appear with the doctor and the clinic, without any clinical detail."}{" "}
            Anyone with the link can read the feed: keep it private, and rotate it if it leaks.
          </p>
          <Show when={form.message()}>
            <Alert>{form.message()}</Alert>
          </Show>
          <Show when={note()}>
            <Alert kind="success">{note()}</Alert>
          </Show>
          <Show when={url()}>
            <label for="feed-url">Your feed link (shown once)</label>
            <input id="feed-url" readonly value={url()!} onFocus={(e) => e.currentTarget.select()} />
            <div class="feed-actions">
              <button class="btn btn-secondary" type="button" onClick={copy}>
                Copy link
              </button>
              <a class="btn btn-ghost" href={url()!.replace(/^https?:/, "webcal:")}>
                Open in calendar app
              </a>
            </div>
          </Show>
          <Show when={status()} fallback={<p class="muted">Loading…</p>}>
            {(s) => (
              <>
                <p data-testid="feed-state">{s().active ? `A feed link is active (created ${new Date(s().createdAt!).toLocaleString()}).` : "You have no feed link."}</p>
                <div class="feed-actions">
                  <button class="btn btn-primary" type="button" disabled={form.busy()} onClick={create}>
                    {s().active ? "Rotate link" : "Create feed link"}
                  </button>
                  <Show when={s().active}>
                    <button class="btn btn-danger" type="button" disabled={form.busy()} onClick={revoke}>
                      Revoke link
                    </button>
                  </Show>
                </div>
              </>
            )}
          </Show>
        </div>
      </section>
    </RoleGate>
  );
}
