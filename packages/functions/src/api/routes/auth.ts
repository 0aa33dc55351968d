import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Auth, jwks } from "@carebeat/core/auth";
import { useUser } from "@carebeat/core/actor";
import { VisibleError } from "@carebeat/core/util/error";
import { route, jsonBody, jsonResponse, signedIn } from "../route";
import { AUTH_BODY_LIMIT } from "../middleware/body-limit";
import type { AppEnv } from "../middleware/request-context";
import { validationHook } from "../validation";

const UserSchema = Auth.User.openapi("User");
const TokensSchema = Auth.Tokens.openapi("Tokens");

export const authRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    route({
      method: "post",
      path: "/register",
      access: "public",
      bodyLimit: AUTH_BODY_LIMIT,
      tags: ["auth"],
      summary: "Register a patient account",
      request: { body: jsonBody(Auth.RegisterInput) },
      responses: { 201: jsonResponse(UserSchema, "The new account"), 409: jsonResponse(z.any(), "Email already registered") },
    }),
    async (c) => c.json(await Auth.register(c.req.valid("json")), 201),
  )
  .openapi(
    route({
      method: "post",
      path: "/login",
      access: "public",
      bodyLimit: AUTH_BODY_LIMIT,
      tags: ["auth"],
      summary: "Sign in with email and password",
      request: { body: jsonBody(Auth.LoginInput) },
      responses: { 200: jsonResponse(TokensSchema, "Access and refresh tokens"), 429: jsonResponse(z.any(), "Throttled after repeated failures") },
    }),
    async (c) => c.json(await Auth.login(c.req.valid("json")), 200),
  )
  .openapi(
    route({
      method: "post",
      path: "/refresh",
      access: "public",
      bodyLimit: AUTH_BODY_LIMIT,
      tags: ["auth"],
      summary: "Exchange a refresh token for new tokens (rotating)",
      request: { body: jsonBody(Auth.RefreshInput) },
      responses: { 200: jsonResponse(TokensSchema, "New access and refresh tokens") },
    }),
    async (c) => c.json(await Auth.refresh(c.req.valid("json")), 200),
  )
  .openapi(
    route({
      method: "post",
      path: "/logout",
      access: "public",
      bodyLimit: AUTH_BODY_LIMIT,
      tags: ["auth"],
      summary: "Revoke a refresh token and its session",
      request: { body: jsonBody(Auth.RefreshInput) },
      responses: { 204: { description: "Signed out" } },
    }),
    async (c) => {
      await Auth.logout(c.req.valid("json"));
      return c.body(null, 204);
    },
  )
  .openapi(
    route({
      method: "get",
      path: "/me",
      access: signedIn,
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
  );
