import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Notification } from "@carebeat/core/notification";
import { route, jsonBody, jsonResponse } from "../route";
import type { AppEnv } from "../middleware/request-context";
import { validationHook } from "../validation";

const PatientParam = z.object({
  patientId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "patientId", in: "path" } }),
});
const Token = z.string().min(10).max(512).openapi({ description: "The token from the link in the email" });
const UnsubscribeInput = z
  .object({ token: Token, reminders: z.boolean().default(false).openapi({ description: "false: stop reminders (the link's purpose); true: turn them back on" }) })
  .strict();
const OutboxPage = z.object({ items: z.array(Notification.OutboxItem), nextCursor: z.string().nullable() }).openapi("OutboxPage");
const UnsubscribeResult = z.object({ reminders: z.boolean() }).openapi("UnsubscribeResult");

export const notificationsRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    route({
      method: "get",
      path: "/preferences/{patientId}",
      access: ["admin", "staff", "patient"],
      tags: ["notifications"],
      summary: "A patient's email preferences (a patient: their own)",
      request: { params: PatientParam },
      responses: { 200: jsonResponse(Notification.Preferences, "Language and reminders") },
    }),
    async (c) => c.json(await Notification.preferences(c.req.valid("param").patientId), 200),
  )
  .openapi(
    route({
      method: "put",
      path: "/preferences/{patientId}",
      access: ["admin", "staff", "patient"],
      tags: ["notifications"],
      summary: "Change a patient's language or turn reminders off or on (audited)",
      request: { params: PatientParam, body: jsonBody(Notification.PreferencesPatch) },
      responses: { 200: jsonResponse(Notification.Preferences, "The preferences now") },
    }),
    async (c) => c.json(await Notification.updatePreferences(c.req.valid("param").patientId, c.req.valid("json")), 200),
  )
  .openapi(
    route({
      method: "get",
      path: "/settings",
      access: ["admin"],
      tags: ["notifications"],
      summary: "The clinic's reminder lead time and default language",
      responses: { 200: jsonResponse(Notification.Settings, "Settings") },
    }),
    async (c) => c.json(await Notification.clinicSettings(), 200),
  )
  .openapi(
    route({
      method: "put",
      path: "/settings",
      access: ["admin"],
      tags: ["notifications"],
      summary: "Change the reminder lead time or the default language (applies to reminders not yet sent)",
      request: { body: jsonBody(Notification.SettingsPatch) },
      responses: { 200: jsonResponse(Notification.Settings, "Settings now") },
    }),
    async (c) => c.json(await Notification.updateClinicSettings(c.req.valid("json")), 200),
  )
  .openapi(
    route({
      method: "get",
      path: "/outbox",
      access: ["admin"],
      tags: ["notifications"],
      summary: "Every mail sent or waiting, newest first, with its body as sent (audited with the patients on the page)",
      request: { query: Notification.OutboxInput },
      responses: { 200: jsonResponse(OutboxPage, "A page of mail") },
    }),
    async (c) => {
      c.header("cache-control", "no-store");
      return c.json(await Notification.listOutbox(c.req.valid("query")), 200);
    },
  )
  .openapi(
    route({
      method: "post",
      path: "/unsubscribe",
      access: "public",
      tags: ["notifications"],
      summary: "The opt-out page's action: reminders off (or back on) with the signed token from an email, no sign-in",
      request: { body: jsonBody(UnsubscribeInput) },
      responses: { 200: jsonResponse(UnsubscribeResult, "Reminders now") },
    }),
    async (c) => {
      const { token, reminders } = c.req.valid("json");
      c.header("cache-control", "no-store");
      return c.json(await Notification.unsubscribe(token, reminders), 200);
    },
  )
  .openapi(
    route({
      method: "post",
      path: "/one-click",
      access: "public",
      tags: ["notifications"],
      summary: "RFC 8058 one-click opt-out (List-Unsubscribe-Post): the mail client POSTs here; reminders off",
      request: { query: z.object({ token: Token }) },
      responses: { 200: jsonResponse(UnsubscribeResult, "Reminders now off") },
    }),
    async (c) => {
      c.header("cache-control", "no-store");
      return c.json(await Notification.unsubscribe(c.req.valid("query").token, false), 200);
    },
  );
