import { VisibleError, type FieldIssue } from "./error";

/**
 * The one rule for every string that may reach Postgres or DynamoDB: no NUL (U+0000), which
 * Postgres cannot store in text or jsonb (SQLSTATE 22021 / 22P05), and no unpaired surrogate
 * halves, which are not valid UTF-8 and which DynamoDB refuses. Everything else is the
 * schema's business.
 *
 * It is enforced twice, at both edges: by `fn()` on every domain operation's input (so a
 * Step Functions task or a test gets the same answer), and before validation on every HTTP
 * route (`route()` adds the middleware), where the path parameters and query are checked too.
 */
export const UNSAFE_TEXT_MESSAGE = "Must not contain NUL (U+0000) or unpaired surrogate characters";

const unpaired = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isSafeText(value: string): boolean {
  return !value.includes("\u0000") && !unpaired.test(value);
}

/**
 * Every offending string in a JSON-like value — values and keys alike — as field issues with
 * dotted paths (`contact.email`, `names.2`). Iterative, so a deeply nested body cannot overflow
 * the stack; stops after `max` findings.
 */
export function findUnsafeText(value: unknown, prefix = "", max = 10): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
  const stack: [unknown, string][] = [[value, prefix]];
  while (stack.length && issues.length < max) {
    const [v, path] = stack.pop()!;
    if (typeof v === "string") {
      if (!isSafeText(v)) issues.push({ field: path || "(input)", message: UNSAFE_TEXT_MESSAGE });
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], join(path, String(i))]);
    } else if (v !== null && typeof v === "object" && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)) {
      for (const [k, child] of Object.entries(v)) {
        // A bad key is named by a printable form of itself, so the field name is readable.
        if (!isSafeText(k)) issues.push({ field: join(path, JSON.stringify(k).slice(1, -1)), message: UNSAFE_TEXT_MESSAGE });
        else stack.push([child, join(path, k)]);
      }
    }
  }
  return issues;
}

export function assertSafeText(value: unknown, prefix = "") {
  const issues = findUnsafeText(value, prefix);
  if (issues.length) throw new VisibleError("input", "validation", "The request is invalid.", issues);
}

/** For text that must be kept even so (audit rows): NUL and lone surrogates become U+FFFD. */
export function scrubText(value: string): string {
  return isSafeText(value) ? value : value.replace(/\u0000/g, "\uFFFD").replace(new RegExp(unpaired.source, "g"), "\uFFFD");
}
