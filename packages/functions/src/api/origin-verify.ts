/**
 * The header CloudFront writes on every request it forwards to the API (stacks/edge.ts) and the
 * API checks (middleware/origin-guard.ts). Its own file with no imports, so the stacks can use it.
 */
export const ORIGIN_VERIFY_HEADER = "x-carebeat-origin-verify";
