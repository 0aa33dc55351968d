import { For, Show, type JSX } from "solid-js";
import { patientName, sexLabels, type Patient } from "../api/patients";
import { age, formatDate } from "../format";

export function BirthDate(props: { value?: string | null }) {
  return (
    <Show when={props.value} fallback={<span class="muted">—</span>}>
      <span class="nowrap">{formatDate(props.value)}</span> <span class="muted nowrap">· {age(props.value)}</span>
    </Show>
  );
}

export function PatientView(props: { patient: Patient; self?: boolean }) {
  const p = () => props.patient;
  const addr = () => {
    const a = p().address;
    if (!a) return [];
    return [a.line1, a.line2, [a.postalCode, a.city].filter(Boolean).join(" "), a.region, a.country].filter(Boolean) as string[];
  };
  const ext = () => Object.entries(p().extensions ?? {});
  return (
    <div class="record-grid">
      <div class="card">
        <h2>Identity</h2>
        <dl class="dl">
          <Row label="Name">{patientName(p())}</Row>
          <Row label="Date of birth">{p().birthDate ? <BirthDate value={p().birthDate} /> : undefined}</Row>
          <Row label="Sex">{p().sex ? (sexLabels[p().sex!] ?? p().sex) : undefined}</Row>
        </dl>
      </div>
      <div class="card">
        <h2>Contact</h2>
        <dl class="dl">
          <Row label="Email">{p().contact?.email}</Row>
          <Row label="Phone">{p().contact?.phone}</Row>
          <Row label="Address">
            {addr().length ? (
              <address>
                <For each={addr()}>{(line) => <div>{line}</div>}</For>
              </address>
            ) : undefined}
          </Row>
        </dl>
      </div>
      <div class="card">
        <h2>Clinical</h2>
        <dl class="dl">
          <Row label="Conditions">
            <Tags items={p().conditions} />
          </Row>
          <Row label="Allergies">
            <Tags items={p().allergies} kind="warn" />
          </Row>
        </dl>
      </div>
      <div class="card">
        <h2>Insurance</h2>
        <dl class="dl">
          <Row label="Insurer">{p().insurance?.provider}</Row>
          <Row label="Member number">{p().insurance?.memberId}</Row>
          <Row label="Group number">{p().insurance?.groupNumber}</Row>
        </dl>
      </div>
      <Show when={ext().length}>
        <div class="card">
          <h2>Additional information</h2>
          <dl class="dl">
            <For each={ext()}>{([k, v]) => <Row label={humanize(k)}>{v === null ? undefined : typeof v === "boolean" ? (v ? "Yes" : "No") : String(v)}</Row>}</For>
          </dl>
        </div>
      </Show>
    </div>
  );
}

/** `preferredLanguage` / `preferred_language` → "Preferred language". */
function humanize(key: string) {
  const words = key
    .replace(/_/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function Row(props: { label: string; children?: JSX.Element }) {
  return (
    <div class="dl-row">
      <dt>{props.label}</dt>
      <dd>{props.children || <span class="muted">—</span>}</dd>
    </div>
  );
}

function Tags(props: { items?: string[]; kind?: "warn" }) {
  return (
    <Show when={props.items?.length} fallback={<span class="muted">None recorded</span>}>
      <ul class="tags">
        <For each={props.items}>{(t) => <li class={`tag ${props.kind === "warn" ? "tag-warn" : ""}`}>{t}</li>}</For>
      </ul>
    </Show>
  );
}
