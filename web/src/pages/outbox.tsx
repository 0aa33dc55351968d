import { For, Show, createSignal } from "solid-js";
import { createAsync, useSearchParams } from "@solidjs/router";
import { listOutbox, type OutboxItem } from "../api/notifications";
import { PageHeader, RoleGate } from "../components/layout";
import { createPager } from "../components/pager";
import { PagedTable } from "../components/paged-table";
import { formatClock, formatDate, formatTimestamp } from "../format";

const statuses: OutboxItem["status"][] = ["pending", "sent", "failed", "cancelled"];
const statusLabel: Record<OutboxItem["status"], string> = { pending: "Waiting", sent: "Sent", failed: "Failed", cancelled: "Withdrawn" };

/**
 * Admin: every mail the clinic sent or will send (docs/notifications.md) — recipient, subject,
 * status, time — and the body as the patient saw it. The HTML body renders in a sandboxed frame
 * (no scripts, no same-origin access); a reset link's body is never shown.
 */
export function OutboxPage() {
  const [params, setParams] = useSearchParams();
  const pager = createPager();
  const [open, setOpen] = createSignal<OutboxItem | null>(null);
  const status = () => (typeof params.status === "string" ? (params.status as OutboxItem["status"]) : undefined);
  const page = createAsync(() => listOutbox({ status: status(), cursor: pager.cursor() }));
  return (
    <RoleGate roles={["admin"]}>
      <section class="page page-wide">
        <PageHeader title="Outbox" subtitle="Every email to patients and staff, newest first. Opening this page is audited." />
        <form class="filters card" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
          <div class="field">
            <label for="o-status">Status</label>
            <select
              id="o-status"
              value={status() ?? ""}
              onChange={(e) => {
                pager.reset();
                setOpen(null);
                setParams({ status: e.currentTarget.value || undefined });
              }}
            >
              <option value="">Any status</option>
              <For each={statuses}>{(s) => <option value={s}>{statusLabel[s]}</option>}</For>
            </select>
          </div>
        </form>
        <Show when={open()}>
          {(m) => (
            <article class="card stack" aria-label="Selected email">
              <div class="row-between">
                <h2>{m().subject}</h2>
                <button class="btn btn-ghost" type="button" onClick={() => setOpen(null)}>
                  Close
                </button>
              </div>
              <p class="small muted">
                To {m().to} · {statusLabel[m().status]} · {formatTimestamp(m().sentAt ?? m().createdAt)}
                <Show when={m().lastError}> · {m().lastError}</Show>
              </p>
              <Show
                when={m().html}
                fallback={
                  <Show when={m().text} fallback={<p class="muted">This email held a sign-in link: its body is not shown.</p>}>
                    <pre class="mail-text">{m().text}</pre>
                  </Show>
                }
              >
                <iframe class="mail-frame" title={`Email: ${m().subject}`} sandbox="" srcdoc={m().html!} />
              </Show>
            </article>
          )}
        </Show>
        <PagedTable
          page={page}
          pager={pager}
          empty="No email matches this filter."
          head={
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Recipient</th>
              <th scope="col">Subject</th>
              <th scope="col">Status</th>
            </tr>
          }
          rows={(items) => (
            <For each={items}>
              {(m) => (
                <tr>
                  <td data-label="Time" class="nowrap small num">
                    <time datetime={m.createdAt} title={formatTimestamp(m.createdAt)}>
                      <div>{formatDate(m.createdAt)}</div>
                      <div class="muted">{formatClock(m.createdAt)}</div>
                    </time>
                  </td>
                  <td data-label="Recipient" class="small">
                    {m.to}
                  </td>
                  <td data-label="Subject">
                    <button type="button" class="linkish" onClick={() => setOpen(m)}>
                      {m.subject}
                    </button>
                    <div class="small muted mono">{m.kind}</div>
                  </td>
                  <td data-label="Status">
                    <span class={`badge badge-${m.status}`}>{statusLabel[m.status]}</span>
                  </td>
                </tr>
              )}
            </For>
          )}
        />
      </section>
    </RoleGate>
  );
}
