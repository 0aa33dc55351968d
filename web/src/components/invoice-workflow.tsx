import { For, Show } from "solid-js";
import type { InvoiceDetail, WorkflowStep } from "../api/invoices";
import { formatTimestamp } from "../format";

type Workflow = NonNullable<InvoiceDetail["workflow"]>;

/** The billing state machine's happy path (packages/core/src/billing/workflow.ts), to show what is still ahead. */
const plannedPath = ["LoadContext", "PriceVisit", "CreateInvoice", "StillPending", "AssignNumber", "RenderPdf", "IssueInvoice"];

const stepLabels: Record<string, string> = {
  LoadContext: "Load the appointment",
  PriceVisit: "Price the visit",
  CreateInvoice: "Create the invoice",
  StillPending: "Check it is still pending",
  AssignNumber: "Assign the invoice number",
  RenderPdf: "Render the PDF",
  IssueInvoice: "Issue the invoice",
  AlreadySettled: "Already settled",
  MarkFailed: "Record the failure",
  BillingFailed: "Billing failed",
};

const statusText = { running: "In progress", succeeded: "Done", failed: "Failed", waiting: "Waiting" } as const;

function duration(from: string, to: string | null) {
  if (!to) return "";
  const ms = Date.parse(to) - Date.parse(from);
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The billing workflow's progress, step by step, from `GET /api/invoices/{id}`. */
export function InvoiceWorkflow(props: { workflow: Workflow | null }) {
  const steps = (): (WorkflowStep | { name: string; status: "waiting" })[] => {
    const w = props.workflow;
    if (!w) return [];
    const seen = new Set(w.steps.map((s) => s.name));
    const ahead = w.status === "RUNNING" ? plannedPath.filter((n) => !seen.has(n)).map((name) => ({ name, status: "waiting" as const })) : [];
    return [...w.steps, ...ahead];
  };
  return (
    <div class="card">
      <h2>Billing workflow</h2>
      <Show when={props.workflow} fallback={<p class="muted">The workflow's progress cannot be read right now; the invoice above is current.</p>}>
        {(w) => (
          <>
            <p class="small muted">
              Execution <span class="mono">{w().executionName}</span> · <span class="strong">{w().status.replace("_", " ").toLowerCase()}</span>
              <Show when={w().startedAt}> · started {formatTimestamp(w().startedAt)}</Show>
              <Show when={w().stoppedAt}> · finished {formatTimestamp(w().stoppedAt)}</Show>
            </p>
            <Show when={w().status === "NOT_FOUND"}>
              <p class="muted">No billing run has started for this invoice yet; the sweeper starts one within minutes.</p>
            </Show>
            <ol class="steps" aria-label="Workflow steps">
              <For each={steps()}>
                {(s) => (
                  <li class={`step step-${s.status}`} aria-current={s.status === "running" ? "step" : undefined}>
                    <span class="step-dot" aria-hidden="true" />
                    <div>
                      <div>
                        <span class="strong">{stepLabels[s.name] ?? s.name}</span> <span class={`step-status`}>{statusText[s.status]}</span>
                      </div>
                      <Show when={"enteredAt" in s ? (s as WorkflowStep) : undefined}>
                        {(done) => (
                          <div class="small muted">
                            {formatTimestamp(done().enteredAt)}
                            <Show when={done().exitedAt}> · {duration(done().enteredAt, done().exitedAt)}</Show>
                            <Show when={done().attempts > 1}> · {done().attempts} attempts</Show>
                          </div>
                        )}
                      </Show>
                      <Show when={"errors" in s && (s as WorkflowStep).errors.length}>
                        <ul class="step-errors small">
                          <For each={(s as WorkflowStep).errors}>
                            {(e) => (
                              <li>
                                {e.error}
                                <Show when={e.cause}>: {e.cause!.slice(0, 200)}</Show>
                              </li>
                            )}
                          </For>
                        </ul>
                      </Show>
                    </div>
                  </li>
                )}
              </For>
            </ol>
          </>
        )}
      </Show>
    </div>
  );
}
