import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Auth, jwks } from "@carebeat/core/auth";
import { useUser } from "@carebeat/core/actor";
import { VisibleError } from "@carebeat/core/util/error";
import { route, jsonBody, jsonResponse, anyAccount } from "../route";
import { AUTH_BODY_LIMIT } from "../middleware/body-limit";
import type { AppEnv } from "../middleware/request-context";
import { validationHook } from "../validation";
import { problemFromError } from "../problem";
import { tokenEndpoint } from "../public-origin";
import type { Context } from "hono";
import { setRefreshCookie, clearRefreshCookie, clearedRefreshCookie, presentedRefreshToken, REFRESH_COOKIE, CSRF_HEADER } from "../refresh-cookie";

const UserSchema = Auth.User.openapi("User");
/** What login and refresh answer: the refresh token itself goes into the cookie, never the body. */
const SessionSchema = Auth.Tokens.omit({ refreshToken: true }).openapi("Session");
/** Body of refresh/logout: empty for browsers (the cookie carries the token), the token for API clients. */
const RefreshBody = z.object({ refreshToken: Auth.RefreshInput.shape.refreshToken.optional() }).strict();
const optionalJsonBody = <T extends z.ZodType>(schema: T, description: string) => ({ content: { "application/json": { schema } }, required: false, description });
const UserId = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" } }),
});
/** Close a user's WebSockets; the realtime domain (and its management client) loads on first use. */
const closeConnections = async (userId: string) => (await import("@carebeat/core/realtime")).Realtime.closeUser(userId);
/** The token request's form (documentation only: the handler reads it, so every error is an RFC 6749 one). */
const TOKEN_FORM = {
  type: "object" as const,
  required: ["grant_type", "client_assertion_type", "client_assertion", "scope"],
  properties: {
    grant_type: { type: "string" as const, enum: ["client_credentials"] },
    client_assertion_type: { type: "string" as const, enum: ["urn:ietf:params:oauth:client-assertion-type:jwt-bearer"] },
    client_assertion: { type: "string" as const, description: "A JWT signed ES384 or RS384 with a key the client registered" },
    scope: { type: "string" as const, example: "system/Patient.rs system/Appointment.rs" },
  },
};
const OAuthError = z.object({ error: z.string(), error_description: z.string() }).openapi("OAuthError");

/** Each field once as a string, a repeated one as its list (RFC 6749 §3.2: parameters must not repeat). */
function formFields(form: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key);
    out[key] = all.length === 1 ? all[0]! : all;
  }
  return out;
}

const noToken = () => new VisibleError("unauthenticated", "auth.invalid_refresh_token", "The refresh token is invalid or expired.");

function session(c: Context<AppEnv>, tokens: Auth.Tokens) {
  const { refreshToken, ...rest } = tokens;
  setRefreshCookie(c, refreshToken);
  return rest;
}

export const authRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    route({
      method: "post",
      path: "/register",
      access: "public",
      bodyLimit: AUTH_BODY_LIMIT,
      tags: ["auth"],
      summary: "Register a patient account",
      description:
        "Answers 202 whether or not the email already has an account (nothing is created or changed then), so registration cannot be used to find out who is a patient here. Sign in next.",
      request: { body: jsonBody(Auth.RegisterInput) },
      responses: { 202: jsonResponse(Auth.RegisterAccepted.openapi("RegisterAccepted"), "Received: sign in with the email and password") },
    }),
    async (c) => c.json(await Auth.register(c.req.valid("json")), 202),
  )
  .openapi(
    route({
      method: "post",
      path: "/login",
      access: "public",
      bodyLimit: AUTH_BODY_LIMIT,
      tags: ["auth"],
      summary: "Sign in with email and password",
      description: `The access token is in the body; the refresh token is set as the cookie \`__Secure-${REFRESH_COOKIE}\` (HttpOnly, Secure, SameSite=Strict, Path=/api/auth).`,
      request: { body: jsonBody(Auth.LoginInput) },
      responses: { 200: jsonResponse(SessionSchema, "Access token (refresh token in Set-Cookie)"), 429: jsonResponse(z.any(), "Throttled after repeated failures") },
    }),
    async (c) => c.json(session(c, await Auth.login(c.req.valid("json"))), 200),
  )
  .openapi(
    route({
      method: "post",
      path: "/refresh",
      access: "public",
      bodyLimit: AUTH_BODY_LIMIT,
      tags: ["auth"],
      summary: "Exchange a refresh token for new tokens (rotating)",
      description: `Browsers: send the cookie and the header \`${CSRF_HEADER}: 1\` with an empty body. Other API clients may send \`{ "refreshToken": "…" }\` instead.`,
      request: { body: optionalJsonBody(RefreshBody, "Empty, or the refresh token for API clients") },
      responses: { 200: jsonResponse(SessionSchema, "New access token (new refresh token in Set-Cookie)") },
    }),
    async (c) => {
      const token = presentedRefreshToken(c, c.req.valid("json"));
      if (!token) throw noToken();
      try {
        return c.json(session(c, await Auth.refresh({ refreshToken: token })), 200);
      } catch (err) {
        // A refused token is of no further use: drop the cookie so the browser stops sending it.
        if (!(err instanceof VisibleError) || err.status !== 401) throw err;
        const res = problemFromError(c, err);
        res.headers.append("set-cookie", clearedRefreshCookie());
        return res as never;
      }
    },
  )
  .openapi(
    route({
      method: "post",
      path: "/logout",
      access: "public",
      bodyLimit: AUTH_BODY_LIMIT,
      tags: ["auth"],
      summary: "Revoke a refresh token and its session",
      description: `Same token sources as refresh (cookie + \`${CSRF_HEADER}: 1\`, or the body). The cookie is cleared.`,
      request: { body: optionalJsonBody(RefreshBody, "Empty, or the refresh token for API clients") },
      responses: { 204: { description: "Signed out" } },
    }),
    async (c) => {
      const token = presentedRefreshToken(c, c.req.valid("json"));
      if (token) await Auth.logout({ refreshToken: token });
      clearRefreshCookie(c);
      return c.body(null, 204);
    },
  )
  .openapi(
    route({
      method: "get",
      path: "/me",
      access: anyAccount,
      enrolment: true,
      tags: ["auth"],
      summary: "The signed-in account",
      responses: { 200: jsonResponse(UserSchema, "The account") },
    }),
    async (c) => {
      const user = await Auth.fromId(useUser().userId);
      if (!user) throw new VisibleError("unauthenticated", "auth.unknown_user", "This account no longer exists.");
      return c.json(user, 200);
    },
  )
  .openapi(
    route({
      method: "post",
      path: "/token",
      access: "public",
      bodyLimit: AUTH_BODY_LIMIT,
      tags: ["smart"],
      summary: "SMART Backend Services token: client_credentials with a private_key_jwt assertion (docs/smart.md)",
      description:
        "Form fields: `grant_type=client_credentials`, `client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer`, `client_assertion` (a JWT signed ES384 or RS384 with a registered key: `iss` = `sub` = client_id, `aud` = this URL, `exp` at most 5 minutes ahead, a `jti` never used before), `scope` (`system/Patient.rs …`). The access token lives 300 s, opens the FHIR routes only, and comes with no refresh token. Errors are RFC 6749 §5.2 (`{ error, error_description }`); every issuance and refusal is audited.",
      request: { body: { required: true, content: { "application/x-www-form-urlencoded": { schema: TOKEN_FORM } } } },
      responses: {
        200: jsonResponse(
          z.object({ access_token: z.string(), token_type: z.literal("bearer"), expires_in: z.number(), scope: z.string() }).openapi("SmartToken"),
          "The access token",
        ),
        401: jsonResponse(OAuthError, "invalid_client: the client assertion was not accepted"),
      },
    }),
    async (c) => {
      const { issueClientToken } = await import("@carebeat/core/smart/token");
      const noStore = { "cache-control": "no-store", pragma: "no-cache" };
      const form = /^application\/x-www-form-urlencoded\s*(;|$)/i.test(c.req.header("content-type") ?? "") ? new URLSearchParams(await c.req.text()) : null;
      const result = form
        ? await issueClientToken({ form: formFields(form), tokenUrl: tokenEndpoint(c) })
        : ({ ok: false, status: 400, error: "invalid_request", description: "Send the form as application/x-www-form-urlencoded." } as const);
      if (result.ok) return c.json(result.body, 200, noStore);
      return c.json({ error: result.error, error_description: result.description }, result.status, noStore) as never;
    },
  )
  .openapi(
    route({
      method: "get",
      path: "/jwks.json",
      access: "public",
      tags: ["auth"],
      summary: "Public keys that verify access tokens",
      responses: { 200: jsonResponse(z.object({ keys: z.array(z.record(z.string(), z.any())) }), "JWKS") },
    }),
    async (c) => {
      c.header("cache-control", "public, max-age=300");
      return c.json(await jwks(), 200);
    },
  )
  .openapi(
    route({
      method: "get",
      path: "/users",
      access: ["admin"],
      tags: ["auth"],
      summary: "List accounts",
      responses: { 200: jsonResponse(z.object({ items: z.array(UserSchema) }), "Accounts") },
    }),
    async (c) => c.json({ items: await Auth.list() }, 200),
  )
  .openapi(
    route({
      method: "post",
      path: "/users",
      access: ["admin"],
      tags: ["auth"],
      summary: "Create a staff, doctor, admin or patient account",
      request: { body: jsonBody(Auth.CreateUserInput) },
      responses: { 201: jsonResponse(UserSchema, "The new account") },
    }),
    async (c) => c.json(await Auth.createUser(c.req.valid("json")), 201),
  )
  .openapi(
    route({
      method: "post",
      path: "/users/{id}/disable",
      access: ["admin"],
      tags: ["auth"],
      summary: "Disable an account: sign-in refused, sessions ended, live connections closed",
      description:
        'Its refresh tokens are revoked at once and its access tokens refused within seconds (docs/auth.md, "Ending sessions"); its open WebSocket connections are closed. Audited. Your own account cannot be disabled (409). Disabling a disabled account changes nothing.',
      request: { params: UserId },
      responses: { 200: jsonResponse(UserSchema, "The account, with disabledAt set") },
    }),
    async (c) => {
      const user = await Auth.disable({ userId: c.req.valid("param").id });
      // After the commit: a socket the account opens meanwhile is refused at $connect anyway.
      await closeConnections(user.id);
      return c.json(user, 200);
    },
  )
  .openapi(
    route({
      method: "post",
      path: "/users/{id}/enable",
      access: ["admin"],
      tags: ["auth"],
      summary: "Re-enable a disabled account",
      description: "The account may sign in again; the sessions that ended when it was disabled stay ended. Audited.",
      request: { params: UserId },
      responses: { 200: jsonResponse(UserSchema, "The account, with disabledAt null") },
    }),
    async (c) => c.json(await Auth.enable({ userId: c.req.valid("param").id }), 200),
  )
  .openapi(
    route({
      method: "post",
      path: "/password",
      access: anyAccount,
      bodyLimit: AUTH_BODY_LIMIT,
      tags: ["auth"],
      summary: "Change your password",
      description:
        "The current password is required (a wrong one counts towards the sign-in throttle). Every other session ends — refresh tokens revoked, access tokens refused within seconds, live connections closed — and this one continues with the new tokens answered here (refresh token in Set-Cookie).",
      request: { body: jsonBody(Auth.ChangePasswordInput) },
      responses: { 200: jsonResponse(SessionSchema, "New access token (new refresh token in Set-Cookie)"), 429: jsonResponse(z.any(), "Throttled after repeated failures") },
    }),
    async (c) => {
      const tokens = await Auth.changePassword(c.req.valid("json"));
      await closeConnections(tokens.user.id);
      return c.json(session(c, tokens), 200);
    },
  )
  .openapi(
    route({
      method: "post",
      path: "/password/forgot",
      access: "public",
      bodyLimit: AUTH_BODY_LIMIT,
      tags: ["auth"],
      summary: "Ask for a password-reset link by email",
      description:
        'Answers 202 with the same message, in at least the same time, whether or not the address has an account. For an enabled account a link valid once for 30 minutes is emailed (docs/auth.md, "Password reset"); asking again voids the earlier link; at most 3 mails an hour per account. `locale` (en, de) is the email\'s language.',
      request: { body: jsonBody(Auth.ForgotPasswordInput) },
      responses: { 202: jsonResponse(Auth.ForgotAccepted.openapi("ForgotAccepted"), "Received") },
    }),
    async (c) => c.json(await Auth.requestPasswordReset(c.req.valid("json")), 202),
  )
  .openapi(
    route({
      method: "post",
      path: "/password/reset",
      access: "public",
      bodyLimit: AUTH_BODY_LIMIT,
      tags: ["auth"],
      summary: "Set a new password with the token from a reset link",
      description:
        "The token is spent by this call. Every session of the account ends (refresh tokens revoked, access tokens refused within seconds, live connections closed); sign in with the new password. An invalid, expired or used token is a 400 naming `token`.",
      request: { body: jsonBody(Auth.ResetPasswordInput) },
      responses: { 204: { description: "Password set; sign in" } },
    }),
    async (c) => {
      const userId = await Auth.resetPassword(c.req.valid("json"));
      await closeConnections(userId);
      return c.body(null, 204);
    },
  )
  .openapi(
    route({
      method: "get",
      path: "/mfa",
      access: anyAccount,
      enrolment: true,
      tags: ["auth"],
      summary: "Your two-step sign-in (TOTP): enrolled, required, recovery codes left",
      responses: { 200: jsonResponse(Auth.MfaStatus.openapi("MfaStatus"), "Status") },
    }),
    async (c) => {
      const { userId, role } = useUser();
      return c.json(await Auth.mfaStatus(userId, role), 200);
    },
  )
  .openapi(
    route({
      method: "post",
      path: "/mfa/enrol",
      access: anyAccount,
      enrolment: true,
      tags: ["auth"],
      summary: "Start setting up two-step sign-in: a new secret as an otpauth:// URI and a QR code",
      description:
        "Restarting replaces an unconfirmed secret. An account that already has MFA gets 409 (an administrator resets it). Nothing changes at sign-in until the enrolment is confirmed.",
      responses: { 200: jsonResponse(Auth.MfaEnrolment.openapi("MfaEnrolment"), "Scan the QR code, or type the secret") },
    }),
    async (c) => {
      c.header("cache-control", "no-store");
      return c.json(await Auth.startMfaEnrolment(), 200);
    },
  )
  .openapi(
    route({
      method: "post",
      path: "/mfa/confirm",
      access: anyAccount,
      enrolment: true,
      bodyLimit: AUTH_BODY_LIMIT,
      tags: ["auth"],
      summary: "Confirm two-step sign-in with the first code; answers ten recovery codes, once",
      description:
        "From now on sign-in needs a code. Every other session ends; this one continues with the tokens answered here (refresh token in Set-Cookie). The recovery codes are shown only in this answer.",
      request: { body: jsonBody(Auth.MfaCodeInput) },
      responses: { 200: jsonResponse(SessionSchema.extend({ recoveryCodes: Auth.MfaConfirmed.shape.recoveryCodes }).openapi("MfaConfirmed"), "Enrolled") },
    }),
    async (c) => {
      const { tokens, recoveryCodes } = await Auth.confirmMfaEnrolment(c.req.valid("json"));
      await closeConnections(tokens.user.id);
      c.header("cache-control", "no-store");
      return c.json({ ...session(c, tokens), recoveryCodes }, 200);
    },
  )
  .openapi(
    route({
      method: "post",
      path: "/users/{id}/mfa/reset",
      access: ["admin"],
      tags: ["auth"],
      summary: "Reset an account's two-step sign-in (a lost phone)",
      description:
        "Its TOTP secret and recovery codes are deleted and its sessions end; it signs in with the password alone and, if its role requires MFA, is sent to enrolment. Audited (`account.mfa_reset`).",
      request: { params: UserId },
      responses: { 204: { description: "Reset" } },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      await Auth.resetMfa({ userId: id });
      await closeConnections(id);
      return c.body(null, 204);
    },
  )
  .openapi(
    route({
      method: "get",
      path: "/mfa/policy",
      access: ["admin"],
      tags: ["auth"],
      summary: "Which roles must use two-step sign-in",
      responses: { 200: jsonResponse(Auth.MfaPolicy.openapi("MfaPolicy"), "Required per role") },
    }),
    async (c) => c.json(await Auth.mfaPolicy(), 200),
  )
  .openapi(
    route({
      method: "put",
      path: "/mfa/policy",
      access: ["admin"],
      tags: ["auth"],
      summary: "Require two-step sign-in per role",
      description:
        "Accounts of a required role without MFA are sent to enrolment at their next sign-in or token refresh (within 15 minutes); until they enrol their tokens open only the enrolment routes. Audited (`auth.mfa_policy`).",
      request: { body: jsonBody(Auth.MfaPolicy) },
      responses: { 200: jsonResponse(Auth.MfaPolicy, "The policy now") },
    }),
    async (c) => c.json(await Auth.setMfaPolicy(c.req.valid("json")), 200),
  );
