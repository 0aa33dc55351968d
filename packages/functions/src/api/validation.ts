import type { Context } from "hono";
import { issuesFromZod } from "@carebeat/core/util/error";
import { problemResponse } from "./problem";

/** zod-openapi's hook for failed request validation: one 400 problem naming every field. */
export function validationHook(
  result: { success: true } | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> }; target: string },
  c: Context,
) {
  if (result.success) return;
  const prefix = result.target === "json" ? "" : `${result.target}.`;
  const errors = issuesFromZod(result.error.issues).map((i) => ({ ...i, field: prefix + i.field }));
  return problemResponse(c, 400, "validation", "The request is invalid.", errors);
}
