/** Test-only re-export: lets tests mint tokens (e.g. already expired) with the real key. */
export { signAccessToken } from "./jwt";
