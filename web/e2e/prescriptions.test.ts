/**
 * Prescriptions in real headless Chromium against the offline runtime (docs/prescriptions.md):
 * a doctor prescribes from a visit in progress (the appointment row's Prescribe), the pharmacist
 * dispenses from the queue (which shows the patient's name and birth date only), the patient asks
 * for a repeat and the doctor approves it. Screenshots (each also an axe-core check):
 * test-results/screenshots/prescriptions-*.png
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import { accessibility, api, apiLogin, eventually, jsErrors, newPage, shot, signIn, startRuntime, type Runtime } from "./runtime";

const stamp = Date.now().toString(36).slice(-4);
const admin = { email: "admin@rx.carebeat.local", password: "admin-password-e2e", name: "Ada Admin", role: "admin" as const };
const staff = { email: "desk@rx.carebeat.local", password: "staff-password-e2e", name: "Sam Front-Desk", role: "staff" as const };
const doctorUser = { email: `nora.${stamp}@rx.carebeat.local`, password: "doctor-password-1", name: "Nora Brandt" };
const pharmacistUser = { email: `piet.${stamp}@rx.carebeat.local`, password: "pharmacist-password-1", name: "Piet Apotheker" };
const patientUser = { email: `mara.${stamp}@rx.carebeat.local`, password: "patient-password-1", name: "Mara Lind" };
const allWeek = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: "00:00", end: "24:00" }));

let rt: Runtime;
let base = "";

before(async () => {
  rt = await startRuntime([admin, staff]);
  base = rt.base;
  const adminToken = (await apiLogin(base, admin)).accessToken;
  const staffToken = (await apiLogin(base, staff)).accessToken;
  const doctor = await api(base, adminToken, "POST", "/api/doctors", {
    name: "Dr. Nora Brandt",
    specialty: "General practice",
    visitFeeCents: 8000,
    currency: "EUR",
    timezone: "Europe/Berlin",
    workingHours: allWeek,
  });
  const patient = await api(base, staffToken, "POST", "/api/patients", { name: { given: "Mara", family: "Lind" }, birthDate: "1991-06-14" });
  assert.equal(patient.status, 201, JSON.stringify(patient.body));
  const { Auth } = await import("@carebeat/core/auth");
  const { withActor } = await import("@carebeat/core/actor");
  await withActor({ type: "system", name: "e2e" }, async () => {
    await Auth.createUser({ ...doctorUser, role: "doctor", doctorId: doctor.body.id });
    await Auth.createUser({ ...pharmacistUser, role: "pharmacist" });
    await Auth.createUser({ ...patientUser, role: "patient", patientId: patient.body.id });
  });
  const d = new Date(Date.now() + 2 * 86_400_000);
  const booked = await api(base, staffToken, "POST", "/api/appointments", {
    doctorId: doctor.body.id,
    patientId: patient.body.id,
    startsAt: d.toISOString(),
    endsAt: new Date(d.getTime() + 30 * 60_000).toISOString(),
    reason: "Sore throat",
  });
  assert.equal(booked.status, 201, JSON.stringify(booked.body));
  // A visit in progress: begun ten minutes ago (booking in the past is refused by design).
  const { useDb } = await import("@carebeat/core/drizzle");
  await useDb().execute(sql`update appointments set starts_at = now() - interval '10 minutes', ends_at = now() + interval '20 minutes' where id = ${booked.body.id}`);
});
after(async () => rt?.stop());

test("a doctor prescribes from the visit; the prescription lists with its dose", async () => {
  const { context, page } = await newPage(rt.browser);
  await signIn(page, base, doctorUser);
  await page.goto(`${base}/appointments`);
  await page.getByRole("link", { name: "Prescribe" }).click();
  await page.getByRole("heading", { name: "New prescription" }).waitFor();
  await page.getByLabel("Medication").selectOption({ label: "Amoxicillin 500 mg capsule" });
  await page.getByLabel("Unit").selectOption("capsule");
  await page.getByLabel("How often").selectOption("three_times_daily");
  await page.getByLabel("Instructions (optional)").fill("Finish the course.");
  await page.getByLabel("Quantity per fill").fill("21");
  await page.getByLabel("Repeats").fill("1");
  await shot(page, "prescriptions-prescribe");
  await page.getByRole("button", { name: "Prescribe" }).click();
  await page.getByRole("heading", { name: "Prescriptions" }).waitFor();
  const row = page.getByRole("row", { name: /Amoxicillin 500 mg capsule/ });
  await row.waitFor();
  assert.match(String(await row.textContent()), /1 capsule three times a day/);
  assert.match(String(await row.textContent()), /Mara Lind/);
  await shot(page, "prescriptions-doctor");
  assert.deepEqual(jsErrors(page), []);
  await context.close();
});

test("the pharmacist dispenses a fill from the queue, which shows only name and birth date", async () => {
  const { context, page } = await newPage(rt.browser);
  await signIn(page, base, pharmacistUser);
  await page.getByRole("heading", { name: "Pharmacy queue" }).waitFor();
  const row = page.getByRole("row", { name: /Mara Lind/ });
  await row.waitFor();
  assert.match(String(await row.textContent()), /born 14/);
  assert.doesNotMatch(String(await page.locator("main").textContent()), /pat_|apt_|Sore throat/, "no record ids or visit details at the counter");
  await shot(page, "prescriptions-pharmacy");
  await row.getByRole("button", { name: "Dispense" }).click();
  await page.getByText("Dispensed 21 of Amoxicillin 500 mg capsule to Mara Lind.").waitFor();
  await eventually(async () => assert.match(String(await page.getByRole("row", { name: /Mara Lind/ }).textContent()), /Dispensed \(repeats left\)/));
  await shot(page, "prescriptions-pharmacy-dispensed");
  assert.deepEqual(jsErrors(page), []);
  await context.close();
});

test("the patient asks for a repeat and the doctor approves it; the pages pass axe", async () => {
  const patient = await newPage(rt.browser, { width: 420, height: 860 });
  await signIn(patient.page, base, patientUser);
  await patient.page.getByRole("link", { name: "My prescriptions" }).click();
  await patient.page.getByRole("heading", { name: "My prescriptions" }).waitFor();
  await patient.page.getByRole("button", { name: "Request repeat" }).click();
  await patient.page.getByText("Repeat requested: your doctor will answer here.").waitFor();
  await patient.page.getByRole("button", { name: "Repeat requested" }).waitFor();
  await shot(patient.page, "prescriptions-patient");
  assert.deepEqual(jsErrors(patient.page), []);
  await patient.context.close();

  const doctor = await newPage(rt.browser);
  await signIn(doctor.page, base, doctorUser);
  await doctor.page.goto(`${base}/prescriptions`);
  await doctor.page.getByText("Mara Lind asks for a repeat of Amoxicillin 500 mg capsule").waitFor();
  await shot(doctor.page, "prescriptions-repeat-request");
  await doctor.page.getByRole("button", { name: "Approve" }).click();
  await doctor.page.getByText("Repeat approved: a new prescription was written.").waitFor();
  await eventually(async () => assert.equal(await doctor.page.getByRole("row", { name: /Amoxicillin 500 mg capsule/ }).count(), 2));
  assert.deepEqual(jsErrors(doctor.page), []);
  await doctor.context.close();
  assert.deepEqual(accessibility, [], JSON.stringify(accessibility, null, 2));
});
