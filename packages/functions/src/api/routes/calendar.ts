import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { Calendar } from "@carebeat/core/calendar";
import { route, jsonResponse } from "../route";
import type { AppEnv } from "../middleware/request-context";
import { validationHook } from "../validation";

const File = z.object({
  file: z
    .string()
    .min(1)
    .max(128)
    .openapi({ param: { name: "file", in: "path" }, example: "<token>.ics" }),
});
const Owner = z.object({
  ownerType: Calendar.OwnerType.openapi({ param: { name: "ownerType", in: "path" } }),
  ownerId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "ownerId", in: "path" } }),
});
const own = ["doctor", "patient"] as const;

/** The viewer's origin: behind CloudFront the Lambda sees API Gateway's host (as refresh-cookie.ts). */
function siteOrigin(c: Context) {
  const host = c.req.header("x-forwarded-host");
  return host ? `https://${host}` : new URL(c.req.url).origin;
}

// The management routes come before `/{file}`, which would otherwise match `/feed`.
export const calendarRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    route({
      method: "get",
      path: "/feed",
      access: own,
      tags: ["calendar"],
      summary: "Whether the caller has a live calendar feed",
      responses: { 200: jsonResponse(Calendar.Status, "The feed's state") },
    }),
    async (c) => c.json(await Calendar.status(), 200),
  )
  .openapi(
    route({
      method: "post",
      path: "/feed",
      access: own,
      tags: ["calendar"],
      summary: "Create the caller's secret feed URL, or rotate it (the old URL stops working)",
      responses: { 201: jsonResponse(Calendar.Created, "The new URL (shown once)") },
    }),
    async (c) => {
      c.header("cache-control", "no-store");
      return c.json(await Calendar.create(), 201);
    },
  )
  .openapi(
    route({
      method: "delete",
      path: "/feed",
      access: own,
      tags: ["calendar"],
      summary: "Revoke the caller's feed URL",
      responses: { 204: { description: "Revoked" }, 404: { description: "No live feed" } },
    }),
    async (c) => {
      await Calendar.revoke();
      return c.body(null, 204);
    },
  )
  .openapi(
    route({
      method: "delete",
      path: "/feeds/{ownerType}/{ownerId}",
      access: ["admin"],
      tags: ["calendar"],
      summary: "Revoke a doctor's or patient's feed URL (audited)",
      request: { params: Owner },
      responses: { 204: { description: "Revoked" }, 404: { description: "No live feed" } },
    }),
    async (c) => {
      await Calendar.revokeFor(c.req.valid("param"));
      return c.body(null, 204);
    },
  )
  .openapi(
    route({
      method: "get",
      path: "/{file}",
      access: "public",
      tags: ["calendar"],
      summary: "A subscribed calendar (RFC 5545) by its secret token; unknown or revoked → 404",
      request: { params: File },
      responses: {
        200: { description: "The feed", content: { "text/calendar": { schema: z.string() } } },
        304: { description: "Unchanged since the ETag sent in If-None-Match" },
        404: { description: "Unknown or revoked feed" },
      },
    }),
    async (c) => {
      const file = c.req.valid("param").file;
      const token = file.endsWith(".ics") ? file.slice(0, -4) : "";
      const answer = await Calendar.feed({ token, siteUrl: siteOrigin(c), ifNoneMatch: c.req.header("if-none-match") });
      const headers = {
        etag: answer.etag,
        // Secret URL: no shared cache may keep it; calendars revalidate with the ETag.
        "cache-control": "private, no-cache",
        "referrer-policy": "no-referrer",
      };
      if (answer.status === 304) return c.body(null, 304, headers);
      return c.body(answer.body, 200, { ...headers, "content-type": "text/calendar; charset=utf-8" });
    },
  );
