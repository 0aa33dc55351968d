/**
 * The whole offline runtime in-process for an e2e file, as `npm start` composes it: the local
 * stack (PGlite, dynalite, s3rver, local Step Functions with the billing machine, the WebSocket
 * gateway), the event log (outbox → analytics and invoice pushes) and the server with `/ws`;
 * plus headless Chromium and the page helpers the tests share.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { startLocalStack, type LocalStack } from "../../packages/local/src/stack";
import { startServer, type RunningServer } from "../../packages/local/src/server";
import { startEventLog, type EventLog } from "../../packages/local/src/events/index";
import { axeViolations, type AxeViolation } from "./axe";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const webDist = path.join(root, "web/dist");
const shotsDir = path.join(root, "test-results/screenshots");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface Runtime {
  base: string;
  stack: LocalStack;
  browser: Browser;
  stop(): Promise<void>;
}

export async function startRuntime(users: { email: string; password: string; name: string; role: "admin" | "staff" }[]): Promise<Runtime> {
  if (!existsSync(path.join(webDist, "index.html"))) throw new Error("web/dist is missing: run `npm run build -w web` before the e2e tests.");
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: run \`bash scripts/install-chromium.sh\` once.`);
  mkdirSync(shotsDir, { recursive: true });
  const stack = await startLocalStack({ stage: "e2e", log: () => {} });
  const { Auth } = await import("@carebeat/core/auth");
  const { withActor } = await import("@carebeat/core/actor");
  for (const u of users) await withActor({ type: "system", name: "e2e" }, () => Auth.createUser(u));
  const events: EventLog = await startEventLog({ log: () => {} });
  const server: RunningServer = await startServer({ port: 0, webDist, host: "127.0.0.1", upgrade: stack.realtime.handleUpgrade, s3: stack.s3.serveSameOrigin });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  return {
    base: server.url,
    stack,
    browser,
    async stop() {
      await browser.close().catch(() => {});
      await server.stop().catch(() => {});
      await events.stop().catch(() => {});
      await stack.stop().catch(() => {});
    },
  };
}

/** A fresh browser profile (own cookies and storage), failing the test on console errors. */
export async function newPage(browser: Browser, viewport = { width: 1360, height: 860 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: "en-GB", timezoneId: "Europe/Berlin" });
  const page = await context.newPage();
  watch(page);
  return { context, page };
}

/** A request a step provokes on purpose (a wrong password's 401, a refused booking's 409). */
interface ExpectedFailure {
  status: number;
  url: RegExp;
}
type Watched = Page & { jsErrors?: string[]; expectedFailures?: ExpectedFailure[] };

/**
 * Collect what a user's browser would show as broken: uncaught exceptions, console errors, every
 * response of 400 or above and every request that failed outright (refused, reset, blocked) —
 * unless the test declared it with `expectFailure` first. `jsErrors` returns them; each test
 * asserts it is empty, so an unexpected 404 for a script, a 500 behind a toast or a probe of a
 * route neither home serves fails the test (issue 18).
 */
export function watch(page: Page) {
  page.setDefaultTimeout(10_000);
  const watched = page as Watched;
  const errors: string[] = [];
  watched.jsErrors = errors;
  watched.expectedFailures = [];
  const expected = (status: number, url: string) => watched.expectedFailures!.some((e) => e.status === status && e.url.test(url));
  page.on("pageerror", (e) => errors.push(e.message));
  // Chromium also logs each failed response as "Failed to load resource: … status of N": the
  // response itself is judged below, with the allow-list.
  page.on("console", (m) => m.type() === "error" && !/Failed to load resource: the server responded with a status of \d{3}/.test(m.text()) && errors.push(m.text()));
  page.on("response", (r) => {
    if (r.status() >= 400 && !expected(r.status(), r.url())) errors.push(`${r.status()} ${r.request().method()} ${r.url()}`);
  });
  page.on("requestfailed", (r) => {
    const why = r.failure()?.errorText ?? "failed";
    // A request the page itself abandoned (navigating away, a closed tab) is not a failure the user sees.
    if (why === "net::ERR_ABORTED") return;
    errors.push(`${why} ${r.method()} ${r.url()}`);
  });
}

/** Declare a failing response the next steps provoke on purpose; anything else still fails the test. */
export function expectFailure(page: Page, status: number, url: RegExp) {
  (page as Watched).expectedFailures?.push({ status, url });
}

export function jsErrors(page: Page) {
  return (page as Watched).jsErrors ?? [];
}

/** Serious/critical axe-core findings per screenshot; the last test asserts there are none. */
export const accessibility: { screen: string; violations: AxeViolation[] }[] = [];

/** A full-page screenshot that is also an axe-core run of that screen. */
export async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(shotsDir, `${name}.png`), fullPage: true });
  const violations = await axeViolations(page);
  if (violations.length) accessibility.push({ screen: name, violations });
}

/** Retry an assertion (playwright-core has no `expect`). */
export async function eventually(check: () => Promise<void>, timeoutMs = 5000) {
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

export async function signIn(page: Page, base: string, who: { email: string; password: string }) {
  await page.goto(`${base}/signin`);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

/** Sign in over the API: the access token and the user (with its linked patient/doctor). */
export async function apiLogin(base: string, who: { email: string; password: string }) {
  const res = await fetch(`${base}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(who) });
  assert.equal(res.status, 200, `login ${who.email}`);
  return (await res.json()) as { accessToken: string; user: { id: string; patientId?: string | null } };
}

export async function api<T = any>(base: string, token: string, method: string, p: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}${p}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
