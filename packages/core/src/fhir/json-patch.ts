import { z } from "../util/zod";
import { VisibleError, issuesFromZod } from "../util/error";

/**
 * JSON Patch (RFC 6902) for the FHIR `patch` interaction (`application/json-patch+json`):
 * applied to a copy of the current resource, so a failing operation leaves nothing half done.
 * A malformed document or a path that does not exist is a 400; a failed `test` a 422 (FHIR:
 * the patch cannot be applied to this version).
 */
const Pointer = z
  .string()
  .max(200)
  .regex(/^(\/[^/]*)*$/, "Must be a JSON Pointer such as /status");
const Op = z.discriminatedUnion("op", [
  z.object({ op: z.literal("add"), path: Pointer, value: z.unknown() }).strict(),
  z.object({ op: z.literal("replace"), path: Pointer, value: z.unknown() }).strict(),
  z.object({ op: z.literal("test"), path: Pointer, value: z.unknown() }).strict(),
  z.object({ op: z.literal("remove"), path: Pointer }).strict(),
  z.object({ op: z.literal("move"), from: Pointer, path: Pointer }).strict(),
  z.object({ op: z.literal("copy"), from: Pointer, path: Pointer }).strict(),
]);
export const JsonPatch = z.array(Op).min(1).max(50);

const invalid = (field: string, message: string) => new VisibleError("input", "validation", "The request is invalid.", [{ field, message }]);

function tokens(pointer: string): string[] {
  return pointer === ""
    ? []
    : pointer
        .slice(1)
        .split("/")
        .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

type Json = unknown;
type Container = Record<string, Json> | Json[];

/** The parent container of `pointer` and the last token; every step must exist. */
function locate(doc: Json, pointer: string, field: string): { parent: Container; key: string } {
  const path = tokens(pointer);
  if (!path.length) throw invalid(field, "Cannot patch the whole document");
  let node: Json = doc;
  for (const t of path.slice(0, -1)) {
    node = child(node, t, field);
  }
  if (node === null || typeof node !== "object") throw invalid(field, "Path does not exist");
  return { parent: node as Container, key: path.at(-1)! };
}

function child(node: Json, t: string, field: string): Json {
  if (Array.isArray(node)) {
    if (!/^(0|[1-9]\d{0,3})$/.test(t) || Number(t) >= node.length) throw invalid(field, "Path does not exist");
    return node[Number(t)];
  }
  if (node === null || typeof node !== "object" || !Object.hasOwn(node, t)) throw invalid(field, "Path does not exist");
  return (node as Record<string, Json>)[t];
}

function get(doc: Json, pointer: string, field: string): Json {
  let node = doc;
  for (const t of tokens(pointer)) node = child(node, t, field);
  return node;
}

function add(doc: Json, pointer: string, value: Json, field: string) {
  const { parent, key } = locate(doc, pointer, field);
  if (Array.isArray(parent)) {
    const i = key === "-" ? parent.length : /^(0|[1-9]\d{0,3})$/.test(key) ? Number(key) : -1;
    if (i < 0 || i > parent.length) throw invalid(field, "Path does not exist");
    parent.splice(i, 0, value);
  } else parent[key] = value;
}

function remove(doc: Json, pointer: string, field: string): Json {
  const { parent, key } = locate(doc, pointer, field);
  const old = child(parent, key, field);
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else delete parent[key];
  return old;
}

const same = (a: Json, b: Json) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
function canonical(v: Json): Json {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === "object")
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical((v as Record<string, Json>)[k])]),
    );
  return v;
}

/** Apply `patch` (unparsed body) to a deep copy of `doc`; `doc` itself is never changed. */
export function applyJsonPatch<T>(doc: T, patch: unknown): T {
  const parsed = JsonPatch.safeParse(patch);
  if (!parsed.success)
    throw new VisibleError(
      "input",
      "validation",
      "The request is invalid.",
      issuesFromZod(parsed.error.issues).map((i) => ({ ...i, field: `body.${i.field}` })),
    );
  const out = structuredClone(doc) as Json;
  for (const [n, op] of parsed.data.entries()) {
    const field = `body.${n}.path`;
    switch (op.op) {
      case "add":
        add(out, op.path, structuredClone(op.value), field);
        break;
      case "replace":
        remove(out, op.path, field);
        add(out, op.path, structuredClone(op.value), field);
        break;
      case "remove":
        remove(out, op.path, field);
        break;
      case "test":
        if (!same(get(out, op.path, field), op.value))
          throw new VisibleError("unprocessable", "fhir.patch_test_failed", "A test operation of the patch failed.", [{ field, message: "Value differs" }]);
        break;
      case "move":
        add(out, op.path, remove(out, op.from, `body.${n}.from`), field);
        break;
      case "copy":
        add(out, op.path, structuredClone(get(out, op.from, `body.${n}.from`)), field);
        break;
    }
  }
  return out as T;
}
