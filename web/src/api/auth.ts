import { acceptTokens, clearSession, type Role } from "./client";
import { http, ok, publicFetch, type Schemas } from "./http";

/** Sign-in, registration and the password reset run without a session. */
const open = { fetch: publicFetch };

export const Auth = {
  async login(input: { email: string; password: string; code?: string }) {
    const data = await ok(http.POST("/api/auth/login", { body: input, ...open }));
    acceptTokens(data);
    return data.user;
  },
  register: (input: { email: string; password: string; name: string }) => ok(http.POST("/api/auth/register", { body: input, ...open })),
  /** Ends the session here; clearSession revokes the refresh cookie on the server. */
  async logout() {
    clearSession();
  },
  me: () => ok(http.GET("/api/auth/me")),
  mfaStatus: () => ok(http.GET("/api/auth/mfa")),
  startMfa: () => ok(http.POST("/api/auth/mfa/enrol")),
  /** Every other session ends; this one goes on with the tokens answered. The recovery codes come only here. */
  async confirmMfa(code: string) {
    const data = await ok(http.POST("/api/auth/mfa/confirm", { body: { code } }));
    return { recoveryCodes: data.recoveryCodes, accept: () => acceptTokens(data) };
  },
  mfaPolicy: () => ok(http.GET("/api/auth/mfa/policy")),
  setMfaPolicy: (policy: MfaPolicy) => ok(http.PUT("/api/auth/mfa/policy", { body: policy })),
  resetMfa: (userId: string) => ok(http.POST("/api/auth/users/{id}/mfa/reset", { params: { path: { id: userId } } })).then(() => undefined),
  /** Answers the same for every address; a link arrives by email if it has an account. */
  forgotPassword: (input: { email: string; locale?: "en" | "de" }) => ok(http.POST("/api/auth/password/forgot", { body: input, ...open })),
  resetPassword: (input: { token: string; newPassword: string }) => ok(http.POST("/api/auth/password/reset", { body: input, ...open })).then(() => undefined),
  /** Every other session ends; this one goes on with the tokens answered (refresh token in the cookie). */
  async changePassword(input: { currentPassword: string; newPassword: string }) {
    const data = await ok(http.POST("/api/auth/password", { body: input }));
    acceptTokens(data);
    return data.user;
  },
};

export const roleLabels: Record<Role, string> = { admin: "Administrator", staff: "Front desk", doctor: "Doctor", patient: "Patient", pharmacist: "Pharmacist" };

export type MfaEnrolment = Schemas["MfaEnrolment"];
export type MfaPolicy = Schemas["MfaPolicy"];
