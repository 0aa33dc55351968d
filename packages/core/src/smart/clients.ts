import { desc, eq, isNull, and } from "drizzle-orm";
import { z } from "../util/zod";
import { createTransaction, useTransaction } from "../drizzle";
import { assertRole, actorLabel } from "../actor";
import { Audit } from "../audit";
import { createId } from "../util/id";
import { fn } from "../util/fn";
import { VisibleError } from "../util/error";
import { smartClientTable } from "./smart.sql";
import { checkKeySet } from "./keys";
import { formatScope, parseScope } from "./scopes";

/**
 * Registration of SMART Backend Services clients (docs/smart.md): admins only, every change and
 * every read audited. Public keys are given inline as a JWK Set (a JWKS URL is not fetched:
 * docs/smart.md says why), the allowed scopes as `system/<Type>.<cruds>` (v1 `.read` accepted).
 */
export namespace SmartClients {
  const Jwk = z.record(z.string(), z.unknown());
  export const RegisterInput = z
    .object({
      name: z.string().trim().min(1).max(200).openapi({ example: "Regional analytics warehouse" }),
      jwks: z.object({ keys: z.array(Jwk).min(1).max(10) }).openapi({ description: "The client's public keys (ES384: EC P-384; RS384: RSA ≥ 2048 bits), each with its kid" }),
      scopes: z
        .array(z.string().max(100))
        .min(1)
        .max(50)
        .openapi({ description: "Scopes the client may be granted: `system/<Type|*>.<cruds>` (SMART v2; v1 `.read`/`.write`/`.*` accepted)", example: ["system/Patient.rs"] }),
    })
    .strict()
    .openapi("SmartClientRegister");

  export const Client = z
    .object({
      id: z.string().openapi({ description: "The client_id (iss and sub of its assertions)", example: "smc_01jb3k5x2m8q9r7t6v4w2y0z1a" }),
      name: z.string(),
      jwks: z.object({ keys: z.array(Jwk) }),
      scopes: z.array(z.string()),
      active: z.boolean(),
      createdAt: z.string(),
      createdBy: z.string(),
      disabledAt: z.string().nullable(),
    })
    .openapi("SmartClient");
  export type Client = z.infer<typeof Client>;

  type Row = typeof smartClientTable.$inferSelect;
  const toClient = (r: Row): Client => ({
    id: r.id,
    name: r.name,
    jwks: r.jwks,
    scopes: r.scopes,
    active: r.disabledAt === null,
    createdAt: r.createdAt.toISOString(),
    createdBy: r.createdBy,
    disabledAt: r.disabledAt?.toISOString() ?? null,
  });

  export const register = fn(RegisterInput, async (input) => {
    assertRole("admin");
    const issues: { field: string; message: string }[] = [];
    const scopes = input.scopes.map((text, i) => {
      const s = parseScope(text);
      if (!s) issues.push({ field: `scopes.${i}`, message: "Expected system/<Type|*>.<cruds> (e.g. system/Patient.rs)" });
      return s ? formatScope(s) : "";
    });
    const keys = await checkKeySet(input.jwks);
    if ("issues" in keys) issues.push(...keys.issues);
    if (issues.length || "issues" in keys) throw new VisibleError("input", "validation", "The client registration is invalid.", issues);
    const row = { id: createId("smartClient"), name: input.name, jwks: { keys: keys.keys as Record<string, unknown>[] }, scopes: [...new Set(scopes)], createdBy: actorLabel() };
    return createTransaction(async (tx) => {
      const [created] = await tx.insert(smartClientTable).values(row).returning();
      await Audit.record({ action: "smart_client.register", resourceType: "smart_client", resourceId: row.id, detail: { scopes: row.scopes, kids: keys.keys.map((k) => k.kid) } });
      return toClient(created!);
    });
  });

  export const list = fn(z.object({}).strict(), async () => {
    assertRole("admin");
    const rows = await useTransaction((tx) => tx.select().from(smartClientTable).orderBy(desc(smartClientTable.createdAt)).limit(500));
    await Audit.record({ action: "smart_client.list", resourceType: "smart_client" });
    return rows.map(toClient);
  });

  const notFound = () => new VisibleError("not-found", "smart_client.not_found", "No such client.");

  export const read = fn(z.string().min(1).max(64), async (id) => {
    assertRole("admin");
    const [row] = await useTransaction((tx) => tx.select().from(smartClientTable).where(eq(smartClientTable.id, id)));
    if (!row) throw notFound();
    await Audit.record({ action: "smart_client.read", resourceType: "smart_client", resourceId: id });
    return toClient(row);
  });

  /** Disabling is final (register a new client to resume): the client gets no token, and the tokens it holds stop at once. */
  export const disable = fn(z.string().min(1).max(64), async (id) =>
    createTransaction(async (tx) => {
      assertRole("admin");
      const [row] = await tx
        .update(smartClientTable)
        .set({ disabledAt: new Date() })
        .where(and(eq(smartClientTable.id, id), isNull(smartClientTable.disabledAt)))
        .returning();
      const current = row ?? (await tx.select().from(smartClientTable).where(eq(smartClientTable.id, id)))[0];
      if (!current) throw notFound();
      if (row) await Audit.record({ action: "smart_client.disable", resourceType: "smart_client", resourceId: id });
      return toClient(current);
    }),
  );
}
