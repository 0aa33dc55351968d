import type { Permission } from "./scopes";

/**
 * Which scope a FHIR request needs (docs/smart.md, "Scopes on the FHIR routes"), from its method
 * and its path below the FHIR base (`/Patient/pat-…`). Deny by default: a request shape not
 * listed here is closed to SMART clients until someone says which scope opens it.
 */
export type Need =
  /** Public FHIR routes (metadata, discovery): no scope. */
  | { kind: "public" }
  /** An interaction on a resource type: this letter of `system/<type>.<letters>`. */
  | { kind: "resource"; type: string; permission: Permission }
  /**
   * Bulk `$export` (kick-off, status, files): any read scope opens the route, and the export
   * itself (fhir/export/access.ts) admits the client only when `hasScope(actor, type, "r")`
   * holds for every type it writes, and only to its own jobs.
   */
  | { kind: "export" }
  | { kind: "closed" };

const TYPE = /^[A-Z][A-Za-z]{0,63}$/;

export function needOf(method: string, path: string): Need {
  const parts = path.split("/").filter(Boolean);
  const m = method.toUpperCase();
  if (parts.length === 0 || (parts.length === 1 && parts[0] === "metadata") || parts[0] === ".well-known")
    return m === "GET" || m === "HEAD" ? { kind: "public" } : { kind: "closed" };
  // The kick-off, and the status and file URLs it hands out (whose job and types the export checks).
  if (parts.some((p) => p.startsWith("$export")) || parts[0] === "bulkstatus" || parts[0] === "bulkfiles") return { kind: "export" };
  const [type, second, third] = parts;
  if (!TYPE.test(type!) || parts.some((p) => p.startsWith("$"))) return { kind: "closed" };
  const resource = (permission: Permission): Need => ({ kind: "resource", type: type!, permission });
  if (parts.length === 1) return m === "GET" || m === "HEAD" ? resource("s") : m === "POST" ? resource("c") : { kind: "closed" };
  if (second === "_search") return parts.length === 2 && m === "POST" ? resource("s") : { kind: "closed" };
  if (second === "_history") return m === "GET" ? resource("s") : { kind: "closed" };
  if (parts.length === 2 || (third === "_history" && parts.length <= 4)) {
    if (m === "GET" || m === "HEAD") return resource("r");
    if (parts.length === 2 && (m === "PUT" || m === "PATCH")) return resource("u");
    if (parts.length === 2 && m === "DELETE") return resource("d");
  }
  return { kind: "closed" };
}
