/**
 * Invoices and live analytics in real headless Chromium against the whole offline runtime
 * (billing state machine, event log, WebSocket gateway), in-process.
 *
 *   npm run build -w web && npx tsx --test web/e2e/billing-live.test.ts
 *
 * The front desk books from the calendar while two other tabs watch the Analytics counter and
 * the Invoices list change without a reload; records a payment with a double click (one
 * payment); a new patient sees only their own invoices and downloads the PDF; the Analytics
 * page goes offline and catches up. Screenshots: test-results/screenshots/4x-*.png, each
 * also an axe-core run.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import type { BrowserContext, Page, Response } from "playwright-core";
import { accessibility, api, apiLogin, eventually, expectFailure, jsErrors, newPage, shot, signIn, startRuntime, watch, type Runtime } from "./runtime";

const stamp = Date.now().toString(36).slice(-4);
const admin = { email: "admin@live.carebeat.local", password: "admin-password-e2e", name: "Ada Admin", role: "admin" as const };
const staff = { email: "desk@live.carebeat.local", password: "staff-password-e2e", name: "Sam Front-Desk", role: "staff" as const };
// Every run starts an empty runtime, so plain names cannot collide with an earlier run.
const patientUser = { email: `pia.${stamp}@live.carebeat.local`, password: "patient-password-1", name: "Pia Okafor" };
const lena = "Dr. Lena Vogt";
const omar = "Dr. Omar Haddad";
const walkIn = { given: "Jonas", family: "Berger" };
const allWeek = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: "00:00", end: "24:00" }));
const DAY = 86_400_000;

let rt: Runtime;
let base = "";
let adminToken = "";
let staffToken = "";
const ids = { lena: "", omar: "", walkIn: "", walkInInvoices: [] as string[], bookedFromCalendar: "" };
let slotNo = 0;

/** Two days ahead, Europe/Berlin calendar date (the browser's zone in these tests). */
function bookingDay() {
  const d = new Date(Date.now() + 2 * DAY);
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin" }).format(d);
}

/** A half-hour slot two days ahead, from 06:00 UTC on, one per call (never clashing). */
function slot() {
  const d = new Date(Date.now() + 2 * DAY);
  d.setUTCHours(6, 0, 0, 0);
  const start = new Date(d.getTime() + slotNo++ * 30 * 60_000);
  return { startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 30 * 60_000).toISOString() };
}

async function book(doctorId: string, patientId: string, reason = "Check-up") {
  const res = await api(base, staffToken, "POST", "/api/appointments", { doctorId, patientId, reason, ...slot() });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id as string;
}

async function issuedInvoiceOf(appointmentId: string) {
  let found: any;
  await eventually(async () => {
    const res = await api(base, staffToken, "GET", `/api/invoices?appointmentId=${appointmentId}`);
    found = res.body.items?.[0];
    assert.equal(found?.status, "issued", `invoice of ${appointmentId}: ${found?.status}`);
  }, 20_000);
  return found as { id: string; number: string; patientId: string };
}

async function bookedCount() {
  return (await api(base, staffToken, "GET", "/api/analytics/summary")).body.totals.booked as number;
}

before(async () => {
  rt = await startRuntime([admin, staff]);
  base = rt.base;
  adminToken = (await apiLogin(base, admin)).accessToken;
  staffToken = (await apiLogin(base, staff)).accessToken;
  for (const [key, name, fee] of [
    ["lena", lena, 8000],
    ["omar", omar, 9500],
  ] as const) {
    const res = await api(base, adminToken, "POST", "/api/doctors", {
      name,
      specialty: key === "lena" ? "General practice" : "Dermatology",
      visitFeeCents: fee,
      currency: "EUR",
      timezone: "Europe/Berlin",
      workingHours: allWeek,
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    ids[key] = res.body.id;
  }
  const p = await api(base, staffToken, "POST", "/api/patients", { name: walkIn, birthDate: "1984-03-12" });
  assert.equal(p.status, 201, JSON.stringify(p.body));
  ids.walkIn = p.body.id;
  // Some history for the dashboard: five bookings over two doctors, one of them cancelled.
  const booked = [
    await book(ids.lena, ids.walkIn),
    await book(ids.lena, ids.walkIn),
    await book(ids.omar, ids.walkIn),
    await book(ids.omar, ids.walkIn),
    await book(ids.lena, ids.walkIn),
  ];
  assert.equal((await api(base, staffToken, "POST", `/api/appointments/${booked[4]}/cancel`, { reason: "Feeling better" })).status, 200);
  for (const a of booked.slice(0, 4)) ids.walkInInvoices.push((await issuedInvoiceOf(a)).id);
  await eventually(async () => assert.equal(await bookedCount(), 5), 20_000);
});

after(async () => {
  await rt?.stop();
});

const marker = (page: Page) => page.evaluate(() => ((window as unknown as { __sameDocument?: boolean }).__sameDocument = true));
const sameDocument = async (page: Page) =>
  assert.equal(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument), true, "the page was not reloaded");
const live = (page: Page) => page.getByTestId("connection-state").filter({ hasText: "Live" }).waitFor();
const number = async (page: Page, testId: string) => Number((await page.getByTestId(testId).innerText()).trim());

let watcher: { context: BrowserContext; analytics: Page; invoices: Page } | undefined;
let desk: { context: BrowserContext; page: Page } | undefined;

test("the front desk books from the calendar; the Analytics counter and the Invoices list update live, without a reload", async () => {
  // Tab 1: Analytics, opened from the navigation.
  const { context, page: analytics } = await newPage(rt.browser);
  await signIn(analytics, base, staff);
  await analytics.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Analytics" }).click();
  await analytics.getByRole("heading", { name: "Analytics", exact: true }).waitFor();
  await live(analytics);
  await eventually(async () => assert.equal(await number(analytics, "total-booked"), 5));
  assert.equal(await number(analytics, "total-cancelled"), 1);
  const perDoctor = analytics.getByRole("table", { name: "Per doctor" });
  await perDoctor.getByRole("rowheader", { name: lena }).waitFor();
  await perDoctor.getByRole("rowheader", { name: omar }).waitFor();
  // uPlot drew real bars: the chart's canvas has pixels in the brand colour.
  await analytics.locator("[data-testid=hourly-chart] canvas").waitFor();
  await eventually(async () => assert.ok((await brandPixels(analytics)) > 50, "bars drawn"));
  await analytics.getByText(/^Window: /).waitFor();

  // Tab 2: the Invoices list, same browser profile.
  const invoices = await context.newPage();
  watch(invoices);
  // Names come with the list (one query on the server): no request per row for a patient.
  const patientReads: string[] = [];
  invoices.on("request", (r) => /\/api\/patients\/[^/?]+$/.test(r.url()) && patientReads.push(r.url()));
  await invoices.goto(`${base}/invoices`);
  await invoices.getByRole("heading", { name: "Invoices", exact: true }).waitFor();
  await live(invoices);
  const rows = invoices.locator("tbody tr");
  await eventually(async () => assert.equal(await rows.count(), 5)); // four issued, one void
  await invoices.locator("tbody tr").filter({ hasText: "Void" }).waitFor();
  assert.equal(await rows.filter({ hasText: `${walkIn.given} ${walkIn.family}` }).count(), 5, "the patient's name on every row");
  assert.deepEqual(patientReads, []);
  await shot(invoices, "40-invoices-list");
  await marker(analytics);
  await marker(invoices);
  watcher = { context, analytics, invoices };

  // Another desk books from the calendar.
  desk = await newPage(rt.browser);
  const page = desk.page;
  await signIn(page, base, staff);
  await page.goto(`${base}/calendar?doctorId=${ids.lena}&date=${bookingDay()}`);
  const column = page.getByRole("region", { name: lena });
  const free = column.getByRole("button", { name: / Free, book with / });
  await free.nth(4).click();
  await page.getByRole("heading", { name: "Book this time" }).waitFor();
  await page.getByLabel("Find patient").fill(walkIn.family);
  await page.getByRole("button", { name: "Find" }).click();
  await page.getByRole("button", { name: new RegExp(`${walkIn.given} ${walkIn.family}`) }).click();
  await page.getByLabel("Reason for visit").fill("Live dashboard check");
  await page.getByRole("button", { name: "Book appointment" }).click();
  await page.getByText(/^Booked with /).waitFor();

  // Both watching tabs change by themselves.
  await eventually(async () => assert.equal(await number(analytics, "total-booked"), 6), 15_000);
  await eventually(async () => assert.equal(await rows.count(), 6), 15_000);
  const newest = rows.first();
  await newest.getByText("Issued").waitFor();
  await newest.getByText(lena).waitFor();
  await newest.getByText(`${walkIn.given} ${walkIn.family}`).waitFor();
  assert.deepEqual(patientReads, [], "a live update reads the invoice, not the patient");
  await sameDocument(analytics);
  await sameDocument(invoices);
  await settle(analytics);
  await shot(analytics, "41-analytics-live");
  await shot(invoices, "42-invoices-new-invoice-live");
  ids.bookedFromCalendar = (await newest.getAttribute("data-invoice-id"))!;
  assert.deepEqual(jsErrors(page), []);
  assert.deepEqual(jsErrors(analytics), []);
  assert.deepEqual(jsErrors(invoices), []);
});

test("the front desk records a payment: a double click records one payment, the other tab sees it paid", async () => {
  assert.ok(desk && watcher && ids.bookedFromCalendar, "the booking test ran");
  const page = desk.page;
  await page.goto(`${base}/invoices`);
  await page.locator(`tr[data-invoice-id="${ids.bookedFromCalendar}"] a`).click();
  await page.getByRole("heading", { name: /^Invoice \d{4}-\d{6}$/ }).waitFor();
  // The workflow, step by step, finished.
  const steps = page.getByRole("list", { name: "Workflow steps" });
  await steps.getByText("Issue the invoice").waitFor();
  assert.equal(await steps.locator("li.step-succeeded").count(), await steps.locator("li").count());
  assert.equal((await page.getByTestId("invoice-balance").innerText()).replace(/\s/g, ""), "€80.00");
  await shot(page, "43-invoice-detail");

  const keys: string[] = [];
  page.on("request", (r) => r.method() === "POST" && r.url().endsWith("/pay") && keys.push(r.headers()["idempotency-key"] ?? ""));
  await page.getByLabel("Method").selectOption("cash");
  await page.getByRole("button", { name: "Record payment" }).dblclick();
  await page.getByText("Payment of €80.00 recorded.").waitFor();
  await page.getByTestId("invoice-status").getByText("Paid").waitFor();
  await page.getByRole("list", { name: "Payments" }).locator("li").first().waitFor();
  assert.equal(await page.getByRole("list", { name: "Payments" }).locator("li").count(), 1);
  assert.ok(keys.length >= 1 && keys.every((k) => k && k === keys[0]), `one key for the form: ${keys.join(", ")}`);
  const detail = await api(base, staffToken, "GET", `/api/invoices/${ids.bookedFromCalendar}`);
  assert.equal(detail.body.payments.length, 1, "exactly one payment recorded");
  assert.equal(detail.body.status, "paid");
  await shot(page, "44-invoice-paid");

  // The list in the other profile turns Paid on the push.
  const row = watcher.invoices.locator(`tr[data-invoice-id="${ids.bookedFromCalendar}"]`);
  await eventually(async () => assert.match(await row.getByTestId("invoice-status").innerText(), /Paid/), 15_000);
  await sameDocument(watcher.invoices);
  assert.deepEqual(jsErrors(page), []);
  assert.deepEqual(jsErrors(watcher.invoices), []);
});

test("Analytics offline: the badge says so; back online it reconnects and catches up", async () => {
  assert.ok(watcher, "the booking test ran");
  const { context, analytics } = watcher;
  const before = await number(analytics, "total-booked");
  await context.setOffline(true);
  await analytics.getByTestId("connection-state").filter({ hasText: "Offline" }).waitFor();
  await book(ids.omar, ids.walkIn, "Booked while the dashboard was offline");
  await eventually(async () => assert.equal(await bookedCount(), before + 1), 15_000);
  assert.equal(await number(analytics, "total-booked"), before, "nothing arrives while offline");
  await shot(analytics, "45-analytics-offline");
  await context.setOffline(false);
  await live(analytics);
  await eventually(async () => assert.equal(await number(analytics, "total-booked"), before + 1), 10_000);
  await sameDocument(analytics);
  assert.deepEqual(jsErrors(analytics), []);
});

test("a patient registers, sees only their own invoices and appointments, and downloads their invoice PDF", async () => {
  const { context, page } = await newPage(rt.browser);
  try {
    await page.goto(`${base}/register`);
    await page.getByLabel("Full name").fill(patientUser.name);
    await page.getByLabel("Email").fill(patientUser.email);
    await page.getByLabel("Password").fill(patientUser.password);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: "My record" }).waitFor();
    const patientId = (await apiLogin(base, patientUser)).user.patientId!;
    assert.ok(patientId, "registration linked a patient record");
    const own = await issuedInvoiceOf(await book(ids.omar, patientId, "Rash on the arm"));

    await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "My invoices" }).click();
    await page.getByRole("heading", { name: "My invoices" }).waitFor();
    const rows = page.locator("tbody tr");
    await eventually(async () => assert.equal(await rows.count(), 1, "only their own invoice"));
    assert.equal(await rows.first().getAttribute("data-invoice-id"), own.id);
    assert.equal(await page.locator('th:has-text("Patient")').count(), 0, "no patient column for a patient");
    await shot(page, "46-patient-invoices");

    // Somebody else's invoice: refused, and said so.
    expectFailure(page, 403, new RegExp(`/api/invoices/${ids.walkInInvoices[0]}$`));
    await page.goto(`${base}/invoices/${ids.walkInInvoices[0]}`);
    await page.getByRole("alert").filter({ hasText: "may not see this" }).waitFor();
    assert.equal(await page.getByRole("heading", { name: /^Invoice \d/ }).count(), 0);

    await page.goto(`${base}/invoices/${own.id}`);
    await page.getByRole("heading", { name: `Invoice ${own.number}` }).waitFor();
    assert.equal(await page.getByRole("button", { name: "Record payment" }).count(), 0, "patients do not record payments");
    await shot(page, "47-patient-invoice-detail");
    const pdf = await downloadPdf(context, page);
    assert.equal(pdf.contentType, "application/pdf");
    assert.equal(pdf.body.subarray(0, 5).toString(), "%PDF-");
    // The presigned link opens on the site's own origin (/_s3/…), so it works from any machine that reaches the site.
    assert.ok(pdf.url.startsWith(`${base}/_s3/`), pdf.url);

    await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "My appointments" }).click();
    await page.getByRole("heading", { name: "My appointments" }).waitFor();
    await eventually(async () => assert.equal(await page.locator("tbody tr").count(), 1, "only their own appointment"));
    await page.locator("tbody tr").getByText("Rash on the arm").waitFor();
    assert.deepEqual(jsErrors(page), []);
  } finally {
    await context.close();
  }
});

test("an admin opens Invoices and Analytics from the navigation", async () => {
  const { context, page } = await newPage(rt.browser);
  try {
    await signIn(page, base, admin);
    const nav = page.getByRole("navigation", { name: "Sections" });
    await nav.getByRole("link", { name: "Invoices" }).click();
    await page.getByRole("heading", { name: "Invoices", exact: true }).waitFor();
    // The patient filter picks by name: all of Jonas Berger's invoices, not Pia Okafor's.
    await eventually(async () => assert.equal(await page.locator("tbody tr").count(), 8));
    await page.getByLabel("Find patient").fill(walkIn.family);
    await page.getByRole("button", { name: "Find" }).click();
    await page.getByRole("button", { name: new RegExp(`${walkIn.given} ${walkIn.family}`) }).click();
    await page.waitForURL(/patientId=/);
    await eventually(async () => assert.equal(await page.locator("tbody tr").count(), 7));
    assert.equal(await page.locator("tbody tr").filter({ hasText: patientUser.name }).count(), 0);
    // Then by status and doctor: the paid invoice of Dr Vogt only.
    await page.getByLabel("Status").selectOption("paid");
    await page.getByLabel("Doctor").selectOption({ label: lena });
    await eventually(async () => assert.equal(await page.locator("tbody tr").count(), 1));
    await page.locator(`tr[data-invoice-id="${ids.bookedFromCalendar}"]`).waitFor();
    await shot(page, "48-invoices-filtered");
    await nav.getByRole("link", { name: "Analytics" }).click();
    await page.getByRole("heading", { name: "Analytics", exact: true }).waitFor();
    await live(page);
    await page.locator("[data-testid=hourly-chart] canvas").waitFor();
    await eventually(async () => assert.ok((await brandPixels(page)) > 50, "bars drawn"));
    await settle(page);
    await shot(page, "49-analytics-admin");
    assert.deepEqual(jsErrors(page), []);
  } finally {
    await context.close();
  }
});

test("on a phone-sized screen Invoices and Analytics fit without sideways scrolling", async () => {
  const { context, page } = await newPage(rt.browser, { width: 390, height: 844 });
  try {
    await signIn(page, base, staff);
    const fits = async () => assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), "no sideways scrolling");
    await page.goto(`${base}/invoices`);
    await page.locator("tbody tr").first().waitFor();
    await fits();
    await shot(page, "50-phone-invoices");
    await page.goto(`${base}/analytics`);
    await page.locator("[data-testid=hourly-chart] canvas").waitFor();
    await settle(page);
    await fits();
    await shot(page, "51-phone-analytics");
    assert.deepEqual(jsErrors(page), []);
  } finally {
    await context.close();
  }
});

test("axe-core finds no serious or critical violations on Invoices, an invoice and Analytics", async () => {
  await watcher?.context.close();
  await desk?.context.close();
  const lines = accessibility.flatMap((a) => a.violations.map((v) => `${a.screen}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.join(" | ")}`));
  assert.deepEqual(lines, []);
});

/** Pixels of the brand colour (the bookings bars) on the chart's canvas. */
function brandPixels(page: Page) {
  return page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>("[data-testid=hourly-chart] canvas");
    const ctx = canvas?.getContext("2d");
    if (!canvas || !ctx) return 0;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i]! - 15) < 30 && Math.abs(data[i + 1]! - 95) < 30 && Math.abs(data[i + 2]! - 92) < 30 && data[i + 3]! > 100) n++;
    return n;
  });
}

/** Let the row highlight and chart transitions finish before a screenshot. */
async function settle(page: Page) {
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
  await page.waitForTimeout(300);
}

/**
 * Click "Download PDF": the site opens a tab and sends it to the presigned S3 URL. The
 * document's response is caught on the browser profile (the tab may show it or save it).
 */
async function downloadPdf(context: BrowserContext, page: Page): Promise<{ contentType: string; body: Buffer; url: string }> {
  const pdfResponse = new Promise<Response>((resolve) => {
    context.on("response", (r) => {
      if (/\/invoices\/[^/?]+\.pdf\?/.test(r.url())) resolve(r);
    });
  });
  const popup = context.waitForEvent("page");
  await page.getByRole("button", { name: "Download PDF" }).click();
  const tab = await popup;
  const res = await pdfResponse;
  const contentType = (res.headers()["content-type"] ?? "").split(";")[0]!.trim();
  // Chromium hands an inline PDF to its viewer and reports the viewer's page as the body, so
  // the bytes are read again from here with the same presigned URL (valid for 5 minutes).
  const seen = await res.body().catch(() => Buffer.alloc(0));
  const body = seen.subarray(0, 5).toString() === "%PDF-" ? seen : Buffer.from(await (await fetch(res.url())).arrayBuffer());
  await tab.close().catch(() => {});
  return { contentType, body, url: res.url() };
}
