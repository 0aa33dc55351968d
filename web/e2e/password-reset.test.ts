/**
 * "Forgot your password?" in real headless Chromium against the offline runtime, with a real SMTP
 * server behind the offline SES (docs/auth.md, "Password reset"): the patient asks on the sign-in
 * page, the link is read out of the mail that arrived, opened in the browser (the token leaves the
 * address bar at once), a new password is set and used; the spent link then says so.
 * Screenshots (each also an axe-core check): test-results/screenshots/reset-*.png
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startTestSmtp } from "../../packages/local/src/smtp-testing";
import { accessibility, expectFailure, jsErrors, newPage, shot, startRuntime, type Runtime } from "./runtime";

const stamp = Date.now().toString(36).slice(-4);
const patient = { email: `rosa.${stamp}@reset.carebeat.local`, password: "patient-password-1", name: "Rosa Lind" };

let rt: Runtime;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let base = "";

before(async () => {
  smtp = await startTestSmtp();
  process.env.CAREBEAT_SMTP_URL = smtp.url;
  rt = await startRuntime([]);
  base = rt.base;
  // The links in mail point at this server (the runtime defaults to localhost:$PORT).
  process.env.CAREBEAT_SITE_URL = base;
  assert.equal((await fetch(`${base}/api/auth/register`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(patient) })).status, 202);
});
after(async () => {
  await rt?.stop();
  await smtp?.stop();
  delete process.env.CAREBEAT_SMTP_URL;
});

test("a patient who forgot the password gets a link by email, sets a new one, and signs in with it", async () => {
  const { context, page } = await newPage(rt.browser);
  try {
    await page.goto(`${base}/signin`);
    await page.getByLabel("Email").fill(patient.email);
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await page.getByRole("heading", { name: "Reset your password" }).waitFor();
    assert.equal(await page.getByLabel("Email").inputValue(), patient.email, "the address typed on the sign-in page is carried over");
    await shot(page, "reset-1-forgot");
    await page.getByRole("button", { name: "Send the link" }).click();
    await page.getByText("a link to reset its password is on its way").waitFor();
    await shot(page, "reset-2-sent");

    await rt.stack.mail.drain();
    const [mail] = await smtp.waitFor(1);
    assert.deepEqual(mail!.envelopeTo, [patient.email]);
    assert.equal(mail!.mail.subject, "Reset your Carebeat password");
    const link = new RegExp(`${base.replace(/[.:/]/g, "\\$&")}/reset-password#token=[A-Za-z0-9_-]+`).exec(mail!.mail.text ?? "")?.[0];
    assert.ok(link, `a link to this site in: ${mail!.mail.text}`);

    await page.goto(link);
    await page.getByRole("heading", { name: "Choose a new password" }).waitFor();
    assert.equal(new URL(page.url()).hash, "", "the token is taken out of the address bar");
    await page.getByLabel("New password", { exact: true }).fill("a fresh new password");
    await page.getByLabel("Repeat the new password").fill("a fresh new password");
    await shot(page, "reset-3-choose");
    await page.getByRole("button", { name: "Set the new password" }).click();
    await page.getByText("Your password was set. Sign in with the new one.").waitFor();
    await shot(page, "reset-4-signin");

    await page.getByLabel("Email").fill(patient.email);
    await page.getByLabel("Password").fill("a fresh new password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("button", { name: "Sign out" }).waitFor();

    // The same link a second time: spent, and the page says what to do.
    const { context: again, page: second } = await newPage(rt.browser);
    try {
      await second.goto(link);
      await second.getByLabel("New password", { exact: true }).fill("yet another password");
      await second.getByLabel("Repeat the new password").fill("yet another password");
      expectFailure(second, 400, /\/api\/auth\/password\/reset$/);
      await second.getByRole("button", { name: "Set the new password" }).click();
      await second.getByText("This link is invalid, expired or already used.").waitFor();
      await shot(second, "reset-5-spent");
      assert.deepEqual(jsErrors(second), []);
    } finally {
      await again.close();
    }
    assert.deepEqual(jsErrors(page), []);
  } finally {
    await context.close();
  }
});

test("every reset screen passes axe-core (serious and critical)", () => {
  assert.deepEqual(
    accessibility.filter((a) => a.screen.startsWith("reset-")),
    [],
  );
});
