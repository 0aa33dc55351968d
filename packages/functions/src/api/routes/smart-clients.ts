import { OpenAPIHono, z } from "@hono/zod-openapi";
import { SmartClients } from "@carebeat/core/smart/clients";
import { route, jsonBody, jsonResponse } from "../route";
import type { AppEnv } from "../middleware/request-context";
import { validationHook } from "../validation";

/** SMART Backend Services client registration (docs/smart.md): admins only; core/smart audits every call. */
const Id = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" }, example: "smc_01jb3k5x2m8q9r7t6v4w2y0z1a" }),
});
const ClientSchema = SmartClients.Client;
const admin = ["admin"] as const;

export const smartClientsRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    route({
      method: "post",
      path: "/clients",
      access: admin,
      tags: ["smart"],
      summary: "Register a SMART Backend Services client: its public keys (inline JWKS) and allowed system scopes",
      description:
        "The answer's `id` is the client_id: the `iss` and `sub` of its client assertions. Keys are public P-384 EC (ES384) or RSA ≥ 2048 bits (RS384); a key without a kid gets its RFC 7638 thumbprint. Audited.",
      request: { body: jsonBody(SmartClients.RegisterInput) },
      responses: { 201: jsonResponse(ClientSchema, "The registered client") },
    }),
    async (c) => c.json(await SmartClients.register(c.req.valid("json")), 201),
  )
  .openapi(
    route({
      method: "get",
      path: "/clients",
      access: admin,
      tags: ["smart"],
      summary: "List SMART clients (newest first)",
      responses: { 200: jsonResponse(z.object({ items: z.array(ClientSchema) }), "The clients") },
    }),
    async (c) => c.json({ items: await SmartClients.list({}) }, 200),
  )
  .openapi(
    route({
      method: "get",
      path: "/clients/{id}",
      access: admin,
      tags: ["smart"],
      summary: "Read a SMART client",
      request: { params: Id },
      responses: { 200: jsonResponse(ClientSchema, "The client") },
    }),
    async (c) => c.json(await SmartClients.read(c.req.valid("param").id), 200),
  )
  .openapi(
    route({
      method: "post",
      path: "/clients/{id}/disable",
      access: admin,
      tags: ["smart"],
      summary: "Disable a SMART client: no new tokens, and the tokens it holds stop working at once",
      request: { params: Id },
      responses: { 200: jsonResponse(ClientSchema, "The client, with disabledAt set") },
    }),
    async (c) => c.json(await SmartClients.disable(c.req.valid("param").id), 200),
  );
