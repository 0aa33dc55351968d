/**
 * The site in real headless Chromium against the whole offline runtime, in-process.
 * Run `npm run build -w web` first, and `bash scripts/install-chromium.sh` once.
 *
 *   npx tsx --test web/e2e/site.test.ts
 *
 * Steps that need API routes not built yet (doctors, patients, appointments) skip
 * themselves after reading /openapi.json, and run as soon as the routes exist.
 * Screenshots: test-results/screenshots/*.png
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { startLocalStack, type LocalStack } from "../../packages/local/src/stack";
import { startServer, type RunningServer } from "../../packages/local/src/server";
import { axeViolations, type AxeViolation } from "./axe";
import { expectFailure, jsErrors, watch } from "./runtime";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const webDist = path.join(root, "web/dist");
const shotsDir = path.join(root, "test-results/screenshots");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const admin = { email: "admin@e2e.carebeat.local", password: "admin-password-e2e", name: "Ada Admin" };
const staff = { email: "desk@e2e.carebeat.local", password: "staff-password-e2e", name: "Sam Front-Desk" };
const patientUser = { email: `pat.${Date.now()}@e2e.carebeat.local`, password: "patient-password-1", name: "Pia Patel" };
const stamp = Date.now().toString(36).slice(-4);
const doctorName = `Dr. Nora Lindqvist ${stamp}`;
const patientRecord = { given: "Jonas", family: `Berger${stamp}`, birthDate: "1984-03-12", email: `jonas.${stamp}@example.org` };

let stack: LocalStack | undefined;
let server: RunningServer | undefined;
let browser: Browser | undefined;
let base = "";
/** `METHOD /api/path` pairs from /openapi.json. */
const ops = new Set<string>();
const has = (method: string, p: string) => ops.has(`${method.toUpperCase()} ${p}`);

before(async () => {
  if (!existsSync(path.join(webDist, "index.html"))) {
    throw new Error("web/dist is missing: run `npm run build -w web` before the e2e tests.");
  }
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: run \`bash scripts/install-chromium.sh\` once.`);
  mkdirSync(shotsDir, { recursive: true });

  stack = await startLocalStack({ stage: "e2e", log: () => {} });
  const { Auth } = await import("@carebeat/core/auth");
  const { withActor } = await import("@carebeat/core/actor");
  await withActor({ type: "system", name: "e2e" }, () => Auth.createUser({ ...admin, role: "admin" }));
  await withActor({ type: "system", name: "e2e" }, () => Auth.createUser({ ...staff, role: "staff" }));
  server = await startServer({ port: 0, webDist, host: "127.0.0.1", s3: stack.s3.serveSameOrigin });
  base = server.url;

  const doc = (await (await fetch(`${base}/openapi.json`)).json()) as { paths?: Record<string, Record<string, unknown>> };
  for (const [p, item] of Object.entries(doc.paths ?? {})) for (const m of Object.keys(item)) ops.add(`${m.toUpperCase()} ${p}`);

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});

after(async () => {
  await browser?.close().catch(() => {});
  await server?.stop().catch(() => {});
  await stack?.stop().catch(() => {});
});

async function newPage(viewport = { width: 1360, height: 860 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser!.newContext({ viewport, locale: "en-GB", timezoneId: "Europe/Berlin" });
  const page = await context.newPage();
  watch(page);
  return { context, page };
}

/** Serious/critical axe-core findings per screenshot; the last test asserts there are none. */
const accessibility: { screen: string; violations: AxeViolation[] }[] = [];

/** Every screenshot is also an accessibility check of that screen (axe-core). */
async function shot(page: Page, name: string) {
  // From the top, so the sticky navigation is where a reader expects it in a full-page capture.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(shotsDir, `${name}.png`), fullPage: true });
  const violations = await axeViolations(page);
  if (violations.length) accessibility.push({ screen: name, violations });
}

/** Retry an assertion for up to 5 s (playwright-core has no `expect`). */
async function eventually(check: () => Promise<void>, timeoutMs = 5000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Wait until a list has finished loading after a filter change (the table is marked aria-busy meanwhile). */
async function settled(page: Page) {
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
}

async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto(`${base}/signin`);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function apiLogin(who: { email: string; password: string }) {
  const res = await fetch(`${base}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(who) });
  assert.equal(res.status, 200, `login ${who.email}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** The next Monday–Friday at least two days ahead, as YYYY-MM-DD (default working hours are Mon–Fri). */
function nextWorkday() {
  const d = new Date(Date.now() + 2 * 86_400_000);
  while (d.getDay() === 0 || d.getDay() === 6) d.setDate(d.getDate() + 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

test("a patient registers, signs in and sees My record", async () => {
  const { context, page } = await newPage();
  try {
    await page.goto(`${base}/register`);
    await page.getByRole("heading", { name: "Create your patient account" }).waitFor();
    // Field errors from the API's errors[] appear next to their fields.
    await page.getByLabel("Full name").fill(patientUser.name);
    await page.getByLabel("Email").fill(patientUser.email);
    await page.getByLabel("Password").fill("short");
    expectFailure(page, 400, /\/api\/auth\/register$/);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByText("Must be at least 10 characters").waitFor();
    await shot(page, "01-register-field-error");

    await page.getByLabel("Password").fill(patientUser.password);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: "My record" }).waitFor();
    // Registration created and linked the record: it shows the name and email given.
    await page.getByRole("definition").filter({ hasText: patientUser.email }).waitFor();

    // Sign out, then sign in again with the new account.
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await shot(page, "02-sign-in");
    await signIn(page, patientUser);
    await page.getByRole("heading", { name: "My record" }).waitFor();
    const nav = page.getByRole("navigation", { name: "Sections" });
    assert.deepEqual(
      (await nav.getByRole("link").allInnerTexts()).map((t) => t.trim()),
      ["My record", "My appointments", "My invoices", "My prescriptions", "Calendar feed"],
    );
    assert.equal((await page.getByTestId("user-name").innerText()).trim(), patientUser.name);
    assert.equal((await page.getByTestId("user-role").innerText()).trim(), "Patient");
    await shot(page, "03-patient-my-record");

    // A patient may change contact, address and insurance only; the form offers just those.
    await page.getByRole("button", { name: "Update my details" }).click();
    assert.equal(await page.getByLabel("Given name").count(), 0, "identity fields are not editable by the patient");
    await page.getByLabel("Phone").fill("+44 20 7946 0958");
    await page.getByLabel("City").fill("London");
    await shot(page, "03b-patient-edit-own-details");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Changes saved.").waitFor();
    await page.getByRole("definition").filter({ hasText: "+44 20 7946 0958" }).waitFor();

    // A reload keeps the session: the HttpOnly refresh cookie mints a new access token.
    await page.reload();
    await page.getByRole("heading", { name: "My record" }).waitFor();

    await page.getByRole("link", { name: "My appointments" }).click();
    await page.getByRole("heading", { name: "My appointments" }).waitFor();
    await shot(page, "04-patient-my-appointments");
    assert.deepEqual(jsErrors(page), []);
  } finally {
    await context.close();
  }
});

test("an admin signs in and sees the staff sections", async () => {
  const { context, page } = await newPage();
  try {
    await signIn(page, admin);
    await page.getByRole("heading", { name: "Patients", exact: true }).waitFor();
    const links = (await page.getByRole("navigation", { name: "Sections" }).getByRole("link").allInnerTexts()).map((t) => t.trim());
    assert.deepEqual(links, ["Patients", "Appointments", "Calendar", "Invoices", "Prescriptions", "Pharmacy queue", "Analytics", "Doctors", "Accounts", "Audit log", "Outbox"]);
    assert.equal((await page.getByTestId("user-role").innerText()).trim(), "Administrator");
    await shot(page, "05-admin-patients");

    await page.getByRole("link", { name: "Accounts" }).click();
    await page.getByRole("heading", { name: "Accounts" }).waitFor();
    await page.getByRole("cell", { name: admin.email }).waitFor();
    await shot(page, "06-admin-accounts");
    assert.deepEqual(jsErrors(page), []);
  } finally {
    await context.close();
  }
});

test("an admin disables an account and its open tab is signed out; re-enabled, it signs in and changes its password", async () => {
  const person = { email: `desk.${stamp}@example.org`, password: "front desk password 1", name: `Desk ${stamp}` };
  const created = await fetch(`${base}/api/auth/users`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${await apiLogin(admin)}` },
    body: JSON.stringify({ ...person, role: "staff" }),
  });
  assert.equal(created.status, 201);
  const desk = await newPage();
  const adm = await newPage();
  try {
    await signIn(desk.page, person);
    await desk.page.getByRole("heading", { name: "Patients", exact: true }).waitFor();

    await signIn(adm.page, admin);
    await adm.page.getByRole("heading", { name: "Patients", exact: true }).waitFor();
    await adm.page.getByRole("link", { name: "Accounts" }).click();
    await adm.page.getByRole("button", { name: `Disable ${person.email}` }).click();
    await adm.page.getByRole("button", { name: `Confirm: disable ${person.email}` }).click();
    await adm.page.getByRole("button", { name: `Enable ${person.email}` }).waitFor();
    assert.equal(
      await adm.page
        .getByRole("row", { name: new RegExp(person.email) })
        .getByText("Disabled")
        .count(),
      1,
    );
    await shot(adm.page, "06b-account-disabled");

    // The disabled person's next request is refused (the token version moved) and the tab signs out.
    expectFailure(desk.page, 401, /\/api\//);
    await desk.page.getByRole("link", { name: "Appointments" }).click();
    await desk.page.waitForURL(/\/signin/, { timeout: 10_000 });

    await adm.page.getByRole("button", { name: `Enable ${person.email}` }).click();
    await adm.page.getByRole("button", { name: `Disable ${person.email}` }).waitFor();

    await signIn(desk.page, person);
    await desk.page.getByRole("heading", { name: "Patients", exact: true }).waitFor();
    await desk.page.getByRole("link", { name: "Change password" }).click();
    await desk.page.getByRole("heading", { name: "Change password" }).waitFor();
    expectFailure(desk.page, 422, /\/api\/auth\/password$/);
    await desk.page.getByLabel("Current password").fill("not my password");
    await desk.page.getByLabel("New password", { exact: true }).fill("a new front desk password");
    await desk.page.getByLabel("Repeat the new password").fill("a new front desk password");
    await desk.page.getByRole("button", { name: "Change password" }).click();
    await desk.page.getByText("Not correct", { exact: true }).waitFor();
    await desk.page.getByLabel("Current password").fill(person.password);
    await desk.page.getByRole("button", { name: "Change password" }).click();
    await desk.page.getByText("Your password was changed").waitFor();
    await shot(desk.page, "06c-change-password");
    // Still signed in here, with the new tokens.
    await desk.page.getByRole("link", { name: "Appointments" }).click();
    await desk.page.getByRole("heading", { name: "Appointments" }).first().waitFor();
    assert.ok(!desk.page.url().includes("/signin"));
    assert.equal(
      (
        await fetch(`${base}/api/auth/login`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email: person.email, password: person.password }),
        })
      ).status,
      401,
    );
    assert.deepEqual(jsErrors(adm.page), []);
    assert.deepEqual(jsErrors(desk.page), []);
  } finally {
    await desk.context.close();
    await adm.context.close();
  }
});

test("an admin creates a doctor with working hours", async (t) => {
  if (!has("post", "/api/doctors")) return t.skip("POST /api/doctors is not in /openapi.json yet");
  const { context, page } = await newPage();
  try {
    await signIn(page, admin);
    await page.getByRole("heading", { name: "Patients", exact: true }).waitFor();
    await page.getByRole("link", { name: "Doctors" }).click();
    await page.getByRole("heading", { name: "Doctors" }).waitFor();
    await page.getByRole("link", { name: "New doctor" }).click();
    await page.getByLabel("Name").fill(doctorName);
    await page.getByLabel("Specialty").fill("General practice");
    await page.getByLabel("Visit fee").fill("80.00");
    await page.getByLabel("Currency").selectOption("EUR");
    await page.getByLabel("Time zone").selectOption("Europe/Berlin");
    // Saturday mornings, and a split Wednesday (lunch break).
    await page.getByRole("checkbox", { name: "Saturday" }).check();
    await page.getByLabel("Saturday start").fill("10:00");
    await page.getByLabel("Saturday end").fill("09:00");
    await page.getByRole("button", { name: "Create doctor" }).click();
    await page.getByText("Saturday: the end time must be after the start time.").waitFor();
    await page.getByLabel("Saturday end").fill("14:00");
    await page.getByLabel("Wednesday end").fill("12:00");
    await page.getByRole("button", { name: "Add a block on Wednesday" }).click();
    await page.getByLabel("Wednesday block 2 start").fill("13:00");
    await page.getByLabel("Wednesday block 2 end").fill("17:00");
    await shot(page, "07-doctor-form");
    await page.getByRole("button", { name: "Create doctor" }).click();
    await page.getByRole("heading", { name: doctorName }).waitFor();
    await page.getByText("Doctor created.").waitFor();
    await page.getByRole("row", { name: "Wednesday 09:00–12:00, 13:00–17:00" }).waitFor();
    await page.getByRole("row", { name: "Sunday Closed" }).waitFor();
    await page.getByText("€80.00").waitFor();
    await shot(page, "08-doctor-page");

    await page.getByRole("link", { name: "Doctors", exact: true }).first().click();
    await page.getByLabel("Search doctors").fill("Nora");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("link", { name: doctorName }).waitFor();
    const hours = page.getByRole("row").filter({ hasText: doctorName }).getByRole("cell").nth(3);
    assert.deepEqual(await hours.locator("div").allInnerTexts(), ["Mon–Tue 09:00–17:00", "Wed 09:00–12:00, 13:00–17:00", "Thu–Fri 09:00–17:00", "Sat 10:00–14:00"]);
    await shot(page, "09-doctor-list");
    assert.deepEqual(jsErrors(page), []);
  } finally {
    await context.close();
  }
});

test("an admin creates, finds and edits a patient", async (t) => {
  if (!has("post", "/api/patients") || !has("get", "/api/patients")) return t.skip("the patients API is not in /openapi.json yet");
  const { context, page } = await newPage();
  try {
    await signIn(page, admin);
    await page.getByRole("heading", { name: "Patients", exact: true }).waitFor();
    await page.getByRole("link", { name: "New patient" }).click();
    await page.getByLabel("Given name").fill(patientRecord.given);
    await page.getByLabel("Family name").fill(patientRecord.family);
    await page.getByLabel("Date of birth").fill(patientRecord.birthDate);
    await page.getByLabel("Sex").selectOption("male");
    await page.getByLabel("Email").fill(patientRecord.email);
    await page.getByLabel("Phone").fill("call me");
    await page.getByLabel("Allergies").fill("Penicillin");
    await page.getByRole("button", { name: "Add field" }).click();
    await page.getByLabel("Field name 1").fill("preferredLanguage");
    await page.getByLabel("Value 1").fill("de");
    // The API's field error (contact.phone) appears under the Phone field.
    expectFailure(page, 400, /\/api\/patients$/);
    await page.getByRole("button", { name: "Create patient" }).click();
    await page.getByText("Must be a phone number").waitFor();
    assert.equal(await page.getByLabel("Phone").getAttribute("aria-invalid"), "true");
    await shot(page, "10a-patient-form-field-error");
    await page.getByLabel("Phone").fill("+49 30 1234567");
    await page.getByRole("button", { name: "Create patient" }).click();
    await page.getByRole("heading", { name: `${patientRecord.given} ${patientRecord.family}` }).waitFor();
    await page.getByText("Patient created.").waitFor();
    await page.getByText("Penicillin").waitFor();
    await page.getByRole("definition").filter({ hasText: /^de$/ }).waitFor();
    await shot(page, "10-patient-record");

    // The list, searched by family-name prefix.
    await page.getByRole("link", { name: "Patients", exact: true }).first().click();
    await page.getByLabel("Search patients").fill(patientRecord.family.slice(0, 7));
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("link", { name: `${patientRecord.given} ${patientRecord.family}` }).waitFor();
    await shot(page, "11-patient-list");

    // Edit with If-Match; a change saved elsewhere in between gives the 412 banner.
    expectFailure(page, 412, /\/api\/patients\/pat_/);
    await page.getByRole("link", { name: `${patientRecord.given} ${patientRecord.family}` }).click();
    await page.getByRole("button", { name: "Edit" }).click();
    await page.getByLabel("Phone").fill("+49 30 7654321");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Changes saved.").waitFor();

    if (has("patch", "/api/patients/{id}")) {
      const id = page.url().split("/").pop()!;
      const token = await apiLogin(admin);
      await page.getByRole("button", { name: "Edit" }).click();
      const current = await fetch(`${base}/api/patients/${id}`, { headers: { authorization: `Bearer ${token}` } });
      const etag = current.headers.get("etag") ?? "*";
      const concurrent = await fetch(`${base}/api/patients/${id}`, {
        method: "PATCH",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "if-match": etag },
        body: JSON.stringify({ contact: { email: patientRecord.email, phone: "+49 30 0000000" } }),
      });
      assert.ok(concurrent.ok, `concurrent PATCH answered ${concurrent.status}`);
      await page.getByLabel("Phone").fill("+49 30 1111111");
      await page.getByRole("button", { name: "Save changes" }).click();
      await page.getByText("Someone else changed this record").waitFor();
      await shot(page, "12-patient-stale-412");
      await page.getByRole("button", { name: "Reload" }).click();
      // The form comes back with the version saved elsewhere.
      await page.getByText("Someone else changed this record").waitFor({ state: "detached" });
      await eventually(async () => assert.equal(await page.getByLabel("Phone").inputValue(), "+49 30 0000000"));
    }
    assert.deepEqual(jsErrors(page), []);
  } finally {
    await context.close();
  }
});

/** Pick doctor, day and the n-th free slot on the booking form; returns the slot's times. */
async function chooseSlot(page: Page, n = 0) {
  await page.getByLabel("Doctor", { exact: true }).selectOption({ label: `${doctorName} — General practice` });
  await page.getByLabel("Date", { exact: true }).fill(nextWorkday());
  const slots = page.getByRole("radiogroup", { name: "Free times" }).locator("label.slot");
  await slots.first().waitFor();
  await slots.nth(n).click();
  const input = slots.nth(n).locator("input");
  return { startsAt: (await input.getAttribute("value"))!, endsAt: (await input.getAttribute("data-ends-at"))! };
}

async function pickPatient(page: Page) {
  await page.getByLabel("Find patient").fill(patientRecord.family);
  await page.getByRole("button", { name: "Find" }).click();
  await page.getByRole("button", { name: new RegExp(`${patientRecord.given} ${patientRecord.family}`) }).click();
}

test("an admin books an appointment; a clash (409) and out-of-hours (422) are shown inline", async (t) => {
  if (!has("post", "/api/appointments") || !has("get", "/api/doctors/{id}/availability") || !has("post", "/api/patients"))
    return t.skip("the appointments / availability API is not in /openapi.json yet");
  const { context, page } = await newPage();
  try {
    await signIn(page, admin);
    await page.getByRole("heading", { name: "Patients", exact: true }).waitFor();
    await page.getByRole("link", { name: "Appointments" }).click();
    await page.getByRole("heading", { name: "Appointments" }).waitFor();
    await page.getByRole("link", { name: "Book appointment" }).click();
    await chooseSlot(page, 0);
    await pickPatient(page);
    await page.getByLabel("Reason for visit").fill("Annual check-up");
    await shot(page, "13-book-form");
    await page.getByRole("button", { name: "Book appointment" }).click();
    await page.getByText("Appointment booked.").waitFor();
    const row = page.getByRole("row").filter({ hasText: "Annual check-up" });
    await row.waitFor();
    await row.getByText(`${patientRecord.given} ${patientRecord.family}`).waitFor();
    await row.getByText(doctorName).waitFor();
    await shot(page, "14-appointments-list");

    const token = await apiLogin(admin);
    const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const doctor = (
      (await (await fetch(`${base}/api/doctors?q=${encodeURIComponent("Nora")}`, { headers: auth })).json()) as { items: { id: string; name: string; workingHours: unknown }[] }
    ).items.find((d) => d.name === doctorName)!;
    const found = (await (await fetch(`${base}/api/patients?q=${encodeURIComponent(patientRecord.family)}`, { headers: auth })).json()) as { items: { id: string }[] };

    // 409: pick a slot, someone else books it first, then submit.
    expectFailure(page, 409, /\/api\/appointments$/);
    await page.getByRole("link", { name: "Book appointment" }).click();
    const taken = await chooseSlot(page, 0);
    await pickPatient(page);
    const first = await fetch(`${base}/api/appointments`, { method: "POST", headers: auth, body: JSON.stringify({ patientId: found.items[0].id, doctorId: doctor.id, ...taken }) });
    assert.equal(first.status, 201, `booking through the API answered ${first.status}`);
    await page.getByRole("button", { name: "Book appointment" }).click();
    await page.getByText("This time conflicts with another booking").waitFor();
    await shot(page, "15-book-conflict-409");

    // 422: the doctor's hours change while the form is open; the slot is now out of hours.
    expectFailure(page, 422, /\/api\/appointments$/);
    const slots = page.getByRole("radiogroup", { name: "Free times" }).locator("label.slot");
    await slots.first().waitFor();
    await slots.nth(0).click();
    const closed = await fetch(`${base}/api/doctors/${doctor.id}`, {
      method: "PATCH",
      headers: auth,
      body: JSON.stringify({ workingHours: [{ day: 6, start: "10:00", end: "14:00" }] }),
    });
    assert.equal(closed.status, 200);
    try {
      await page.getByRole("button", { name: "Book appointment" }).click();
      await page.getByText("Outside the doctor's working hours").first().waitFor();
      await shot(page, "15b-book-out-of-hours-422");
    } finally {
      await fetch(`${base}/api/doctors/${doctor.id}`, { method: "PATCH", headers: auth, body: JSON.stringify({ workingHours: doctor.workingHours }) });
    }

    // Cancel the first booking with a reason, inline.
    await page.getByRole("link", { name: "Appointments", exact: true }).first().click();
    const booked = page.getByRole("row").filter({ hasText: "Annual check-up" });
    await booked.getByRole("button", { name: "Cancel" }).click();
    await page.getByLabel("Cancel this appointment?").fill("Patient called to cancel");
    await shot(page, "14b-cancel-confirm");
    await page.getByRole("button", { name: "Cancel appointment" }).click();
    await page.getByText("Appointment cancelled.").waitFor();
    await booked.getByText("Cancelled").waitFor();
    await booked.getByText("Patient called to cancel").waitFor();

    // Filter by patient, picked by name with the patient picker (not by typing an id).
    await pickPatient(page);
    await page.waitForURL(/patientId=pat_/);
    await settled(page);
    await booked.waitFor();
    const names = await page.locator('tbody td[data-label="Patient"]').allInnerTexts();
    assert.ok(names.length > 0 && names.every((n) => n.trim() === `${patientRecord.given} ${patientRecord.family}`), names.join(", "));
    assert.deepEqual(jsErrors(page), []);
  } finally {
    await context.close();
  }
});

test("a patient books and reschedules their own appointment", async (t) => {
  if (!has("post", "/api/appointments") || !has("post", "/api/doctors")) return t.skip("the appointments API is not in /openapi.json yet");
  const { context, page } = await newPage();
  try {
    await signIn(page, patientUser);
    await page.getByRole("heading", { name: "My record" }).waitFor();
    await page.getByRole("link", { name: "My appointments" }).click();
    await page.getByRole("link", { name: "Book appointment" }).click();
    await page.getByRole("heading", { name: "Book an appointment" }).waitFor();
    assert.equal(await page.getByLabel("Find patient").count(), 0, "a patient books for themself only");
    await chooseSlot(page, 2);
    await page.getByLabel("Reason for visit").fill("Sore throat");
    await page.getByRole("button", { name: "Book appointment" }).click();
    await page.getByText("Appointment booked.").waitFor();
    const row = page.getByRole("row").filter({ hasText: "Sore throat" });
    await row.getByText(doctorName).waitFor();
    await shot(page, "19-patient-booked");

    const before = await row.locator("td").first().innerText();
    await row.getByRole("link", { name: "Reschedule" }).click();
    await page.getByRole("heading", { name: "Reschedule appointment" }).waitFor();
    await page.getByLabel("Date", { exact: true }).fill(nextWorkday());
    const slots = page.getByRole("radiogroup", { name: "Free times" }).locator("label.slot");
    await slots.nth(4).click();
    await shot(page, "20-patient-reschedule");
    await page.getByRole("button", { name: "Move appointment" }).click();
    await page.getByText("Appointment rescheduled.").waitFor();
    const after = await page.getByRole("row").filter({ hasText: "Sore throat" }).locator("td").first().innerText();
    assert.notEqual(after, before);
    assert.deepEqual(jsErrors(page), []);
  } finally {
    await context.close();
  }
});

test("the front desk books, reschedules and cancels from the calendar", async (t) => {
  if (!has("get", "/api/doctors/{id}/availability") || !has("post", "/api/appointments")) return t.skip("the availability / appointments API is not in /openapi.json yet");
  const { context, page } = await newPage();
  try {
    await signIn(page, staff);
    await page.getByRole("heading", { name: "Patients", exact: true }).waitFor();
    await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Calendar" }).click();
    await page.getByRole("heading", { name: "Calendar", exact: true }).waitFor();
    await page.getByLabel("Doctor", { exact: true }).selectOption({ label: doctorName });
    await page.getByLabel("Date", { exact: true }).fill(nextWorkday());
    await page.waitForURL(/date=/);
    const column = page.getByRole("region", { name: doctorName });
    await column.getByText("Europe/Berlin").waitFor();
    // The visit the patient booked earlier is on this day, next to the free times.
    await column.locator("li.cal-appt").filter({ hasText: "Sore throat" }).waitFor();

    // Book: click a free time, pick the patient, give a reason.
    const free = column.getByRole("button", { name: / Free, book with / });
    await free.first().waitFor();
    const slotsBefore = await free.count();
    await free.nth(1).click();
    await page.getByRole("heading", { name: "Book this time" }).waitFor();
    assert.ok(await page.getByRole("heading", { name: "Book this time" }).evaluate((h) => h === document.activeElement), "focus moves into the booking panel");
    await page.getByRole("button", { name: "Book appointment" }).click();
    await page.getByText("Choose a patient.").waitFor();
    await pickPatient(page);
    await page.getByLabel("Reason for visit").fill("Calendar check-up");
    await shot(page, "22-calendar-book-panel");
    await page.getByRole("button", { name: "Book appointment" }).click();
    await page.getByText(/^Booked with /).waitFor();
    const card = column.locator("li.cal-appt").filter({ hasText: "Calendar check-up" });
    await card.getByText("Booked", { exact: true }).waitFor();
    await card.getByText(`${patientRecord.given} ${patientRecord.family}`).waitFor();
    await eventually(async () => assert.equal(await free.count(), slotsBefore - 1, "the booked time is no longer free"));
    await shot(page, "23-calendar-day");

    // Reschedule: the visit's free times turn into "Move here" targets.
    const before = await card.locator(".cal-time").innerText();
    await card.getByRole("button", { name: "Reschedule" }).click();
    await page.getByText("Moving the visit").waitFor();
    await column
      .getByRole("button", { name: / Move here, / })
      .nth(3)
      .click();
    await page.getByText(/^Moved to /).waitFor();
    await eventually(async () => assert.notEqual(await card.locator(".cal-time").innerText(), before));

    // Cancel with a reason; the visit stays on the calendar, marked cancelled.
    await card.getByRole("button", { name: "Cancel" }).click();
    await page.getByLabel("Reason (optional)").fill("Called to cancel");
    await page.getByRole("button", { name: "Cancel appointment" }).click();
    await page.getByText("Appointment cancelled.").waitFor();
    await card.getByText("Cancelled", { exact: true }).waitFor();

    // The week: one column per day for this doctor.
    await page.getByRole("button", { name: "Week" }).click();
    await page.waitForURL(/view=week/);
    await page.locator(".cal-col").nth(6).waitFor();
    assert.equal(await page.locator(".cal-col").count(), 7);
    await page.locator("li.cal-appt").filter({ hasText: "Calendar check-up" }).waitFor();
    await settled(page);
    await shot(page, "24-calendar-week");
    assert.deepEqual(jsErrors(page), []);
  } finally {
    await context.close();
  }
});

test("a doctor account sees its own schedule and patients", async (t) => {
  if (!has("post", "/api/appointments") || !has("post", "/api/doctors")) return t.skip("the appointments API is not in /openapi.json yet");
  const doc = { email: `doc.${stamp}@e2e.carebeat.local`, password: "doctor-password-1", name: "Nora Lindqvist" };
  const { context, page } = await newPage();
  try {
    // The admin creates the doctor's login, linked to the doctor record.
    await signIn(page, admin);
    await page.getByRole("heading", { name: "Patients", exact: true }).waitFor();
    await page.getByRole("link", { name: "Accounts" }).click();
    await page.getByLabel("Role").selectOption("doctor");
    await page.getByLabel("Full name").fill(doc.name);
    await page.getByLabel("Email").fill(doc.email);
    await page.getByLabel("Initial password").fill(doc.password);
    await page.getByLabel("Doctor", { exact: true }).selectOption({ label: doctorName });
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByText(`Created doctor account for ${doc.email}.`).waitFor();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();

    await signIn(page, doc);
    await page.getByRole("heading", { name: "Appointments" }).waitFor();
    const links = (await page.getByRole("navigation", { name: "Sections" }).getByRole("link").allInnerTexts()).map((x) => x.trim());
    assert.deepEqual(links, ["Appointments", "Calendar", "Prescriptions", "Analytics", "Patients", "Doctors", "Calendar feed"]);
    assert.equal((await page.getByTestId("user-role").innerText()).trim(), "Doctor");
    await page.getByRole("row").filter({ hasText: "Sore throat" }).waitFor();
    await shot(page, "21-doctor-schedule");
    await page.getByRole("link", { name: "Patients" }).click();
    await page.getByRole("link", { name: patientUser.name }).waitFor();
    assert.equal(await page.getByRole("link", { name: "New patient" }).count(), 0);
    assert.deepEqual(jsErrors(page), []);
  } finally {
    await context.close();
  }
});

test("an admin reads the audit log, filtered by actor", async () => {
  // A patient trying the admin-only audit API is refused, and the refusal is audited.
  const patientToken = await apiLogin(patientUser);
  const denied = await fetch(`${base}/api/audit`, { headers: { authorization: `Bearer ${patientToken}` } });
  assert.equal(denied.status, 403);

  const { context, page } = await newPage();
  try {
    await signIn(page, admin);
    await page.getByRole("heading", { name: "Patients", exact: true }).waitFor();
    await page.getByRole("link", { name: "Audit log" }).click();
    await page.getByRole("heading", { name: "Audit log" }).waitFor();
    await page.getByRole("table").waitFor();
    // The front desk's booking from the calendar is in the trail, with who did it.
    await page.getByLabel("Action").fill("appointment.reschedule");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(/action=appointment.reschedule/);
    await settled(page);
    await page.locator("table.audit tbody tr").filter({ hasText: "staff" }).first().waitFor();
    const actions = await page.locator("table.audit tbody tr td:nth-child(3) button").allInnerTexts();
    assert.ok(actions.length > 0 && actions.every((a) => a.trim() === "appointment.reschedule"), actions.join(", "));
    // Every column fits: the table does not scroll sideways inside its card.
    const overflow = await page.locator(".table-wrap").evaluate((el) => el.scrollWidth - el.clientWidth);
    assert.ok(overflow <= 1, `the audit table is ${overflow}px too wide`);
    await shot(page, "16-audit-log");

    await page.getByRole("button", { name: "Clear" }).click();
    await page.waitForURL((u) => !u.search.includes("action"));
    await settled(page);

    // Only refusals: the patient's attempt on the audit API is there.
    await page.getByLabel("Outcome").selectOption("denied");
    await page.waitForURL(/outcome=denied/);
    await settled(page);
    await page.getByRole("button", { name: "audit.get" }).first().waitFor();
    const outcomes = await page.locator("table.audit tbody .badge").allInnerTexts();
    assert.ok(outcomes.length > 0 && outcomes.every((o) => o.trim().toLowerCase() === "denied"), outcomes.join(", "));
    await shot(page, "16b-audit-denied");
    await page.getByRole("button", { name: "Clear" }).click();
    await page.waitForURL((u) => !u.search.includes("outcome"));

    const actorId = (await page.locator("table.audit tbody tr").first().locator("td").nth(1).locator("button").innerText()).trim();
    await page.getByLabel("Actor id").fill(actorId);
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(/actorId=/);
    await settled(page);
    const actors = await page.locator("table.audit tbody tr td:nth-child(2) button").allInnerTexts();
    assert.ok(actors.length > 0 && actors.every((a) => a.trim() === actorId), `only ${actorId} in ${actors.join(", ")}`);
    assert.deepEqual(jsErrors(page), []);
  } finally {
    await context.close();
  }
});

test("the layout holds on a phone-sized screen", async () => {
  const { context, page } = await newPage({ width: 390, height: 844 });
  try {
    await page.goto(`${base}/signin`);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await shot(page, "17-mobile-sign-in");
    await signIn(page, admin);
    await page.getByRole("heading", { name: "Patients", exact: true }).waitFor();
    await page.getByRole("link", { name: `${patientRecord.given} ${patientRecord.family}` }).waitFor();
    assert.ok(await page.getByTestId("user-role").isVisible(), "the role is visible on a phone");
    assert.ok(await page.getByRole("button", { name: "Sign out" }).isVisible(), "sign out is reachable on a phone");
    await shot(page, "18-mobile-patients");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `page scrolls sideways by ${overflow}px`);

    // The calendar on a phone: one column under the other, nothing wider than the screen.
    await page.goto(`${base}/calendar?date=${nextWorkday()}`);
    await page.getByRole("heading", { name: "Calendar", exact: true }).waitFor();
    await page
      .getByRole("region", { name: doctorName })
      .getByRole("button", { name: / Free, book with / })
      .first()
      .waitFor();
    await shot(page, "18b-mobile-calendar");
    const calendarOverflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(calendarOverflow <= 1, `the calendar scrolls sideways by ${calendarOverflow}px`);
    assert.deepEqual(jsErrors(page), []);
  } finally {
    await context.close();
  }
});

test("keyboard only: sign in, skip to content, open and close a booking panel", async () => {
  const { context, page } = await newPage();
  try {
    await page.goto(`${base}/signin`);
    await page.getByLabel("Email").focus();
    await page.keyboard.type(staff.email);
    await page.keyboard.press("Tab");
    await page.keyboard.type(staff.password);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Patients", exact: true }).waitFor();

    // The first Tab stop is the skip link; it moves focus to the page's content.
    await page.goto(`${base}/calendar?date=${nextWorkday()}`);
    await page.getByRole("heading", { name: "Calendar", exact: true }).waitFor();
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), "Skip to content");
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "main");

    // A free time is a button: Enter opens the panel with focus in it, Escape closes it and
    // gives focus back to the slot.
    const slot = page
      .getByRole("region", { name: doctorName })
      .getByRole("button", { name: / Free, book with / })
      .first();
    await slot.focus();
    const label = await slot.getAttribute("aria-label");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Book this time" }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), "Book this time");
    await page.keyboard.press("Escape");
    await page.getByRole("heading", { name: "Book this time" }).waitFor({ state: "detached" });
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("aria-label")), label);
    assert.deepEqual(jsErrors(page), []);
  } finally {
    await context.close();
  }
});

test("the browser watch itself reports an unexpected failed response, and an expected one not", async () => {
  const { context, page } = await newPage();
  try {
    await page.goto(`${base}/api/no-such-route`);
    assert.deepEqual(jsErrors(page), [`404 GET ${base}/api/no-such-route`]);
    expectFailure(page, 404, /\/api\/also-missing$/);
    await page.goto(`${base}/api/also-missing`);
    assert.equal(jsErrors(page).length, 1);
  } finally {
    await context.close();
  }
});

test("axe-core finds no serious or critical accessibility violations on the screens above", () => {
  const report = accessibility.map((a) => `${a.screen}:\n${a.violations.map((v) => `  ${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.join("\n    ")}`).join("\n")}`);
  assert.equal(report.length, 0, `\n${report.join("\n")}`);
});
