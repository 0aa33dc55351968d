import { createStore } from "solid-js/store";
import { For, Show } from "solid-js";
import { SELF_EDITABLE, sexLabels, type Extensions, type Patient, type PatientInput, type PatientPatch, type Sex } from "../api/patients";
import { Field, Alert, createFormState } from "./form";

interface ExtensionRow {
  key: string;
  value: string;
}

interface Draft {
  given: string;
  family: string;
  birthDate: string;
  sex: Sex | "";
  email: string;
  phone: string;
  line1: string;
  line2: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
  conditions: string;
  allergies: string;
  insuranceProvider: string;
  insuranceMemberId: string;
  insuranceGroup: string;
  extensions: ExtensionRow[];
}

function toDraft(p?: Partial<Patient>): Draft {
  return {
    given: p?.name?.given ?? "",
    family: p?.name?.family ?? "",
    birthDate: p?.birthDate ?? "",
    sex: p?.sex ?? "",
    email: p?.contact?.email ?? "",
    phone: p?.contact?.phone ?? "",
    line1: p?.address?.line1 ?? "",
    line2: p?.address?.line2 ?? "",
    city: p?.address?.city ?? "",
    region: p?.address?.region ?? "",
    postalCode: p?.address?.postalCode ?? "",
    country: p?.address?.country ?? "",
    conditions: (p?.conditions ?? []).join("\n"),
    allergies: (p?.allergies ?? []).join("\n"),
    insuranceProvider: p?.insurance?.provider ?? "",
    insuranceMemberId: p?.insurance?.memberId ?? "",
    insuranceGroup: p?.insurance?.groupNumber ?? "",
    extensions: Object.entries(p?.extensions ?? {}).map(([key, value]) => ({ key, value: value === null ? "" : String(value) })),
  };
}

const lines = (s: string) =>
  s
    .split(/\n/)
    .map((x) => x.trim())
    .filter(Boolean);
const opt = (s: string) => (s.trim() ? s.trim() : undefined);

/** Drop undefined members; an object left empty becomes undefined. */
function compact<T extends object>(o: T): T | undefined {
  const out = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  return Object.keys(out).length ? out : undefined;
}

/** A value typed as text goes back as the type it had (number, true/false), else as text. */
function extensionValue(text: string, before: unknown): string | number | boolean | null {
  const t = text.trim();
  if (typeof before === "number" && t !== "" && Number.isFinite(Number(t))) return Number(t);
  if (typeof before === "boolean" && (t === "true" || t === "false")) return t === "true";
  if (before === null && t === "") return null;
  return t;
}

function fromDraft(d: Draft, original?: Partial<Patient>): PatientInput {
  const ext: Extensions = {};
  for (const row of d.extensions) {
    const key = row.key.trim();
    if (key) ext[key] = extensionValue(row.value, original?.extensions?.[key]);
  }
  const list = (s: string) => {
    const l = lines(s);
    return l.length ? l : undefined;
  };
  return {
    name: { given: d.given.trim(), family: d.family.trim() },
    birthDate: opt(d.birthDate),
    sex: d.sex || undefined,
    contact: compact({ email: opt(d.email)?.toLowerCase(), phone: opt(d.phone) }),
    address: compact({ line1: opt(d.line1), line2: opt(d.line2), city: opt(d.city), region: opt(d.region), postalCode: opt(d.postalCode), country: opt(d.country)?.toUpperCase() }),
    conditions: list(d.conditions),
    allergies: list(d.allergies),
    insurance: compact({ provider: opt(d.insuranceProvider), memberId: opt(d.insuranceMemberId), groupNumber: opt(d.insuranceGroup) }),
    extensions: Object.keys(ext).length ? ext : undefined,
  };
}

function withoutUndefined(input: PatientInput): PatientInput {
  return compact(input as unknown as Record<string, unknown>) as unknown as PatientInput;
}

/** Stable JSON for comparing values regardless of key order. */
function canon(v: unknown): string {
  if (v === undefined) return "undefined";
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canon).join(",")}]`;
  return `{${Object.keys(v)
    .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canon((v as Record<string, unknown>)[k])}`)
    .join(",")}}`;
}

/**
 * The PATCH body: only the top-level fields that changed (the API replaces each named field
 * whole), `null` for one that was emptied. Fields outside `allowed` are never sent.
 */
function diffPatch(original: Partial<Patient>, next: PatientInput, allowed?: readonly string[]): PatientPatch {
  const patch: Record<string, unknown> = {};
  const keys = ["name", "birthDate", "sex", "contact", "address", "conditions", "allergies", "insurance", "extensions"] as const;
  for (const k of keys) {
    if (allowed && !allowed.includes(k)) continue;
    const before = original[k];
    const after = next[k];
    if (canon(before) === canon(after)) continue;
    const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
    // The API applies JSON Merge Patch (RFC 7396): nested objects merge key by key, so a key
    // the user removed must be sent as null or the old value would stay.
    patch[k] = after === undefined ? null : isObject(before) && isObject(after) ? { ...Object.fromEntries(Object.keys(before).map((key) => [key, null])), ...after } : after;
  }
  return patch as PatientPatch;
}

/**
 * Create or edit a patient. `mode: "self"` is a patient's own record: only contact, address
 * and insurance are editable (the API refuses the rest). On save, `onSave` gets the full
 * body and — when editing — the PATCH of changed fields. API field errors (`name.given`,
 * `contact.email`, …) appear next to their fields.
 */
export function PatientForm(props: {
  initial?: Partial<Patient>;
  mode?: "full" | "self";
  submitLabel: string;
  onSave: (input: PatientInput, patch: PatientPatch) => Promise<unknown>;
  onCancel?: () => void;
  /** Extra wording for API failures (e.g. the 412 stale-record message). */
  describe?: Parameters<ReturnType<typeof createFormState>["submit"]>[1];
  form?: ReturnType<typeof createFormState>;
}) {
  const form = props.form ?? createFormState();
  const self = () => props.mode === "self";
  const [d, setD] = createStore<Draft>(toDraft(props.initial));
  type TextKey = Exclude<keyof Draft, "extensions" | "sex">;
  const bind = (key: TextKey) => ({
    value: d[key],
    onInput: (e: InputEvent & { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => setD(key, e.currentTarget.value),
  });
  /** The error for the first of these dotted paths that has one, else one under the first (`conditions.3`). */
  const err = (...keys: string[]) => {
    const all = form.errors();
    const exact = keys.find((k) => all[k]);
    if (exact) return all[exact];
    const nested = Object.keys(all).find((f) => f.startsWith(`${keys[0]}.`));
    return nested ? all[nested] : undefined;
  };
  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    const input = withoutUndefined(fromDraft(d, props.initial));
    const patch = diffPatch(props.initial ?? {}, input, self() ? SELF_EDITABLE : undefined);
    await form.submit(() => props.onSave(input, patch), props.describe);
  };
  const extensionsError = () =>
    Object.entries(form.errors())
      .filter(([k]) => k === "extensions" || k.startsWith("extensions."))
      .map(([k, v]) => (k === "extensions" ? v : `${k.slice("extensions.".length)}: ${v}`))[0];

  return (
    <form class="card form-grid" onSubmit={onSubmit} novalidate aria-label="Patient details">
      <Show when={form.message()}>
        <div class="span-all">
          <Alert>{form.message()}</Alert>
        </div>
      </Show>
      <Show when={!self()}>
        <fieldset class="span-all">
          <legend>Identity</legend>
          <div class="grid-4">
            <Field label="Given name" required error={err("name.given", "name")}>
              {(id, ds) => <input id={id} aria-describedby={ds()} aria-invalid={!!err("name.given", "name")} autocomplete="off" {...bind("given")} />}
            </Field>
            <Field label="Family name" required error={err("name.family")}>
              {(id, ds) => <input id={id} aria-describedby={ds()} aria-invalid={!!err("name.family")} autocomplete="off" {...bind("family")} />}
            </Field>
            <Field label="Date of birth" error={err("birthDate")}>
              {(id, ds) => (
                <input
                  id={id}
                  aria-describedby={ds()}
                  aria-invalid={!!err("birthDate")}
                  type="date"
                  min="1900-01-01"
                  max={new Date().toISOString().slice(0, 10)}
                  {...bind("birthDate")}
                />
              )}
            </Field>
            <Field label="Sex" error={err("sex")}>
              {(id, ds) => (
                <select id={id} aria-describedby={ds()} value={d.sex} onChange={(e) => setD("sex", e.currentTarget.value as Sex | "")}>
                  <option value="">—</option>
                  {(Object.keys(sexLabels) as Sex[]).map((s) => (
                    <option value={s}>{sexLabels[s]}</option>
                  ))}
                </select>
              )}
            </Field>
          </div>
        </fieldset>
      </Show>
      <fieldset class="span-all">
        <legend>Contact</legend>
        <div class="grid-2 narrow">
          <Field label="Email" error={err("contact.email", "contact")}>
            {(id, ds) => (
              <input id={id} aria-describedby={ds()} aria-invalid={!!err("contact.email", "contact")} type="email" autocomplete={self() ? "email" : "off"} {...bind("email")} />
            )}
          </Field>
          <Field label="Phone" error={err("contact.phone")} hint="International format, e.g. +49 30 1234567">
            {(id, ds) => <input id={id} aria-describedby={ds()} aria-invalid={!!err("contact.phone")} type="tel" autocomplete={self() ? "tel" : "off"} {...bind("phone")} />}
          </Field>
        </div>
      </fieldset>
      <fieldset class="span-all">
        <legend>Address</legend>
        <div class="grid-2">
          <Field label="Street address" error={err("address.line1", "address")}>
            {(id, ds) => <input id={id} aria-describedby={ds()} autocomplete={self() ? "address-line1" : "off"} {...bind("line1")} />}
          </Field>
          <Field label="Address line 2" error={err("address.line2")}>
            {(id, ds) => <input id={id} aria-describedby={ds()} autocomplete={self() ? "address-line2" : "off"} {...bind("line2")} />}
          </Field>
        </div>
        <div class="grid-4 gap-top">
          <Field label="Postal code" error={err("address.postalCode")}>
            {(id, ds) => <input id={id} aria-describedby={ds()} autocomplete={self() ? "postal-code" : "off"} {...bind("postalCode")} />}
          </Field>
          <Field label="City" error={err("address.city")}>
            {(id, ds) => <input id={id} aria-describedby={ds()} autocomplete={self() ? "address-level2" : "off"} {...bind("city")} />}
          </Field>
          <Field label="Region / state" error={err("address.region")}>
            {(id, ds) => <input id={id} aria-describedby={ds()} autocomplete={self() ? "address-level1" : "off"} {...bind("region")} />}
          </Field>
          <Field label="Country" error={err("address.country")} hint="Two-letter code, e.g. DE">
            {(id, ds) => (
              <input
                id={id}
                aria-describedby={ds()}
                aria-invalid={!!err("address.country")}
                autocomplete={self() ? "country" : "off"}
                maxlength="2"
                class="upper"
                {...bind("country")}
              />
            )}
          </Field>
        </div>
      </fieldset>
      <Show when={!self()}>
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
      </Show>
      <fieldset class="span-all">
        <legend>Insurance</legend>
        <div class="grid-3">
          <Field label="Insurer" error={err("insurance.provider", "insurance")}>
            {(id, ds) => <input id={id} aria-describedby={ds()} autocomplete="off" {...bind("insuranceProvider")} />}
          </Field>
          <Field label="Member number" error={err("insurance.memberId")}>
            {(id, ds) => <input id={id} aria-describedby={ds()} autocomplete="off" {...bind("insuranceMemberId")} />}
          </Field>
          <Field label="Group number" error={err("insurance.groupNumber")}>
            {(id, ds) => <input id={id} aria-describedby={ds()} autocomplete="off" {...bind("insuranceGroup")} />}
          </Field>
        </div>
      </fieldset>
      <Show when={!self()}>
        <fieldset class="span-all">
          <legend>Additional information</legend>
          <p class="hint">Clinic-specific fields (e.g. preferredLanguage). Keys start with a letter; letters, digits and _ only. Up to 20.</p>
          <div class="ext-rows" role="group" aria-label="Additional information" aria-describedby={extensionsError() ? "ext-error" : undefined}>
            <For each={d.extensions}>
              {(row, i) => (
                <div class="ext-row">
                  <label class="sr-only" for={`ext-key-${i()}`}>
                    Field name {i() + 1}
                  </label>
                  <input id={`ext-key-${i()}`} class="mono" placeholder="fieldName" value={row.key} onInput={(e) => setD("extensions", i(), "key", e.currentTarget.value)} />
                  <label class="sr-only" for={`ext-value-${i()}`}>
                    Value {i() + 1}
                  </label>
                  <input id={`ext-value-${i()}`} placeholder="Value" value={row.value} onInput={(e) => setD("extensions", i(), "value", e.currentTarget.value)} />
                  <button
                    type="button"
                    class="btn btn-ghost btn-sm"
                    aria-label={`Remove ${row.key || "field"}`}
                    onClick={() => setD("extensions", (rows) => rows.filter((_, j) => j !== i()))}
                  >
                    Remove
                  </button>
                </div>
              )}
            </For>
          </div>
          <Show when={extensionsError()}>
            <p class="field-error" id="ext-error">
              {extensionsError()}
            </p>
          </Show>
          <button
            type="button"
            class="btn btn-secondary btn-sm gap-top"
            disabled={d.extensions.length >= 20}
            onClick={() => setD("extensions", (rows) => [...rows, { key: "", value: "" }])}
          >
            Add field
          </button>
        </fieldset>
      </Show>
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
