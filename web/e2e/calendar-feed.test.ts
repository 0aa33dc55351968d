/**
 * Calendar feeds in real headless Chromium against the offline runtime (docs/calendar.md): a
 * doctor and a patient each create a feed link on the "Calendar feed" page, the link serves
 * RFC 5545 without signing in, rotating kills the old link and revoking the new one.
 * Screenshots (each also an axe-core check): test-results/screenshots/calendar-feed-*.png
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { accessibility, api, apiLogin, jsErrors, newPage, shot, signIn, startRuntime, type Runtime } from "./runtime";

const stamp = Date.now().toString(36).slice(-4);
const admin = { email: "admin@cal.carebeat.local", password: "admin-password-e2e", name: "Ada Admin", role: "admin" as const };
const staff = { email: "desk@cal.carebeat.local", password: "staff-password-e2e", name: "Sam Front-Desk", role: "staff" as const };
const patientUser = { email: `pia.${stamp}@cal.carebeat.local`, password: "patient-password-1", name: "Pia Okafor" };
const doctorUser = { email: `lena.${stamp}@cal.carebeat.local`, password: "doctor-password-1", name: "Lena Vogt" };
const allWeek = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: "00:00", end: "24:00" }));

let rt: Runtime;
let base = "";

before(async () => {
  rt = await startRuntime([admin, staff]);
  base = rt.base;
  const adminToken = (await apiLogin(base, admin)).accessToken;
  const staffToken = (await apiLogin(base, staff)).accessToken;
  const doctor = await api(base, adminToken, "POST", "/api/doctors", {
    name: "Dr. Lena Vogt",
    specialty: "General practice",
    visitFeeCents: 8000,
    currency: "EUR",
    timezone: "Europe/Berlin",
    workingHours: allWeek,
  });
  assert.equal(doctor.status, 201);
  const { Auth } = await import("@carebeat/core/auth");
  const { withActor } = await import("@carebeat/core/actor");
  await withActor({ type: "system", name: "e2e" }, () => Auth.createUser({ ...doctorUser, role: "doctor", doctorId: doctor.body.id }));
  assert.equal((await fetch(`${base}/api/auth/register`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(patientUser) })).status, 202);
  const patientId = (await apiLogin(base, patientUser)).user.patientId!;
  const d = new Date(Date.now() + 3 * 86_400_000);
  d.setUTCHours(9, 0, 0, 0);
  const booked = await api(base, staffToken, "POST", "/api/appointments", {
    doctorId: doctor.body.id,
    patientId,
    startsAt: d.toISOString(),
    endsAt: new Date(d.getTime() + 30 * 60_000).toISOString(),
  });
  assert.equal(booked.status, 201, JSON.stringify(booked.body));
});
after(async () => rt?.stop());

async function createLink(page: Page, button: "Create feed link" | "Rotate link") {
  const input = page.locator("#feed-url");
  const before = (await input.count()) ? await input.inputValue() : "";
  await page.getByRole("button", { name: button }).click();
  await page.waitForFunction((old) => {
    const value = (document.querySelector("#feed-url") as HTMLInputElement | null)?.value;
    return !!value && value !== old;
  }, before);
  const url = await page.getByLabel("Your feed link (shown once)").inputValue();
  assert.match(url, new RegExp(`^${base}/api/calendar/[A-Za-z0-9_-]{43}\\.ics$`));
  return url;
}

test("a doctor creates, rotates and revokes a feed link; the feed names no patient", async () => {
  const { context, page } = await newPage(rt.browser);
  await signIn(page, base, doctorUser);
  await page.getByRole("link", { name: "Calendar feed" }).click();
  await page.getByRole("heading", { name: "Calendar feed" }).waitFor();
  await page.getByText("You have no feed link.").waitFor();
  const first = await createLink(page, "Create feed link");
  await page.getByText("A feed link is active").waitFor();
  await shot(page, "calendar-feed-doctor");

  const res = await fetch(first);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/calendar; charset=utf-8");
  const text = await res.text();
  assert.match(text, /SUMMARY:Patient visit/);
  assert.match(text, /DTSTART;TZID=Europe\/Berlin:\d{8}T100000/);
  assert.ok(!text.includes("Okafor") && !text.includes("Pia"), "no patient name in the doctor's feed");

  const second = await createLink(page, "Rotate link");
  assert.notEqual(second, first);
  await page.getByText("The old link no longer works").waitFor();
  assert.equal((await fetch(first)).status, 404);
  assert.equal((await fetch(second)).status, 200);

  await page.getByRole("button", { name: "Revoke link" }).click();
  await page.getByText("You have no feed link.").waitFor();
  await shot(page, "calendar-feed-doctor-revoked");
  assert.equal((await fetch(second)).status, 404);
  assert.deepEqual(jsErrors(page), []);
  await context.close();
});

test("a patient's feed names the doctor; the page passes axe", async () => {
  const { context, page } = await newPage(rt.browser, { width: 420, height: 860 });
  await signIn(page, base, patientUser);
  await page.goto(`${base}/calendar-feed`);
  await page.getByRole("heading", { name: "Calendar feed" }).waitFor();
  const url = await createLink(page, "Create feed link");
  await shot(page, "calendar-feed-patient");
  const text = await (await fetch(url)).text();
  assert.match(text, /SUMMARY:Appointment with Dr. Lena Vogt/);
  assert.deepEqual(jsErrors(page), []);
  await context.close();
  assert.deepEqual(accessibility, [], JSON.stringify(accessibility, null, 2));
});
