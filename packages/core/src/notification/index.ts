import { Resource } from "sst";
import { sql } from "drizzle-orm";
import { useDb, useTransaction } from "../drizzle";
import { Mail } from "../mail";
import { Audit } from "../audit";
import { assertRole, useUser } from "../actor";
import { VisibleError } from "../util/error";
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
import { issueUnsubscribeToken, verifyUnsubscribeToken } from "./unsubscribe-token";

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
  const rows = <T>(r: unknown) => [...(r as T[])];
  const reminderMachineArn = () => (Resource as unknown as { ReminderWorkflow: { arn: string } }).ReminderWorkflow.arn;

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
    const [row] = rows<{ name: string; timezone: string }>(await useDb().execute(sql`select name, timezone from doctors where id = ${doctorId}`));
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
    const [appt] = rows<{ starts_at: Date | string }>(await useDb().execute(sql`select starts_at from appointments where id = ${d.appointmentId}`));
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
      const [row] = rows<{ status: string; starts_at: Date | string; patient_id: string; doctor_id: string }>(
        await useDb().execute(sql`select status, starts_at, patient_id, doctor_id from appointments where id = ${input.appointmentId}`),
      );
      return row && row.status === "booked" && new Date(row.starts_at).getTime() === start ? row : undefined;
    };
    const appt = await holds();
    if (!appt) return { action: "done", outcome: "stale" };
    const [to, doc] = await Promise.all([recipient(appt.patient_id, clinic), doctor(appt.doctor_id)]);
    if (!to || !doc) return { action: "done", outcome: "no_address" };
    if (!to.reminders) return { action: "done", outcome: "opted_out" };
    const outcome = await useTransaction(async (tx) => {
      const [locked] = rows<{ status: string; starts_at: Date | string }>(
        await tx.execute(sql`select status, starts_at from appointments where id = ${input.appointmentId} for share`),
      );
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

  // — The API's side: preferences, settings, the opt-out link —

  /** Whose preferences the caller may touch: a patient their own; staff and admins anyone's. */
  async function mayManage(patientId: string) {
    const user = useUser();
    if (user.role === "patient" && user.patientId !== patientId)
      throw await Audit.deny({ action: "notification.preferences", resourceType: "patient", resourceId: patientId, patientId });
    if (user.role === "doctor") throw new VisibleError("forbidden", "auth.forbidden", "Doctors do not manage a patient's notification preferences.");
  }

  export async function preferences(patientId: string) {
    await mayManage(patientId);
    await Audit.record({ action: "notification.preferences.read", resourceType: "patient", resourceId: patientId, patientId });
    return settings.readPreferences(patientId);
  }

  export async function updatePreferences(patientId: string, patch: Parameters<typeof settings.writePreferences>[1]) {
    await mayManage(patientId);
    if (!(await getItem(patientId))) throw new VisibleError("not-found", "patient.not_found", "No such patient.");
    return useTransaction(async () => {
      const next = await settings.writePreferences(patientId, patch);
      await Audit.record({ action: "notification.preferences.update", resourceType: "patient", resourceId: patientId, patientId, detail: patch });
      return next;
    });
  }

  export async function clinicSettings() {
    assertRole("admin");
    return settings.readSettings();
  }

  export async function updateClinicSettings(patch: Parameters<typeof settings.writeSettings>[0]) {
    assertRole("admin");
    return useTransaction(async () => {
      const next = await settings.writeSettings(patch);
      await Audit.record({ action: "notification.settings.update", resourceType: "notification_settings", resourceId: "clinic", detail: patch });
      return next;
    });
  }

  /** The link in the mail: no sign-in, a signed and expiring token, one effect (reminders on or off). */
  export async function unsubscribe(token: string, reminders = false) {
    const check = verifyUnsubscribeToken(token);
    if (!check.ok)
      throw new VisibleError(
        "input",
        "notification.bad_token",
        check.reason === "expired" ? "This link has expired. Sign in to change your email settings." : "This link is not valid.",
        [{ field: "token", message: check.reason === "expired" ? "Expired" : "Not a valid opt-out token" }],
      );
    return useTransaction(async () => {
      const next = await settings.writePreferences(check.patientId, { reminders });
      await Audit.record({
        action: reminders ? "notification.resubscribe" : "notification.unsubscribe",
        resourceType: "patient",
        resourceId: check.patientId,
        patientId: check.patientId,
      });
      return { reminders: next.reminders };
    });
  }
}
