import { z } from "@hono/zod-openapi";
import { VisibleError } from "@carebeat/core/util/error";

/** The `Idempotency-Key` header as documented on a route (the check itself is `idempotencyKey`). */
export const IdempotencyKeyHeader = z.object({
  "idempotency-key": z.string().optional().openapi({ description: "Required. Same key + same body replays the first answer; same key + another body is 422." }),
});

/** Required, 1–255 visible ASCII characters; its absence is a 400 naming the header. */
export function idempotencyKey(header: string | undefined, what = "record the payment"): string {
  if (!header)
    throw new VisibleError("input", "idempotency.key_required", `Send an Idempotency-Key header so a repeated request cannot ${what} twice.`, [
      { field: "Idempotency-Key", message: "Required" },
    ]);
  if (!/^[\x21-\x7e]{1,255}$/.test(header))
    throw new VisibleError("input", "validation", "The request is invalid.", [{ field: "Idempotency-Key", message: "1 to 255 visible ASCII characters" }]);
  return header;
}
