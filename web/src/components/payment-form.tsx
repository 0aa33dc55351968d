import { For, createSignal } from "solid-js";
import { useAction } from "@solidjs/router";
import { money, payInvoice, paymentMethodLabels, type InvoiceDetail, type PaymentMethod } from "../api/invoices";
import { Alert, createFormState } from "./form";
import { Show } from "solid-js";

const newKey = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`);

/**
 * Record a payment (staff, admin). One Idempotency-Key per form: a double click, a retried
 * submit after a timeout, or a second tab's resend all replay the first answer instead of
 * recording the money twice. A new key is made only after a payment was recorded.
 */
export function PaymentForm(props: { invoice: InvoiceDetail; onPaid: (message: string) => void }) {
  const pay = useAction(payInvoice);
  const form = createFormState();
  const [key, setKey] = createSignal(newKey());
  const [method, setMethod] = createSignal<PaymentMethod>("card");
  const [amount, setAmount] = createSignal((props.invoice.balanceCents / 100).toFixed(2));
  const [reference, setReference] = createSignal("");
  const [localError, setLocalError] = createSignal<string | null>(null);

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (form.busy()) return; // the key covers it anyway; no need to ask the server twice
    const cents = Math.round(Number(amount().replace(",", ".")) * 100);
    if (!Number.isFinite(cents) || cents <= 0) return setLocalError("Enter an amount above zero.");
    if (cents > props.invoice.balanceCents) return setLocalError(`At most the open balance, ${money(props.invoice.balanceCents, props.invoice.currency)}.`);
    setLocalError(null);
    const out = await form.submit(() => pay(props.invoice.id, key(), { method: method(), amountCents: cents, reference: reference().trim() || undefined }));
    if (!out) return;
    setKey(newKey());
    setReference("");
    setAmount((out.invoice.balanceCents / 100).toFixed(2));
    props.onPaid(`Payment of ${money(out.payment.amountCents, out.invoice.currency)} recorded.`);
  };

  return (
    <form class="card pay-form" onSubmit={onSubmit} aria-labelledby="pay-title" novalidate>
      <h2 id="pay-title">Record a payment</h2>
      <div class="grid-3">
        <div class="field">
          <label for="pay-method">Method</label>
          <select id="pay-method" value={method()} onChange={(e) => setMethod(e.currentTarget.value as PaymentMethod)}>
            <For each={Object.entries(paymentMethodLabels)}>{([v, l]) => <option value={v}>{l}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="pay-amount">Amount ({props.invoice.currency})</label>
          <input
            id="pay-amount"
            inputmode="decimal"
            value={amount()}
            onInput={(e) => setAmount(e.currentTarget.value)}
            aria-invalid={!!(localError() || form.errors().amountCents)}
            aria-describedby="pay-amount-error"
          />
          <Show when={localError() || form.errors().amountCents}>
            <p class="field-error" id="pay-amount-error">
              {localError() || form.errors().amountCents}
            </p>
          </Show>
        </div>
        <div class="field">
          <label for="pay-reference">Reference (optional)</label>
          <input id="pay-reference" maxlength="200" value={reference()} onInput={(e) => setReference(e.currentTarget.value)} />
        </div>
      </div>
      <Show when={form.message()}>
        <Alert>{form.message()}</Alert>
      </Show>
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={form.busy()}>
          {form.busy() ? "Recording…" : "Record payment"}
        </button>
      </div>
    </form>
  );
}
