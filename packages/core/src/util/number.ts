import { z } from "./zod";

/**
 * A number every store keeps exactly (issue 18, "500 on large numbers"). A JSON number reaches
 * us as an IEEE double and is written to DynamoDB (`@aws-sdk/util-dynamodb` throws for integers
 * beyond 2^53 − 1 rather than lose digits; DynamoDB itself refuses magnitudes below 1e-130 or
 * above 9.99e125) and to PostgreSQL jsonb. So:
 * - an integer must be a safe integer (|n| ≤ 2^53 − 1): 1e21, 1e300, ±1e308 and
 *   9007199254740993 (already rounded by JSON.parse to …992) are refused, not silently changed;
 * - a fraction must be at least 1e-130 in magnitude (1e-320, a subnormal, is refused); every
 *   fraction is below 2^53, so no upper bound is needed.
 * The one rule every schema that accepts a free-form number uses; the 400 names the field.
 */
const MIN_FRACTION = 1e-130;

export function storable(n: number): boolean {
  if (!Number.isFinite(n)) return false;
  if (Number.isInteger(n)) return Number.isSafeInteger(n);
  return Math.abs(n) >= MIN_FRACTION;
}

export const StorableNumber = z
  .number()
  .finite()
  .refine(
    storable,
    `Must be a whole number between ${-Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}, or a fraction of magnitude at least 1e-130 — larger or smaller numbers cannot be stored exactly`,
  );
