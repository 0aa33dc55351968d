type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** RFC 7396 JSON Merge Patch: objects merge recursively, `null` removes, everything else replaces. */
export function mergePatch<T>(target: T, patch: unknown): T {
  if (!isObject(patch)) return patch as T;
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out as T;
}

/** Known fields whose sub-fields are reported by name; `extensions` keys are not (they are chosen by clients). */
const DETAILED = new Set(["name", "contact", "address", "insurance"]);

/**
 * The names (never the values) of what changed between two versions of a record, for the
 * audit log: `contact.phone`, `allergies`, `extensions`.
 */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>, fields: readonly string[]): string[] {
  const same = (a: unknown, b: unknown) => JSON.stringify(a as Json) === JSON.stringify(b as Json);
  const out: string[] = [];
  for (const field of fields) {
    const a = before[field];
    const b = after[field];
    if (same(a, b)) continue;
    if (DETAILED.has(field) && (isObject(a) || isObject(b))) {
      const ao = isObject(a) ? a : {};
      const bo = isObject(b) ? b : {};
      for (const k of [...new Set([...Object.keys(ao), ...Object.keys(bo)])].sort()) if (!same(ao[k], bo[k])) out.push(`${field}.${k}`);
    } else out.push(field);
  }
  return out;
}
