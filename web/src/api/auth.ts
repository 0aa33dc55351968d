import { api, request, acceptTokens, clearSession, type Role, type Tokens, type User } from "./client";
import type { components } from "./schema";

type RegisterAccepted = components["schemas"]["RegisterAccepted"];

export const Auth = {
  async login(input: { email: string; password: string; code?: string }) {
    const { data } = await request<Tokens>("POST", "/api/auth/login", { body: input, auth: false });
    acceptTokens(data);
    return data.user;
  },
  register: (input: { email: string; password: string; name: string }) => request<RegisterAccepted>("POST", "/api/auth/register", { body: input, auth: false }).then((r) => r.data),
  /** Ends the session here; clearSession revokes the refresh cookie on the server. */
  async logout() {
    clearSession();
  },
  me: () => api.get<User>("/api/auth/me"),
  mfaStatus: () => api.get<MfaStatus>("/api/auth/mfa"),
  startMfa: () => request<MfaEnrolment>("POST", "/api/auth/mfa/enrol").then((r) => r.data),
  /** Every other session ends; this one goes on with the tokens answered. The recovery codes come only here. */
  async confirmMfa(code: string) {
    const { data } = await request<Tokens & { recoveryCodes: string[] }>("POST", "/api/auth/mfa/confirm", { body: { code } });
    return { recoveryCodes: data.recoveryCodes, accept: () => acceptTokens(data) };
  },
  mfaPolicy: () => api.get<MfaPolicy>("/api/auth/mfa/policy"),
  setMfaPolicy: (policy: MfaPolicy) => request<MfaPolicy>("PUT", "/api/auth/mfa/policy", { body: policy }).then((r) => r.data),
  resetMfa: (userId: string) => request("POST", `/api/auth/users/${encodeURIComponent(userId)}/mfa/reset`).then(() => undefined),
  /** Answers the same for every address; a link arrives by email if it has an account. */
  forgotPassword: (input: { email: string; locale?: "en" | "de" }) =>
    request<{ message: string }>("POST", "/api/auth/password/forgot", { body: input, auth: false }).then((r) => r.data),
  resetPassword: (input: { token: string; newPassword: string }) => request("POST", "/api/auth/password/reset", { body: input, auth: false }).then(() => undefined),
  /** Every other session ends; this one goes on with the tokens answered (refresh token in the cookie). */
  async changePassword(input: { currentPassword: string; newPassword: string }) {
    const { data } = await request<Tokens>("POST", "/api/auth/password", { body: input });
    acceptTokens(data);
    return data.user;
  },
};

export const roleLabels: Record<Role, string> = { admin: "Administrator", staff: "Front desk", doctor: "Doctor", patient: "Patient" };

export interface MfaStatus {
  enrolled: boolean;
  pending: boolean;
  required: boolean;
  recoveryCodesLeft: number;
}
export interface MfaEnrolment {
  secret: string;
  otpauthUri: string;
  qrCode: string;
}
export type MfaPolicy = Record<Role, boolean>;
