import { createStore } from "solid-js/store";
import { Show } from "solid-js";
import type { Patient, PatientInput, Sex } from "../api/patients";
import { sexLabels } from "../api/patients";
import { Field, Alert, createFormState } from "./form";

interface Draft {
  given: string;
  family: string;
  birthDate: string;
  sex: Sex;
  email: string;
  phone: string;
  line1: string;
  city: string;
  postalCode: string;
  country: string;
  conditions: string;
  allergies: string;
  insuranceProvider: string;
  insuranceMemberId: string;
}

function toDraft(p?: Partial<Patient>): Draft {
  return {
    given: p?.name?.given ?? "",
    family: p?.name?.family ?? "",
    birthDate: p?.birthDate ?? "",
    sex: p?.sex ?? "unknown",
    email: p?.contact?.email ?? "",
    phone: p?.contact?.phone ?? "",
    line1: p?.address?.line1 ?? "",
    city: p?.address?.city ?? "",
    postalCode: p?.address?.postalCode ?? "",
    country: p?.address?.country ?? "",
    conditions: (p?.conditions ?? []).join("\n"),
    allergies: (p?.allergies ?? []).join("\n"),
    insuranceProvider: p?.insurance?.provider ?? "",
    insuranceMemberId: p?.insurance?.memberId ?? "",
  };
}

const lines = (s: string) =>
  s
    .split(/[\n,]/)
    .map((x) => x.trim())
    .filter(Boolean);
const opt = (s: string) => (s.trim() ? s.trim() : undefined);

function fromDraft(d: Draft, original?: Partial<Patient>): PatientInput {
  const address = { line1: opt(d.line1), city: opt(d.city), postalCode: opt(d.postalCode), country: opt(d.country) };
  const insurance = { provider: opt(d.insuranceProvider), memberId: opt(d.insuranceMemberId) };
  return {
    name: { given: d.given.trim(), family: d.family.trim() },
    birthDate: d.birthDate,
    sex: d.sex,
    contact: { email: opt(d.email), phone: opt(d.phone) },
    ...(Object.values(address).some(Boolean) || original?.address ? { address } : {}),
    conditions: lines(d.conditions),
    allergies: lines(d.allergies),
    ...(Object.values(insurance).some(Boolean) || original?.insurance ? { insurance } : {}),
  };
}

/**
 * Create or edit a patient. `onSave` gets the request body and returns the saved record;
 * API field errors (`name.given`, `contact.email`, …) appear next to their fields.
 */
export function PatientForm(props: {
  initial?: Partial<Patient>;
  submitLabel: string;
  onSave: (input: PatientInput) => Promise<unknown>;
  onCancel?: () => void;
  /** Extra wording for API failures (e.g. the 412 stale-record message). */
  describe?: Parameters<ReturnType<typeof createFormState>["submit"]>[1];
  form?: ReturnType<typeof createFormState>;
}) {
  const form = props.form ?? createFormState();
  const [d, setD] = createStore<Draft>(toDraft(props.initial));
  const bind = (key: keyof Draft) => ({
    value: d[key],
    onInput: (e: InputEvent & { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => setD(key, e.currentTarget.value as never),
  });
  const err = (...keys: string[]) => keys.map((k) => form.error(k)).find(Boolean);
  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    await form.submit(() => props.onSave(fromDraft(d, props.initial)), props.describe);
  };

  return (
    <form class="card form-grid" onSubmit={onSubmit} novalidate aria-label="Patient details">
      <Show when={form.message()}>
        <div class="span-all">
          <Alert>{form.message()}</Alert>
        </div>
      </Show>
      <fieldset class="span-all">
        <legend>Identity</legend>
        <div class="grid-3">
          <Field label="Given name" required error={err("name.given", "name")}>
            {(id, ds) => <input id={id} aria-describedby={ds()} autocomplete="off" {...bind("given")} />}
          </Field>
          <Field label="Family name" required error={err("name.family")}>
            {(id, ds) => <input id={id} aria-describedby={ds()} autocomplete="off" {...bind("family")} />}
          </Field>
          <Field label="Date of birth" required error={err("birthDate")}>
            {(id, ds) => <input id={id} aria-describedby={ds()} type="date" max={new Date().toISOString().slice(0, 10)} {...bind("birthDate")} />}
          </Field>
          <Field label="Sex" error={err("sex")}>
            {(id, ds) => (
              <select id={id} aria-describedby={ds()} value={d.sex} onChange={(e) => setD("sex", e.currentTarget.value as Sex)}>
                {(Object.keys(sexLabels) as Sex[]).map((s) => (
                  <option value={s}>{sexLabels[s]}</option>
                ))}
              </select>
            )}
          </Field>
        </div>
      </fieldset>
      <fieldset class="span-all">
        <legend>Contact</legend>
        <div class="grid-3">
          <Field label="Email" error={err("contact.email", "contact")}>
            {(id, ds) => <input id={id} aria-describedby={ds()} type="email" autocomplete="off" {...bind("email")} />}
          </Field>
          <Field label="Phone" error={err("contact.phone")}>
            {(id, ds) => <input id={id} aria-describedby={ds()} type="tel" autocomplete="off" {...bind("phone")} />}
          </Field>
        </div>
        <div class="grid-4">
          <Field label="Street address" class="span-2" error={err("address.line1", "address")}>
            {(id, ds) => <input id={id} aria-describedby={ds()} autocomplete="off" {...bind("line1")} />}
          </Field>
          <Field label="City" error={err("address.city")}>
            {(id, ds) => <input id={id} aria-describedby={ds()} autocomplete="off" {...bind("city")} />}
          </Field>
          <Field label="Postal code" error={err("address.postalCode")}>
            {(id, ds) => <input id={id} aria-describedby={ds()} autocomplete="off" {...bind("postalCode")} />}
          </Field>
          <Field label="Country" error={err("address.country")} hint="Two-letter code, e.g. DE">
            {(id, ds) => <input id={id} aria-describedby={ds()} autocomplete="off" maxlength="2" {...bind("country")} />}
          </Field>
        </div>
      </fieldset>
      <fieldset class="span-all">
        <legend>Clinical</legend>
        <div class="grid-2">
          <Field label="Conditions" hint="One per line" error={err("conditions")}>
            {(id, ds) => <textarea id={id} aria-describedby={ds()} rows="3" {...bind("conditions")} />}
          </Field>
          <Field label="Allergies" hint="One per line" error={err("allergies")}>
            {(id, ds) => <textarea id={id} aria-describedby={ds()} rows="3" {...bind("allergies")} />}
          </Field>
        </div>
      </fieldset>
      <fieldset class="span-all">
        <legend>Insurance</legend>
        <div class="grid-3">
          <Field label="Insurer" error={err("insurance.provider", "insurance")}>
            {(id, ds) => <input id={id} aria-describedby={ds()} autocomplete="off" {...bind("insuranceProvider")} />}
          </Field>
          <Field label="Member number" error={err("insurance.memberId")}>
            {(id, ds) => <input id={id} aria-describedby={ds()} autocomplete="off" {...bind("insuranceMemberId")} />}
          </Field>
        </div>
      </fieldset>
      <div class="form-actions span-all">
        <Show when={props.onCancel}>
          <button type="button" class="btn btn-secondary" onClick={() => props.onCancel?.()}>
            Cancel
          </button>
        </Show>
        <button type="submit" class="btn btn-primary" disabled={form.busy()}>
          {form.busy() ? "Saving…" : props.submitLabel}
        </button>
      </div>
    </form>
  );
}
