import { monotonicFactory } from "ulid";

const next = monotonicFactory();

/** Prefixes make an id say what it points at in logs and URLs. */
export const prefixes = {
  user: "usr",
  refreshToken: "rtk",
  patient: "pat",
  doctor: "doc",
  appointment: "apt",
  invoice: "inv",
  payment: "pay",
  audit: "aud",
  event: "evt",
  request: "req",
} as const;

export type IdKind = keyof typeof prefixes;

/** Sortable (ULID-based), prefixed id, e.g. `apt_01J9Z…`. */
export function createId(kind: IdKind): string {
  return `${prefixes[kind]}_${next().toLowerCase()}`;
}

export function idPattern(kind: IdKind): RegExp {
  return new RegExp(`^${prefixes[kind]}_[0-9a-z]{26}$`);
}
