/**
 * Patient email in real headless Chromium against the offline runtime, with a real SMTP server
 * behind the offline SES (docs/notifications.md): a patient chooses German and turns reminders
 * off on their record page; the booking's confirmation arrives in German; its opt-out link opens
 * the opt-out page in a browser without a session, which stops reminders on a click and turns them
 * back on; an admin sets the reminder lead time on the Accounts page.
 * Screenshots (each also an axe-core check): test-results/screenshots/notif-*.png
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startTestSmtp } from "../../packages/local/src/smtp-testing";
import { accessibility, api, apiLogin, jsErrors, newPage, shot, signIn, startRuntime, type Runtime } from "./runtime";

const stamp = Date.now().toString(36).slice(-4);
const admin = { email: "admin@notif.carebeat.local", password: "admin-password-e2e", name: "Ada Admin", role: "admin" as const };
const staff = { email: "desk@notif.carebeat.local", password: "staff-password-e2e", name: "Sam Front-Desk", role: "staff" as const };
const patient = { email: `jonas.${stamp}@notif.carebeat.local`, password: "patient-password-1", name: "Jonas Brandt" };
const allWeek = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: "00:00", end: "24:00" }));

let rt: Runtime;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let base = "";
let patientId = "";

before(async () => {
  smtp = await startTestSmtp();
  process.env.CAREBEAT_SMTP_URL = smtp.url;
  rt = await startRuntime([admin, staff]);
  base = rt.base;
  process.env.CAREBEAT_SITE_URL = base;
  assert.equal((await fetch(`${base}/api/auth/register`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(patient) })).status, 202);
  patientId = (await apiLogin(base, patient)).user.patientId!;
});
after(async () => {
  await rt?.stop();
  await smtp?.stop();
  delete process.env.CAREBEAT_SMTP_URL;
});

test("a patient sets email preferences; the confirmation comes in German; the opt-out link works without signing in", async () => {
  const { context, page } = await newPage(rt.browser);
  try {
    await signIn(page, base, patient);
    await page.goto(`${base}/me`);
    const panel = page.getByRole("form", { name: "Reminders and language" });
    await panel.getByLabel("Send reminders before visits").waitFor();
    assert.equal(await panel.getByLabel("Send reminders before visits").isChecked(), true, "reminders are on by default");
    await panel.getByLabel("Send reminders before visits").uncheck();
    await panel.getByLabel("Language of messages").selectOption("de");
    await panel.getByRole("button", { name: "Save email preferences" }).click();
    await panel.getByText("Saved.").waitFor();
    await panel.scrollIntoViewIfNeeded();
    await shot(page, "notif-1-preferences");
    assert.deepEqual(jsErrors(page), []);
  } finally {
    await context.close();
  }
  const staffToken = (await apiLogin(base, staff)).accessToken;
  assert.deepEqual((await api(base, staffToken, "GET", `/api/notifications/preferences/${patientId}`)).body, { language: "de", reminders: false });

  // Staff books: the confirmation arrives in German, with no reminder promised.
  const adminToken = (await apiLogin(base, admin)).accessToken;
  const doctor = await api(base, adminToken, "POST", "/api/doctors", {
    name: "Dr. Lena Vogt",
    specialty: "General practice",
    visitFeeCents: 8000,
    currency: "EUR",
    timezone: "Europe/Berlin",
    workingHours: allWeek,
  });
  assert.equal(doctor.status, 201);
  const d = new Date(Date.now() + 3 * 86_400_000);
  d.setUTCHours(9, 0, 0, 0);
  const booked = await api(base, staffToken, "POST", "/api/appointments", {
    doctorId: doctor.body.id,
    patientId,
    startsAt: d.toISOString(),
    endsAt: new Date(d.getTime() + 30 * 60_000).toISOString(),
  });
  assert.equal(booked.status, 201, JSON.stringify(booked.body));
  let confirmation;
  for (let i = 0; i < 100 && !confirmation; i++) {
    await rt.stack.mail.drain();
    confirmation = smtp.received.find((m) => m.envelopeTo.includes(patient.email) && /gebucht/.test(m.mail.subject ?? ""));
    if (!confirmation) await new Promise((r) => setTimeout(r, 200));
  }
  assert.ok(confirmation, "a confirmation mail");
  assert.equal(confirmation.mail.subject, "Ihr Termin bei Dr. Lena Vogt ist gebucht");
  assert.match(confirmation.mail.text ?? "", /10:00 \(Europe\/Berlin, CET\)/, "09:00 UTC is 10:00 in Berlin in December, the zone named");
  const link = new RegExp(`${base.replace(/[.:/]/g, "\\$&")}/unsubscribe#token=[A-Za-z0-9._-]+`).exec(confirmation.mail.text ?? "")?.[0];
  assert.ok(link, `an opt-out link to this site in: ${confirmation.mail.text}`);

  // The link, in a browser with no session: a click turns reminders off — here, back on, then off.
  const { context: fresh, page: optOut } = await newPage(rt.browser);
  try {
    await optOut.goto(link);
    await optOut.getByRole("heading", { name: "Reminder emails" }).waitFor();
    assert.equal(new URL(optOut.url()).hash, "", "the token is taken out of the address bar");
    await shot(optOut, "notif-2-opt-out");
    await optOut.getByRole("button", { name: "Stop reminder emails" }).click();
    await optOut.getByText("Done: you will get no more reminder emails.").waitFor();
    await shot(optOut, "notif-3-opted-out");
    await optOut.getByRole("button", { name: "Turn reminders back on" }).click();
    await optOut.getByText("Reminder emails are on again.").waitFor();
    assert.deepEqual(jsErrors(optOut), []);
  } finally {
    await fresh.close();
  }
  assert.equal((await api(base, staffToken, "GET", `/api/notifications/preferences/${patientId}`)).body.reminders, true);
});

test("an admin sets the reminder lead time and the clinic's language on the Accounts page", async () => {
  const { context, page } = await newPage(rt.browser);
  try {
    await signIn(page, base, admin);
    await page.goto(`${base}/accounts`);
    const panel = page.getByRole("form", { name: "Reminder settings" });
    const lead = panel.getByLabel("Reminder lead time (hours)");
    await lead.waitFor();
    assert.equal(await lead.inputValue(), "24");
    await lead.fill("12");
    await panel.getByLabel("Default language for patients").selectOption("de");
    await panel.getByRole("button", { name: "Save email settings" }).click();
    await panel.getByText("Saved.").waitFor();
    await panel.scrollIntoViewIfNeeded();
    await shot(page, "notif-4-settings");

    // The Outbox: the patient's German confirmation, opened as the patient saw it.
    await page.getByRole("link", { name: "Outbox" }).click();
    await page.getByRole("heading", { name: "Outbox" }).waitFor();
    await page.getByRole("button", { name: "Ihr Termin bei Dr. Lena Vogt ist gebucht" }).click();
    const frame = page.frameLocator("iframe.mail-frame");
    await frame.getByText("Guten Tag Jonas,").waitFor();
    await page.getByRole("article", { name: "Selected email" }).getByText(`To ${patient.email}`).waitFor();
    await shot(page, "notif-5-outbox");
    assert.deepEqual(jsErrors(page), []);
  } finally {
    await context.close();
  }
  const adminToken = (await apiLogin(base, admin)).accessToken;
  assert.deepEqual((await api(base, adminToken, "GET", "/api/notifications/settings")).body, { reminderLeadMinutes: 720, language: "de" });
});

test("every notification screen passes axe-core (serious and critical)", () => {
  assert.deepEqual(
    accessibility.filter((a) => a.screen.startsWith("notif-")),
    [],
  );
});
