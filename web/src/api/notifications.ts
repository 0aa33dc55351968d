import { query } from "@solidjs/router";
import { clean, http, ok, publicFetch, type Schemas } from "./http";

export type EmailPreferences = Schemas["NotificationPreferences"];
export type NotificationSettings = Schemas["NotificationSettings"];

/** Patient email preferences, the clinic's notification settings, the opt-out link (docs/notifications.md). */
export const Notifications = {
  preferences: (patientId: string) => ok(http.GET("/api/notifications/preferences/{patientId}", { params: { path: { patientId } } })),
  setPreferences: (patientId: string, body: Partial<EmailPreferences>) => ok(http.PUT("/api/notifications/preferences/{patientId}", { params: { path: { patientId } }, body })),
  settings: () => ok(http.GET("/api/notifications/settings")),
  setSettings: (body: Partial<NotificationSettings>) => ok(http.PUT("/api/notifications/settings", { body })),
  /** From the link in an email: no session, the token is the authority. */
  unsubscribe: (token: string, reminders: boolean) => ok(http.POST("/api/notifications/unsubscribe", { body: { token, reminders }, fetch: publicFetch })),
};

export type OutboxItem = Schemas["OutboxItem"];
export interface OutboxFilter {
  status?: OutboxItem["status"];
  patientId?: string;
  cursor?: string | null;
}

/** Admin: the mail outbox, newest first. */
export const listOutbox = query(
  (f: OutboxFilter) => ok(http.GET("/api/notifications/outbox", { params: { query: clean({ ...f, cursor: f.cursor ?? undefined, limit: 25 }) } })),
  "outbox",
);
