/**
 * Two-step sign-in (TOTP) in real headless Chromium against the offline runtime (docs/auth.md,
 * "Multi-factor sign-in"): an admin requires it for the front desk; a front-desk account signing in
 * is shown only the enrolment page, scans (here: reads) the secret, confirms with a code computed
 * like an authenticator app, saves its recovery codes, and from then on signs in with a code — the
 * same code twice is refused. Screenshots (each an axe-core check): test-results/screenshots/mfa-*.png
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import * as OTPAuth from "otpauth";
import { accessibility, api, apiLogin, expectFailure, jsErrors, newPage, shot, signIn, startRuntime, type Runtime } from "./runtime";

const admin = { email: "admin@mfa.carebeat.local", password: "admin-password-e2e", name: "Ada Admin", role: "admin" as const };
const staff = { email: "desk@mfa.carebeat.local", password: "staff-password-e2e", name: "Sam Front-Desk", role: "staff" as const };

let rt: Runtime;
let base = "";
const codeAt = (secret: string, offset = 0) =>
  new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 }).generate({ timestamp: Date.now() + offset * 30_000 });

before(async () => {
  rt = await startRuntime([admin, staff]);
  base = rt.base;
  const token = (await apiLogin(base, admin)).accessToken;
  const set = await api(base, token, "PUT", "/api/auth/mfa/policy", { admin: false, staff: true, doctor: false, patient: false });
  assert.equal(set.status, 200, JSON.stringify(set.body));
});
after(async () => rt?.stop());

test("a front-desk account is sent to enrolment, sets up two-step sign-in, then signs in with a code used once", async () => {
  const { context, page } = await newPage(rt.browser);
  let secret = "";
  try {
    await page.goto(`${base}/signin`);
    await page.getByLabel("Email").fill(staff.email);
    await page.getByLabel("Password").fill(staff.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("Your clinic requires two-step sign-in for your role").waitFor();
    assert.match(new URL(page.url()).pathname, /^\/two-step$/);
    await page.getByRole("button", { name: "Set up two-step sign-in" }).click();
    await page.getByRole("img", { name: "QR code to add Carebeat to your authenticator app" }).waitFor();
    secret = (await page.getByTestId("mfa-secret").innerText()).replace(/\s+/g, "");
    assert.match(secret, /^[A-Z2-7]{32}$/);
    await shot(page, "mfa-1-enrol");

    // A wrong code first: the field says so.
    await page.getByLabel("Code from the app").fill("000000");
    expectFailure(page, 422, /\/api\/auth\/mfa\/confirm$/);
    await page.getByRole("button", { name: "Turn on two-step sign-in" }).click();
    await page.getByText("Not valid").waitFor();
    await page.getByLabel("Code from the app").fill(codeAt(secret));
    await page.getByRole("button", { name: "Turn on two-step sign-in" }).click();
    await page.getByRole("heading", { name: "Save your recovery codes" }).waitFor();
    const codes = (await page.getByTestId("recovery-codes").innerText()).split(/\s+/).filter(Boolean);
    assert.equal(codes.length, 10);
    await shot(page, "mfa-2-recovery-codes");
    await page.getByRole("button", { name: "I have saved them" }).click();
    await page.getByRole("heading", { name: "Patients" }).waitFor();
    assert.deepEqual(jsErrors(page), []);
  } finally {
    await context.close();
  }

  // Signing in again: the code step, with the next step's code.
  const second = await newPage(rt.browser);
  const code = codeAt(secret, 1);
  try {
    const p = second.page;
    await p.goto(`${base}/signin`);
    await p.getByLabel("Email").fill(staff.email);
    await p.getByLabel("Password").fill(staff.password);
    expectFailure(p, 401, /\/api\/auth\/login$/);
    await p.getByRole("button", { name: "Sign in" }).click();
    await p.getByLabel("Code").waitFor();
    await shot(p, "mfa-3-code-step");
    await p.getByLabel("Code").fill(code);
    await p.getByRole("button", { name: "Verify" }).click();
    await p.getByRole("button", { name: "Sign out" }).waitFor();
    assert.deepEqual(jsErrors(p), []);
  } finally {
    await second.context.close();
  }

  // The same code again, elsewhere: refused.
  const third = await newPage(rt.browser);
  try {
    const p = third.page;
    await p.goto(`${base}/signin`);
    await p.getByLabel("Email").fill(staff.email);
    await p.getByLabel("Password").fill(staff.password);
    expectFailure(p, 401, /\/api\/auth\/login$/);
    await p.getByRole("button", { name: "Sign in" }).click();
    await p.getByLabel("Code").fill(code);
    await p.getByRole("button", { name: "Verify" }).click();
    await p.getByText("That code is not valid, or was already used").waitFor();
    await shot(p, "mfa-4-replay-refused");
    assert.deepEqual(jsErrors(p), []);
  } finally {
    await third.context.close();
  }
});

test("the admin sees the policy and can reset an account's two-step sign-in", async () => {
  const { context, page } = await newPage(rt.browser);
  try {
    await signIn(page, base, admin);
    await page.goto(`${base}/accounts`);
    await page.getByRole("form", { name: "Two-step sign-in policy" }).waitFor();
    assert.equal(await page.getByLabel("Required for front desk accounts").isChecked(), true);
    await page.getByRole("button", { name: `Reset two-step sign-in of ${staff.email}` }).click();
    await page.getByRole("button", { name: `Confirm: reset two-step sign-in of ${staff.email}` }).click();
    await page.getByText(`Two-step sign-in reset for ${staff.email}`).waitFor();
    await shot(page, "mfa-5-accounts");
    assert.deepEqual(jsErrors(page), []);
  } finally {
    await context.close();
  }
});

test("every two-step screen passes axe-core (serious and critical)", () => {
  assert.deepEqual(
    accessibility.filter((a) => a.screen.startsWith("mfa-")),
    [],
  );
});
