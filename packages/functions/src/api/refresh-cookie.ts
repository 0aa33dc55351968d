import type { Context } from "hono";
import { getCookie, setCookie, deleteCookie, generateCookie } from "hono/cookie";
import { REFRESH_TOKEN_TTL_SECONDS } from "@carebeat/core/auth";
import { VisibleError } from "@carebeat/core/util/error";

/**
 * The refresh token (a 14-day credential) lives in a cookie a script cannot read:
 * `__Secure-carebeat-refresh`, HttpOnly, Secure, SameSite=Strict, sent only to /api/auth
 * (refresh and logout). Browsers treat http://localhost and 127.0.0.1 as secure, so the
 * offline runtime works too.
 *
 * CSRF: SameSite=Strict keeps the cookie off every cross-site request, and a request that
 * relies on the cookie must also carry `X-Carebeat-CSRF: 1` — a custom header no form can
 * send and no cross-origin script can add without a CORS preflight the API never grants —
 * and, when the browser names an Origin, it must be this one.
 *
 * API clients that are not browsers read the token from the `Set-Cookie` of login/refresh and
 * send it back either as that cookie (with the header) or as `{ "refreshToken": "…" }` in the
 * body, which needs no CSRF protection: a forged request cannot know the token.
 */
export const REFRESH_COOKIE = "carebeat-refresh";
const REFRESH_COOKIE_PATH = "/api/auth";
export const CSRF_HEADER = "x-carebeat-csrf";

export function setRefreshCookie(c: Context, token: string) {
  setCookie(c, REFRESH_COOKIE, token, {
    prefix: "secure",
    path: REFRESH_COOKIE_PATH,
    httpOnly: true,
    secure: true,
    sameSite: "Strict",
    maxAge: REFRESH_TOKEN_TTL_SECONDS,
  });
}

export function clearRefreshCookie(c: Context) {
  deleteCookie(c, REFRESH_COOKIE, { prefix: "secure", path: REFRESH_COOKIE_PATH, httpOnly: true, secure: true, sameSite: "Strict" });
}

/** The Set-Cookie value that removes the cookie, for answers built as their own Response. */
export function clearedRefreshCookie() {
  return generateCookie(REFRESH_COOKIE, "", { prefix: "secure", path: REFRESH_COOKIE_PATH, httpOnly: true, secure: true, sameSite: "Strict", maxAge: 0 });
}

/** The refresh token of this request: from the body (API clients) or the cookie (browsers, CSRF-checked). */
export function presentedRefreshToken(c: Context, body: { refreshToken?: string } | undefined): string | undefined {
  if (body?.refreshToken) return body.refreshToken;
  const cookie = getCookie(c, REFRESH_COOKIE, "secure");
  if (!cookie) return undefined;
  const origin = c.req.header("origin");
  const sameOrigin = !origin || origin === new URL(c.req.url).origin || origin === forwardedOrigin(c);
  if (c.req.header(CSRF_HEADER) !== "1" || !sameOrigin)
    throw new VisibleError("forbidden", "auth.csrf", "This request must come from the Carebeat site.", [{ field: CSRF_HEADER, message: "Required: 1, from the same origin" }]);
  return cookie;
}

/** Behind CloudFront the Lambda sees API Gateway's host; the viewer's is in X-Forwarded-Host or Host. */
function forwardedOrigin(c: Context) {
  const host = c.req.header("x-forwarded-host") ?? c.req.header("host");
  return host ? `https://${host}` : undefined;
}
