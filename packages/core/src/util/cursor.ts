import { VisibleError } from "./error";

/** Opaque pagination cursors: base64url JSON. Clients must not build them. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

export function decodeCursor<T>(cursor: string, field = "cursor"): T {
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (value === null || typeof value !== "object") throw new Error("not an object");
    return value as T;
  } catch {
    throw new VisibleError("input", "validation", "The request is invalid.", [{ field, message: "Invalid cursor" }]);
  }
}
