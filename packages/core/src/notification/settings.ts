import { sql } from "drizzle-orm";
import { useDb, useTransaction } from "../drizzle";
import { z } from "../util/zod";
import { LANGUAGES } from "./templates";

/** The clinic's notification settings (one row) and each patient's choices (docs/notifications.md). */
export const Settings = z
  .object({
    reminderLeadMinutes: z
      .number()
      .int()
      .min(30)
      .max(14 * 24 * 60)
      .openapi({ description: "How long before a visit the reminder is sent (30 minutes to 14 days)", example: 1440 }),
    language: z.enum(LANGUAGES).openapi({ description: "Language of mail to patients who chose none" }),
  })
  .openapi("NotificationSettings");
export type Settings = z.infer<typeof Settings>;
export const SettingsPatch = Settings.partial().strict();

export const Preferences = z
  .object({
    language: z.enum(LANGUAGES).nullable().openapi({ description: "Language of this patient's mail; null = the clinic's" }),
    reminders: z.boolean().openapi({ description: "Whether reminder emails are sent (confirmations and changes always are)" }),
  })
  .openapi("NotificationPreferences");
export type Preferences = z.infer<typeof Preferences>;
export const PreferencesPatch = Preferences.partial().strict();

const DEFAULTS: Settings = { reminderLeadMinutes: 1440, language: "en" };
const rows = <T>(r: unknown) => [...(r as T[])];

export async function readSettings(): Promise<Settings> {
  const [row] = rows<{ reminder_lead_minutes: number; language: string }>(
    await useDb().execute(sql`select reminder_lead_minutes, language from notification_settings where id = 'clinic'`),
  );
  return row ? { reminderLeadMinutes: row.reminder_lead_minutes, language: row.language as Settings["language"] } : DEFAULTS;
}

export async function writeSettings(patch: z.infer<typeof SettingsPatch>): Promise<Settings> {
  const next = { ...(await readSettings()), ...patch };
  await useTransaction((tx) =>
    tx.execute(sql`insert into notification_settings (id, reminder_lead_minutes, language, updated_at) values ('clinic', ${next.reminderLeadMinutes}, ${next.language}, now())
      on conflict (id) do update set reminder_lead_minutes = excluded.reminder_lead_minutes, language = excluded.language, updated_at = now()`),
  );
  return next;
}

/**
 * The lead time in seconds. `CAREBEAT_REMINDER_LEAD_SECONDS` overrides the setting — offline only,
 * for tests and demos that cannot wait a day (a clock the tests control); AWS never sets it.
 */
export function leadSeconds(clinic: Settings): number {
  const override = process.env.CAREBEAT_REMINDER_LEAD_SECONDS;
  if (override && Number.isFinite(Number(override))) return Number(override);
  return clinic.reminderLeadMinutes * 60;
}

export async function readPreferences(patientId: string): Promise<Preferences> {
  const [row] = rows<{ language: string | null; reminders: boolean }>(
    await useDb().execute(sql`select language, reminders from notification_preferences where patient_id = ${patientId}`),
  );
  return row ? { language: row.language as Preferences["language"], reminders: row.reminders } : { language: null, reminders: true };
}

export async function writePreferences(patientId: string, patch: z.infer<typeof PreferencesPatch>): Promise<Preferences> {
  const next = { ...(await readPreferences(patientId)), ...patch };
  await useTransaction((tx) =>
    tx.execute(sql`insert into notification_preferences (patient_id, language, reminders, updated_at) values (${patientId}, ${next.language}, ${next.reminders}, now())
      on conflict (patient_id) do update set language = excluded.language, reminders = excluded.reminders, updated_at = now()`),
  );
  return next;
}
