import { links } from "../util/links";
import { sql } from "drizzle-orm";
import { z } from "../util/zod";
import { parseRows } from "../drizzle/statement";
import { useDb, useTransaction } from "../drizzle";
import { Mail } from "../mail";
import { Audit } from "../audit";
import { log, errorFields } from "../observability/log";
import { count } from "../observability/metrics";
import { MetricName } from "../observability/names";
import { getItem } from "../patient/store";
import type { AppointmentEvent } from "../appointment/event";
import type { InvoiceEvent } from "../invoice/event";
import { useSfn } from "../billing/sfn";
import { render, isLanguage, type Language, type MailKind } from "./templates";
import { MAX_WAIT_SECONDS, reminderExecutionName } from "./reminder-workflow";
import * as settings from "./settings";
import * as outbox from "./outbox";
import * as consent from "./consent";
import { issueUnsubscribeToken } from "./unsubscribe-token";

/**
 * Patient email that follows every change to a booking (docs/notifications.md): a confirmation,
 * a new time, a cancellation, an invoice notice — each enqueued by the notifications consumer of
 * the event that announced the change (MSK in AWS, the local log offline), idempotent on the
 * event; and a reminder before the visit, decided by the reminder workflow's Check task at the
 * lead time against the database, idempotent on (appointment, kind, start).
 */
export namespace Notification {
  export const Settings = settings.Settings;
  export const SettingsPatch = settings.SettingsPatch;
  export const Preferences = settings.Preferences;
  export const PreferencesPatch = settings.PreferencesPatch;
  export const OutboxItem = outbox.OutboxItem;
  export const OutboxInput = outbox.OutboxInput;
  /** The admin Outbox page; links are shown with the site's address (`CAREBEAT_SITE_URL`). */
  export const listOutbox = (input: Parameters<typeof outbox.listOutbox>[0]) => outbox.listOutbox(input, Mail.siteUrl());

  const clinicName = () => process.env.CAREBEAT_CLINIC_NAME || "Carebeat";
  // The raw statements' rows, parsed (drizzle/statement.ts parseRows): timestamps arrive as Date or ISO text by driver.
  const at = z.union([z.date(), z.string()]);
  const DoctorRow = z.object({ name: z.string(), timezone: z.string() });
  const StartRow = z.object({ status: z.string(), starts_at: at });
  const VisitRow = StartRow.extend({ patient_id: z.string(), doctor_id: z.string() });
  const reminderMachineArn = () => links.ReminderWorkflow.arn;

  interface Recipient {
    email: string;
    given: string;
    language: Language;
    reminders: boolean;
  }

  /** Who gets the mail, in which language; undefined when the patient has no address or it is suppressed. */
  async function recipient(patientId: string, known?: settings.Settings): Promise<Recipient | undefined> {
    const patient = await getItem(patientId);
    const email = patient && !patient.deletedAt ? patient.contact?.email : undefined;
    if (!email || (await Mail.isSuppressed(email))) return undefined;
    const [prefs, clinic] = await Promise.all([settings.readPreferences(patientId), known ?? settings.readSettings()]);
    const language = prefs.language && isLanguage(prefs.language) ? prefs.language : clinic.language;
    return { email, given: patient!.name.given, language, reminders: prefs.reminders };
  }

  async function doctor(doctorId: string) {
    const [row] = parseRows(DoctorRow, await useDb().execute(sql`select name, timezone from doctors where id = ${doctorId}`));
    return row;
  }

  /** Render, enqueue and audit one mail in one transaction: the audit row names the patient whose data left. */
  async function send(
    kind: MailKind,
    dedupeKey: string,
    to: Recipient,
    facts: Omit<Parameters<typeof render>[0], "kind" | "language" | "patientGiven">,
    ids: { patientId: string; appointmentId: string; invoiceId?: string },
  ) {
    const withOptOut = kind === "confirmation" || kind === "rescheduled" || kind === "reminder";
    const token = withOptOut ? issueUnsubscribeToken(ids.patientId) : undefined;
    const unsubscribePath = token && `/unsubscribe#token=${token}`;
    const mail = render({ ...facts, kind, language: to.language, patientGiven: to.given, unsubscribePath, remindersOn: to.reminders });
    await useTransaction(async () => {
      const enqueued = await Mail.enqueue({
        dedupeKey,
        kind: `notification.${kind}`,
        to: to.email,
        patientId: ids.patientId,
        locale: to.language,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        // RFC 8058 one-click: mail clients show "Unsubscribe" and POST to it.
        headers: token
          ? { "List-Unsubscribe": `<${Mail.SITE_PLACEHOLDER}/api/notifications/one-click?token=${token}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" }
          : undefined,
      });
      // A redelivered event finds its mail enqueued: nothing more left the clinic, nothing to audit.
      if (enqueued)
        await Audit.record({
          action: `notification.${kind}`,
          resourceType: ids.invoiceId ? "invoice" : "appointment",
          resourceId: ids.invoiceId ?? ids.appointmentId,
          patientId: ids.patientId,
          detail: { dedupeKey },
        });
    });
  }

  const mailOf: Partial<Record<AppointmentEvent["type"], MailKind>> = {
    "appointment.booked": "confirmation",
    "appointment.rescheduled": "rescheduled",
    "appointment.cancelled": "cancelled",
  };

  /**
   * One appointment event: its mail (once per event id), and the reminder executions it starts or
   * ends. Safe to run again for the same event (the mapping redelivers whole batches).
   */
  export async function onAppointmentEvent(e: AppointmentEvent): Promise<void> {
    const d = e.data;
    const kind = mailOf[e.type];
    if (kind) {
      const [to, doc] = await Promise.all([recipient(d.patientId), doctor(d.doctorId)]);
      if (to && doc)
        await send(
          kind,
          `appointment:${d.appointmentId}:${kind}:${e.id}`,
          to,
          {
            doctorName: doc.name,
            clinicName: clinicName(),
            timezone: doc.timezone,
            startsAt: new Date(d.startsAt),
            previousStartsAt: d.previous ? new Date(d.previous.startsAt) : undefined,
            path: kind === "cancelled" ? "/appointments/book" : "/appointments",
          },
          { patientId: d.patientId, appointmentId: d.appointmentId },
        );
    }
    // A time that no longer holds: withdraw its reminder if already enqueued, and end its execution.
    const ended = e.type === "appointment.rescheduled" ? d.previous?.startsAt : e.type === "appointment.booked" ? undefined : d.startsAt;
    if (ended) {
      await Mail.cancelPending(reminderKeyPrefix(d.appointmentId, ended));
      await stopReminder(d.appointmentId, ended);
    }
    if (e.type === "appointment.booked" || e.type === "appointment.rescheduled") await startReminder(d.appointmentId, d.startsAt, e.occurredAt);
  }

  /** invoice.issued → a notice with a link (never the PDF, never an amount). */
  export async function onInvoiceEvent(e: InvoiceEvent): Promise<void> {
    if (e.type !== "invoice.issued") return;
    const d = e.data;
    const [appt] = parseRows(StartRow.pick({ starts_at: true }), await useDb().execute(sql`select starts_at from appointments where id = ${d.appointmentId}`));
    const [to, doc] = await Promise.all([recipient(d.patientId), doctor(d.doctorId)]);
    if (!appt || !to || !doc) return;
    await send(
      "invoice_issued",
      `invoice:${d.invoiceId}:issued`,
      to,
      { doctorName: doc.name, clinicName: clinicName(), timezone: doc.timezone, startsAt: new Date(appt.starts_at), path: `/invoices/${d.invoiceId}`, invoiceNumber: d.number },
      { patientId: d.patientId, appointmentId: d.appointmentId, invoiceId: d.invoiceId },
    );
  }

  const reminderKeyPrefix = (appointmentId: string, startsAt: string) => `reminder:${appointmentId}:${new Date(startsAt).toISOString()}`;

  async function startReminder(appointmentId: string, startsAt: string, since: string) {
    const { sdk, client } = await useSfn();
    const input = JSON.stringify({ appointmentId, startsAt: new Date(startsAt).toISOString(), since });
    try {
      await client.send(new sdk.StartExecutionCommand({ stateMachineArn: reminderMachineArn(), name: reminderExecutionName(appointmentId, startsAt), input }));
    } catch (err) {
      // The same name again (a redelivered event): already started. Names are unique for 90 days.
      if ((err as { name?: string }).name === "ExecutionAlreadyExists") return;
      throw err;
    }
  }

  async function stopReminder(appointmentId: string, startsAt: string) {
    const { sdk, client } = await useSfn();
    const arn = `${reminderMachineArn().replace(":stateMachine:", ":execution:")}:${reminderExecutionName(appointmentId, startsAt)}`;
    try {
      await client.send(new sdk.StopExecutionCommand({ executionArn: arn, error: "Carebeat.NoLongerHolds", cause: "The appointment was moved, cancelled or ended" }));
    } catch (err) {
      // Never started, or already over: Check would have ended it anyway.
      if (["ExecutionDoesNotExist", "ValidationException"].includes((err as { name?: string }).name ?? "")) return;
      log.warn("notification.stop_reminder_failed", { appointmentId, ...errorFields(err), note: "its Check ends it at the reminder time" });
    }
  }

  export type Check = { action: "wait"; until: string } | { action: "done"; outcome: "sent" | "stale" | "opted_out" | "no_address" | "within_lead" | "past" };

  /**
   * The reminder workflow's Check task. Everything is decided now, against the database: an
   * execution that outlived its time (stopped too late, or never stopped) ends here as `stale`.
   * Sending is an enqueue with the key (appointment, reminder, start) in a transaction that holds
   * the appointment row (`for share`), so a reschedule committing at the same moment either comes
   * first (stale) or waits for the enqueue and then withdraws it (onAppointmentEvent).
   */
  export async function checkReminder(input: { appointmentId: string; startsAt: string; since: string }, now = Date.now()): Promise<Check> {
    const start = new Date(input.startsAt).getTime();
    const clinic = await settings.readSettings();
    const lead = settings.leadSeconds(clinic);
    const remindAt = start - lead * 1000;
    if (remindAt <= new Date(input.since).getTime()) return { action: "done", outcome: "within_lead" };
    if (start <= now) return { action: "done", outcome: "past" };
    if (now < remindAt) return { action: "wait", until: new Date(Math.min(remindAt, now + MAX_WAIT_SECONDS * 1000)).toISOString() };

    const holds = async () => {
      const [row] = parseRows(VisitRow, await useDb().execute(sql`select status, starts_at, patient_id, doctor_id from appointments where id = ${input.appointmentId}`));
      return row && row.status === "booked" && new Date(row.starts_at).getTime() === start ? row : undefined;
    };
    const appt = await holds();
    if (!appt) return { action: "done", outcome: "stale" };
    const [to, doc] = await Promise.all([recipient(appt.patient_id, clinic), doctor(appt.doctor_id)]);
    if (!to || !doc) return { action: "done", outcome: "no_address" };
    if (!to.reminders) return { action: "done", outcome: "opted_out" };
    const outcome = await useTransaction(async (tx) => {
      const [locked] = parseRows(StartRow, await tx.execute(sql`select status, starts_at from appointments where id = ${input.appointmentId} for share`));
      if (!locked || locked.status !== "booked" || new Date(locked.starts_at).getTime() !== start) return "stale" as const;
      await send(
        "reminder",
        reminderKeyPrefix(input.appointmentId, input.startsAt),
        to,
        { doctorName: doc.name, clinicName: clinicName(), timezone: doc.timezone, startsAt: new Date(start), path: "/appointments" },
        { patientId: appt.patient_id, appointmentId: input.appointmentId },
      );
      return "sent" as const;
    });
    if (outcome === "sent") count(MetricName.RemindersSent);
    return { action: "done", outcome };
  }

  /** The API's side — preferences, clinic settings, the opt-out link: ./consent.ts. */
  export const preferences = consent.preferences;
  export const updatePreferences = consent.updatePreferences;
  export const clinicSettings = consent.clinicSettings;
  export const updateClinicSettings = consent.updateClinicSettings;
  export const unsubscribe = consent.unsubscribe;
}
