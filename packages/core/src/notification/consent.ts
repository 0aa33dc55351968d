import { useTransaction } from "../drizzle";
import { Audit } from "../audit";
import { assertRole, useUser } from "../actor";
import { VisibleError } from "../util/error";
import { getItem } from "../patient/store";
import * as settings from "./settings";
import { verifyUnsubscribeToken } from "./unsubscribe-token";

/**
 * The API's side of notifications (docs/notifications.md "Consent"): a patient's preferences,
 * the clinic's settings, and the opt-out link from the mail. Every read and change is audited
 * by patient id.
 */

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
