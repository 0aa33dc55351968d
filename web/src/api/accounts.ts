import { action, query } from "@solidjs/router";
import { http, ok, type Schemas } from "./http";

/** Accounts (admin). Sign-in, registration and sign-out live in auth.ts with the session code. */
export type Account = Schemas["User"];
export type NewAccount = import("./schema").paths["/api/auth/users"]["post"]["requestBody"]["content"]["application/json"];

const Accounts = {
  list: () => ok(http.GET("/api/auth/users")).then((r) => r.items),
  create: (input: NewAccount) => ok(http.POST("/api/auth/users", { body: input })),
  disable: (id: string) => ok(http.POST("/api/auth/users/{id}/disable", { params: { path: { id } } })),
  enable: (id: string) => ok(http.POST("/api/auth/users/{id}/enable", { params: { path: { id } } })),
};

export const listAccounts = query(() => Accounts.list(), "accounts");
export const createAccount = action((input: NewAccount) => Accounts.create(input), "account.create");
export const setAccountDisabled = action((id: string, disabled: boolean) => (disabled ? Accounts.disable(id) : Accounts.enable(id)), "account.disable");
