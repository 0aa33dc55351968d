import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startTestApp, type TestApp, type TestUser } from "@carebeat/local/testing";
import { startTestSmtp, type ReceivedMail } from "@carebeat/local/smtp-testing";
import { allWeek, problem, query, slot, unique } from "./clinic.fixtures";

/**
 * Patient email end to end (issue 17), in the offline home with every real part: the API books,
 * the outbox reaches the notifications consumer through the local event log, reminders run on the
 * local Step Functions endpoint (the one definition AWS runs), the mail goes through the local
 * SES to a real SMTP server and is parsed. The lead time is the test's clock
 * (CAREBEAT_REMINDER_LEAD_SECONDS): a reminder falls due seconds after booking.
 */
let t: TestApp;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let events: { stop(): Promise<void>; drain(): Promise<void> };
let admin: TestUser, staff: TestUser;
let doctor: { id: string; name: string };

before(async () => {
  smtp = await startTestSmtp();
  process.env.CAREBEAT_SMTP_URL = smtp.url;
  process.env.CAREBEAT_SITE_URL = "https://clinic.example";
  process.env.CAREBEAT_CLINIC_NAME = "Riverside Practice";
  t = await startTestApp();
  const { startEventLog } = await import("@carebeat/local/events/index");
  events = await startEventLog({ pollMs: 50 });
  admin = await t.user("admin");
  staff = await t.user("staff");
  const res = await t.call("POST", "/api/doctors", {
    token: admin.token,
    body: { name: `Dr Weber ${unique()}`, specialty: "General practice", visitFeeCents: 8000, currency: "EUR", timezone: "Europe/Berlin", workingHours: allWeek },
  });
  assert.equal(res.status, 201);
  doctor = res.body;
});
after(async () => {
  await events?.stop();
  await t?.stop();
  await smtp?.stop();
  delete process.env.CAREBEAT_SMTP_URL;
  delete process.env.CAREBEAT_REMINDER_LEAD_SECONDS;
});

async function patientWithEmail() {
  const email = `pat-${unique()}@example.org`;
  const res = await t.call("POST", "/api/patients", { token: staff.token, body: { name: { given: "Anna", family: `Schmidt${unique()}` }, contact: { email } } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { id: res.body.id as string, email };
}

/** Billing issues an invoice right after each booking; its notice is checked on its own. */
const isInvoice = (m: ReceivedMail) => /^(Your invoice|Ihre Rechnung)/.test(m.mail.subject ?? "");

/** Publish, consume and send everything pending, then the appointment mail to `to` so far. */
async function settle(to: string, invoices = false): Promise<ReceivedMail[]> {
  await events.drain();
  await t.stack.mail.drain();
  return smtp.received.filter((m) => m.envelopeTo.includes(to) && isInvoice(m) === invoices);
}

async function waitForMail(to: string, count: number, ms = 20_000, invoices = false) {
  const until = Date.now() + ms;
  for (;;) {
    const got = await settle(to, invoices);
    if (got.length >= count || Date.now() > until) return got;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Make the reminder for a visit at `startsAt` fall due `inSeconds` from now. */
function leadSoThatDueIn(startsAt: string, inSeconds: number) {
  process.env.CAREBEAT_REMINDER_LEAD_SECONDS = String(Math.floor((new Date(startsAt).getTime() - Date.now()) / 1000) - inSeconds);
}

const book = (patientId: string, n: number) => t.call("POST", "/api/appointments", { token: staff.token, body: { doctorId: doctor.id, patientId, ...slot(n) } });
const subjects = (mails: ReceivedMail[]) => mails.map((m) => m.mail.subject);
const berlin = (iso: string) => new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Berlin", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(iso));

test("a booking sends one confirmation in the doctor's zone, with a link and a one-click opt-out; a redelivered event sends nothing twice", async () => {
  delete process.env.CAREBEAT_REMINDER_LEAD_SECONDS;
  const p = await patientWithEmail();
  const booked = await book(p.id, 0);
  assert.equal(booked.status, 201);
  const mails = await waitForMail(p.email, 1);
  assert.deepEqual(subjects(mails), [`Your appointment with ${doctor.name} is booked`]);
  const { mail } = mails[0]!;
  assert.match(mail.text ?? "", new RegExp(`at Riverside Practice is booked for .*${berlin(booked.body.startsAt)} \\(Europe/Berlin, (CET|CEST|GMT\\+1|GMT\\+2)\\)`));
  assert.match(mail.text ?? "", /https:\/\/clinic\.example\/appointments\n/);
  assert.match(String(mail.html), /href="https:\/\/clinic\.example\/appointments"/);
  assert.match(mail.text ?? "", /Stop reminder emails: https:\/\/clinic\.example\/unsubscribe#token=v1\./);
  // No clinical detail and no money in the mail.
  assert.doesNotMatch(mail.text ?? "", /80[.,]00|EUR|€|General practice/);
  const header = (m: ReceivedMail, key: string) => m.mail.headerLines.find((h) => h.key === key)?.line.replace(/^[^:]+:\s*/, "");
  const unsubscribe = header(mails[0]!, "list-unsubscribe") ?? "";
  assert.match(unsubscribe, /^<https:\/\/clinic\.example\/api\/notifications\/one-click\?token=v1\.[^>]+>$/);
  assert.equal(header(mails[0]!, "list-unsubscribe-post"), "List-Unsubscribe=One-Click");

  // The mapping redelivers: the notifications group reads the topic again from the start.
  await query("update local_event_consumer set next_offset = 0 where group_id = 'carebeat-notifications'");
  assert.equal((await settle(p.email)).length, 1, "a redelivered booking event sends no second confirmation");

  // Billing issues the invoice: one notice with a link to it, no amount, no attachment.
  const [invoiceMail] = await waitForMail(p.email, 1, 20_000, true);
  assert.ok(invoiceMail, "an invoice notice");
  const [invoice] = await query("select id, number from invoices where appointment_id = $1", [booked.body.id]);
  assert.match(invoiceMail.mail.text ?? "", new RegExp(`Your invoice ${invoice.number} for the visit with ${doctor.name}`));
  assert.match(invoiceMail.mail.text ?? "", new RegExp(`https://clinic.example/invoices/${invoice.id}`));
  assert.doesNotMatch(invoiceMail.mail.text ?? "", /80[.,]00|EUR|€/);
  assert.equal(invoiceMail.mail.attachments.length, 0);
  assert.equal(header(invoiceMail, "list-unsubscribe"), undefined, "an invoice notice is not a reminder to opt out of");
  const audit = await query("select action, resource_id from audit_log where patient_id = $1 and action like 'notification.%' order by at", [p.id]);
  assert.deepEqual(
    audit.map((a) => a.action),
    ["notification.confirmation", "notification.invoice_issued"],
  );
  assert.equal(audit[1].resource_id, invoice.id);
});

test("a reschedule sends one new-time email, and the reminder comes for the new time only", async () => {
  const p = await patientWithEmail();
  const first = slot(4);
  leadSoThatDueIn(first.startsAt, 4);
  const booked = await book(p.id, 4);
  assert.equal(booked.status, 201);
  const moved = slot(5);
  // The new time's reminder is due in ~4 s too; the old one (stopped, and stale if it ran) never.
  process.env.CAREBEAT_REMINDER_LEAD_SECONDS = String(Math.floor((new Date(moved.startsAt).getTime() - Date.now()) / 1000) - 4);
  const res = await t.call("PATCH", `/api/appointments/${booked.body.id}`, { token: staff.token, body: moved });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const mails = await waitForMail(p.email, 3);
  assert.deepEqual(subjects(mails), [
    `Your appointment with ${doctor.name} is booked`,
    `Your appointment with ${doctor.name} has a new time`,
    `Reminder: your appointment with ${doctor.name}`,
  ]);
  assert.match(mails[1]!.mail.text ?? "", new RegExp(`moved to .*${berlin(moved.startsAt)}`));
  assert.match(mails[2]!.mail.text ?? "", new RegExp(berlin(moved.startsAt)));
  assert.doesNotMatch(mails[2]!.mail.text ?? "", new RegExp(`${berlin(first.startsAt)} \\(`));
  await new Promise((r) => setTimeout(r, 2_000));
  assert.equal((await settle(p.email)).length, 3, "no reminder for the old time");
  const keys = await query("select dedupe_key, status from mail_outbox where patient_id = $1 and kind = 'notification.reminder'", [p.id]);
  assert.deepEqual(
    keys.map((k) => k.dedupe_key),
    [`reminder:${booked.body.id}:${new Date(moved.startsAt).toISOString()}`],
  );
});

test("a cancellation sends one cancellation email and no reminder", async () => {
  const p = await patientWithEmail();
  const at = slot(8);
  leadSoThatDueIn(at.startsAt, 3);
  const booked = await book(p.id, 8);
  assert.equal(booked.status, 201);
  assert.equal((await t.call("POST", `/api/appointments/${booked.body.id}/cancel`, { token: staff.token, body: {} })).status, 200);
  await waitForMail(p.email, 2);
  await new Promise((r) => setTimeout(r, 4_500));
  const mails = await settle(p.email);
  assert.deepEqual(subjects(mails), [`Your appointment with ${doctor.name} is booked`, `Your appointment with ${doctor.name} is cancelled`]);
  assert.equal((await query("select count(*)::int as n from mail_outbox where patient_id = $1 and kind = 'notification.reminder'", [p.id]))[0].n, 0);
});

test("an opted-out patient gets no reminder; German is chosen by preference; the opt-out link works without signing in", async () => {
  const p = await patientWithEmail();
  const patient = await t.user("patient", { patientId: p.id });
  const other = await t.user("patient", { patientId: (await patientWithEmail()).id });
  const doc = await t.user("doctor", { doctorId: doctor.id });

  // Who may touch the preferences: the patient, staff, admins; not another patient, not a doctor.
  problem(await t.call("GET", `/api/notifications/preferences/${p.id}`, { token: other.token }), 403);
  problem(await t.call("GET", `/api/notifications/preferences/${p.id}`, { token: doc.token }), 403);
  problem(await t.call("PUT", `/api/notifications/preferences/${p.id}`, { token: patient.token, body: { language: "fr" } }), 400, "language");
  problem(await t.call("PUT", `/api/notifications/preferences/${p.id}`, { token: patient.token, body: { sms: true } }), 400, "sms");
  const set = await t.call("PUT", `/api/notifications/preferences/${p.id}`, { token: patient.token, body: { language: "de", reminders: false } });
  assert.equal(set.status, 200);
  assert.deepEqual(set.body, { language: "de", reminders: false });
  assert.deepEqual((await t.call("GET", `/api/notifications/preferences/${p.id}`, { token: staff.token })).body, { language: "de", reminders: false });

  const at = slot(12);
  leadSoThatDueIn(at.startsAt, 2);
  const booked = await book(p.id, 12);
  assert.equal(booked.status, 201);
  const [confirmation] = await waitForMail(p.email, 1);
  assert.equal(confirmation!.mail.subject, `Ihr Termin bei ${doctor.name} ist gebucht`);
  assert.doesNotMatch(confirmation!.mail.text ?? "", /Erinnerung per E-Mail/, "no reminder promised to a patient who turned them off");
  await new Promise((r) => setTimeout(r, 3_500));
  assert.equal((await settle(p.email)).length, 1, "no reminder");

  // The link in the mail: turn reminders back on from the opt-out page, then off with one click.
  const token = /\/unsubscribe#token=(v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(confirmation!.mail.text ?? "")?.[1];
  assert.ok(token, "an opt-out link in the mail");
  problem(await t.call("POST", "/api/notifications/unsubscribe", { body: { token: token.slice(0, -2) + (token.endsWith("AA") ? "BB" : "AA") } }), 400, "token");
  assert.deepEqual((await t.call("POST", "/api/notifications/unsubscribe", { body: { token, reminders: true } })).body, { reminders: true });
  const oneClick = await t.call("POST", `/api/notifications/one-click?token=${token}`, {});
  assert.equal(oneClick.status, 200);
  assert.deepEqual(oneClick.body, { reminders: false });
  const trail = await query("select action from audit_log where patient_id = $1 and action in ('notification.unsubscribe', 'notification.resubscribe') order by at", [p.id]);
  assert.deepEqual(
    trail.map((a) => a.action),
    ["notification.resubscribe", "notification.unsubscribe"],
  );
});

test("admins set the lead time and the clinic's language; others are refused; bad values name the field", async () => {
  problem(await t.call("GET", "/api/notifications/settings", { token: staff.token }), 403);
  problem(await t.call("PUT", "/api/notifications/settings", { token: admin.token, body: { reminderLeadMinutes: 5 } }), 400, "reminderLeadMinutes");
  const res = await t.call("PUT", "/api/notifications/settings", { token: admin.token, body: { reminderLeadMinutes: 120 } });
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { reminderLeadMinutes: 120, language: "en" });
  assert.deepEqual((await t.call("GET", "/api/notifications/settings", { token: admin.token })).body, { reminderLeadMinutes: 120, language: "en" });
});

test("a bounced address gets nothing more", async () => {
  delete process.env.CAREBEAT_REMINDER_LEAD_SECONDS;
  const p = await patientWithEmail();
  const { Mail } = await import("@carebeat/core/mail");
  await Mail.suppress(p.email.toUpperCase(), "bounce");
  assert.equal((await book(p.id, 16)).status, 201);
  await settle(p.email);
  assert.equal((await settle(p.email)).length, 0);
});

test("the admin Outbox: each mail with its body as sent, a credential's body never shown, each page audited with its patients", async () => {
  const p = await patientWithEmail();
  assert.equal((await book(p.id, 20)).status, 201);
  await waitForMail(p.email, 1);
  const res = await t.call("GET", `/api/notifications/outbox?patientId=${p.id}&status=sent`, { token: admin.token });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const mail = res.body.items.find((m: any) => m.kind === "notification.confirmation");
  assert.ok(mail, JSON.stringify(res.body.items.map((m: any) => m.kind)));
  assert.equal(mail.to, p.email);
  assert.equal(mail.subject, `Your appointment with ${doctor.name} is booked`);
  assert.match(mail.text, /https:\/\/clinic\.example\/appointments/, "links as the patient sees them");
  assert.doesNotMatch(mail.text, /\{\{site\}\}/);
  assert.ok(mail.sentAt);
  const audit = await query("select patient_ids from audit_log where action = 'mail.outbox.read' order by at desc limit 1");
  assert.ok(audit[0].patient_ids.includes(p.id), "the read names the patients it disclosed");
  // A reset link's body is a credential: listed, never shown.
  const user = await t.user("staff");
  assert.equal((await t.call("POST", "/api/auth/password/forgot", { body: { email: user.email } })).status, 202);
  await t.stack.mail.drain();
  const all = await t.call("GET", "/api/notifications/outbox?limit=100", { token: admin.token });
  const reset = all.body.items.find((m: any) => m.kind === "auth.password_reset" && m.to === user.email);
  assert.ok(reset, "the reset mail is listed");
  assert.equal(reset.text, null);
  assert.equal(reset.html, null);
  problem(await t.call("GET", "/api/notifications/outbox", { token: staff.token }), 403);
  problem(await t.call("GET", "/api/notifications/outbox?status=lost", { token: admin.token }), 400, "query.status");
});
