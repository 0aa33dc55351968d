import type { z } from "./zod";
import { VisibleError, issuesFromZod } from "./error";
import { assertSafeText } from "./text";

/**
 * Wrap a domain operation so every caller (HTTP route, Step Functions task, test)
 * gets the same input validation. `fn.schema` lets routes reuse the schema for OpenAPI.
 * Every string in the input must also pass the shared text rule (./text.ts), whatever the schema.
 */
export function fn<S extends z.ZodType, R>(schema: S, impl: (input: z.output<S>) => R) {
  const wrapped = (input: z.input<S>): R => {
    assertSafeText(input);
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      throw new VisibleError("input", "validation", "The request is invalid.", issuesFromZod(parsed.error.issues));
    }
    return impl(parsed.data);
  };
  wrapped.schema = schema;
  return wrapped;
}
