import type { Actor } from "../actor";

/**
 * SMART v2 system scopes (docs/smart.md): `system/<Type|*>.<cruds>` — the letters a subset of
 * c(reate) r(ead) u(pdate) d(elete) s(earch), in that order. The v1 forms `.read` (= `rs`),
 * `.write` (= `cud`) and `.*` (= `cruds`) are accepted as aliases and stored in the v2 form.
 * Only the `system/` context exists here: a backend service acts for no user and no patient.
 * Granular scopes (`?category=…`) are not supported and are refused as malformed.
 */
export type Permission = "c" | "r" | "u" | "d" | "s";
const ORDER: readonly Permission[] = ["c", "r", "u", "d", "s"];

export interface Scope {
  /** A FHIR resource type, or `*` for every type. */
  type: string;
  /** The granted letters, in the canonical order. */
  permissions: readonly Permission[];
}

const V1: Record<string, string> = { read: "rs", write: "cud", "*": "cruds" };
const SCOPE = /^system\/(\*|[A-Z][A-Za-z]{0,63})\.([a-z*]{1,5})$/;

/** One scope string in its canonical v2 form, or null when it is not a system scope this server understands. */
export function parseScope(text: string): Scope | null {
  const m = SCOPE.exec(text);
  if (!m) return null;
  const letters = V1[m[2]!] ?? m[2]!;
  // v2 letters appear at most once each and in the order c, r, u, d, s.
  if (!/^c?r?u?d?s?$/.test(letters) || letters === "") return null;
  return { type: m[1]!, permissions: ORDER.filter((p) => letters.includes(p)) };
}

export const formatScope = (s: Scope) => `system/${s.type}.${s.permissions.join("")}`;

/** A space-separated scope list (RFC 6749 §3.3): the parsed scopes and the strings that were not understood. */
export function parseScopes(text: string): { scopes: Scope[]; invalid: string[] } {
  const scopes: Scope[] = [];
  const invalid: string[] = [];
  for (const part of text.split(" ").filter(Boolean)) {
    const s = parseScope(part);
    if (s) scopes.push(s);
    else invalid.push(part);
  }
  return { scopes, invalid };
}

/** The letters both scopes grant on the types both cover (`*` ∩ `Patient` = `Patient`); null when nothing is common. */
function meet(a: Scope, b: Scope): Scope | null {
  const type = a.type === "*" ? b.type : b.type === "*" || b.type === a.type ? a.type : null;
  if (!type) return null;
  const permissions = a.permissions.filter((p) => b.permissions.includes(p));
  return permissions.length ? { type, permissions } : null;
}

/**
 * The granted scope: what was requested, narrowed to what the client is allowed (each requested
 * scope met with each allowed one), as canonical strings without duplicates. Asking for
 * `system/*.rs` with `system/Patient.rs` allowed grants `system/Patient.rs`: the client learns
 * from the answer's `scope` what it really got (RFC 6749 §5.1).
 */
export function grant(requested: readonly Scope[], allowed: readonly Scope[]): string[] {
  const out = new Set<string>();
  for (const r of requested)
    for (const a of allowed) {
      const m = meet(r, a);
      if (m) out.add(formatScope(m));
    }
  return [...out];
}

/** Whether these scope strings grant `permission` on `type`. */
export function permits(scopes: readonly string[], type: string, permission: Permission): boolean {
  return scopes.some((text) => {
    const s = parseScope(text);
    return !!s && (s.type === "*" || s.type === type) && s.permissions.includes(permission);
  });
}

/**
 * The one question every FHIR route — and Bulk `$export`, per resource type it writes — asks of a
 * SMART client: may this actor do `permission` on `type`? True only for a SMART client whose
 * granted scopes say so; false for every other actor (users follow their role rules instead,
 * internal jobs never reach the FHIR routes). `hasScope(actor, "Patient", "r")`.
 */
export function hasScope(actor: Actor, type: string, permission: Permission): boolean {
  return actor.type === "system" && !!actor.client && permits(actor.client.scopes, type, permission);
}

/** Whether the actor is a SMART client (so its scopes, not a role, decide). */
export const isClient = (actor: Actor): actor is Extract<Actor, { type: "system" }> & { client: { id: string; scopes: readonly string[] } } =>
  actor.type === "system" && !!actor.client;
