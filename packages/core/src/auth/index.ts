import type { z } from "../util/zod";
import { User as UserSchema } from "./user";
import { Tokens as TokensSchema } from "./tokens";
import * as Accounts from "./accounts";
import * as Reset from "./reset";
import * as Mfa from "./mfa";
import * as Register from "./register";
import * as Create from "./create-account";
import * as SignIn from "./sign-in";
import * as Sessions from "./sessions";

/** The auth domain's one entry point: each part lives in its own file (named beside each group below). */

export { verifyAccessToken, jwks, generateSigningKey } from "./jwt";
export { REFRESH_TOKEN_TTL_SECONDS } from "./tokens";
export { REGISTER_MIN_MS } from "./register";

export namespace Auth {
  export const User = UserSchema;
  export type User = z.infer<typeof User>;
  export const Tokens = TokensSchema;
  export type Tokens = z.infer<typeof Tokens>;

  /** Account administration and one's own password: ./accounts.ts. */
  export const disable = Accounts.disable;
  export const enable = Accounts.enable;
  export const ChangePasswordInput = Accounts.ChangePasswordInput;
  export const changePassword = Accounts.changePassword;
  export const ForgotPasswordInput = Reset.ForgotPasswordInput;
  export const ForgotAccepted = Reset.ForgotAccepted;
  export const requestPasswordReset = Reset.requestPasswordReset;
  export const ResetPasswordInput = Reset.ResetPasswordInput;
  export const resetPassword = Reset.resetPassword;
  export const MfaStatus = Mfa.MfaStatus;
  export const mfaStatus = Mfa.status;
  export const MfaEnrolment = Mfa.Enrolment;
  export const startMfaEnrolment = Mfa.startEnrolment;
  export const MfaCodeInput = Mfa.CodeInput;
  export const MfaConfirmed = Mfa.Confirmed;
  export const confirmMfaEnrolment = Mfa.confirmEnrolment;
  export const resetMfa = Mfa.resetForUser;
  export const MfaPolicy = Mfa.Policy;
  export const mfaPolicy = Mfa.getPolicy;
  export const setMfaPolicy = Mfa.setPolicy;

  /** Registration (./register.ts), account creation (./create-account.ts), sign-in (./sign-in.ts), sessions (./sessions.ts). */
  export const RegisterInput = Register.RegisterInput;
  export const RegisterAccepted = Register.RegisterAccepted;
  export type RegisterAccepted = Register.RegisterAccepted;
  export const register = Register.register;
  export const CreateUserInput = Create.CreateUserInput;
  export const createUser = Create.createUser;
  export const createPatientAccount = Create.createPatientAccount;
  export const linkPatient = Create.linkPatient;
  export const LoginInput = SignIn.LoginInput;
  export const login = SignIn.login;
  export const RefreshInput = Sessions.RefreshInput;
  export const refresh = Sessions.refresh;
  export const logout = Sessions.logout;
  export const fromId = Accounts.fromId;
  export const list = Accounts.list;
  export const countAdmins = Accounts.countAdmins;
}
