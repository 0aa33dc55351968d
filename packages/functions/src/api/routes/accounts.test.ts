import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import WebSocket from "ws";
import { startTestApp, refreshCookieOf, type TestApp, type TestUser } from "@carebeat/local/testing";
import { newPatient, problem } from "./clinic.fixtures";

/**
 * Account administration and instant revocation (issue 18): disable/enable, change password,
 * and the per-account token version every request and every $connect is checked against.
 */
let t: TestApp;
let admin: TestUser, staff: TestUser;
before(async () => {
  t = await startTestApp();
  admin = await t.user("admin");
  staff = await t.user("staff");
});
after(async () => t?.stop());

async function audit(action: string, resourceId: string) {
  const res = await t.call("GET", `/api/audit?limit=200&action=${action}`, { token: admin.token });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return (res.body.items as any[]).filter((e) => e.resourceId === resourceId);
}

/** A live WebSocket to the local gateway, and a promise of its close code. */
async function socket(token: string) {
  const ws = new WebSocket(`${t.stack.realtime.url}?token=${encodeURIComponent(token)}`);
  const closed = new Promise<number>((resolve) => ws.on("close", (code) => resolve(code)));
  const opened = await new Promise<number>((resolve, reject) => {
    ws.once("open", () => resolve(101));
    ws.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
    ws.once("error", reject);
  });
  return { ws, opened, closed };
}

test("disabling an account: its access token is refused at once, its refresh token revoked, sign-in refused, its WebSocket closed and a new one refused; audited", async () => {
  const patientId = await newPatient(t, staff.token);
  const patient = await t.user("patient", { patientId });
  const doctorStaff = await t.user("staff");
  assert.equal((await t.call("GET", `/api/patients/${patientId}`, { token: patient.token })).status, 200);
  const live = await socket(doctorStaff.token);
  assert.equal(live.opened, 101);
  // The connection is stored by $connect before the upgrade completes; give the store a moment.
  await new Promise((r) => setTimeout(r, 100));

  const off = await t.call("POST", `/api/auth/users/${patient.id}/disable`, { token: admin.token });
  assert.equal(off.status, 200, JSON.stringify(off.body));
  assert.ok(off.body.disabledAt, "disabledAt set");
  assert.equal(off.body.passwordHash, undefined);

  const refused = await t.call("GET", `/api/patients/${patientId}`, { token: patient.token });
  problem(refused, 401);
  assert.equal(refused.body.code, "auth.token_revoked");
  problem(await t.call("POST", "/api/auth/refresh", { body: { refreshToken: patient.refreshToken } }), 401);
  problem(await t.call("POST", "/api/auth/login", { body: { email: patient.email, password: patient.password } }), 401);

  const started = Date.now();
  assert.equal((await t.call("POST", `/api/auth/users/${doctorStaff.id}/disable`, { token: admin.token })).status, 200);
  const code = await Promise.race([live.closed, new Promise<number>((r) => setTimeout(() => r(-1), 5_000))]);
  assert.notEqual(code, -1, "the open WebSocket is closed within 5 s");
  assert.ok(Date.now() - started < 5_000);
  const again = await socket(doctorStaff.token);
  assert.equal(again.opened, 401, "a disabled account's token opens no new WebSocket");
  problem(await t.call("GET", "/api/auth/me", { token: doctorStaff.token }), 401);

  const rows = await audit("account.disable", patient.id);
  assert.equal(rows.length, 1);
  assert.equal(rows[0].patientId, patientId, "audited by patient id");
  const listed = (await t.call("GET", "/api/auth/users", { token: admin.token })).body.items.find((u: any) => u.id === patient.id);
  assert.ok(listed.disabledAt, "the account list shows it disabled");
});

test("an account disabled behind the API's back (another container, or by hand) is refused within seconds, not after 15 minutes", async () => {
  const u = await t.user("staff");
  assert.equal((await t.call("GET", "/api/auth/me", { token: u.token })).status, 200);
  const { useDb } = await import("@carebeat/core/drizzle");
  const { sql } = await import("drizzle-orm");
  // What the probe did: the column set directly, so this process's cache is not told.
  await useDb().execute(sql`update users set disabled_at = now() where id = ${u.id}`);
  const started = Date.now();
  let status = 200;
  while (status === 200 && Date.now() - started < 10_000) {
    status = (await t.call("GET", "/api/auth/me", { token: u.token })).status;
    if (status === 200) await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(status, 401);
  const { REVOCATION_CACHE_MS } = await import("@carebeat/core/auth/revocation");
  assert.ok(Date.now() - started <= REVOCATION_CACHE_MS + 2_000, `refused after ${Date.now() - started} ms (cache ${REVOCATION_CACHE_MS} ms)`);
});

test("re-enabling: the account signs in again, the sessions ended by the disable stay ended; audited", async () => {
  const u = await t.user("staff");
  assert.equal((await t.call("POST", `/api/auth/users/${u.id}/disable`, { token: admin.token })).status, 200);
  const on = await t.call("POST", `/api/auth/users/${u.id}/enable`, { token: admin.token });
  assert.equal(on.status, 200);
  assert.equal(on.body.disabledAt, null);
  problem(await t.call("GET", "/api/auth/me", { token: u.token }), 401);
  problem(await t.call("POST", "/api/auth/refresh", { body: { refreshToken: u.refreshToken } }), 401);
  const login = await t.call("POST", "/api/auth/login", { body: { email: u.email, password: u.password } });
  assert.equal(login.status, 200);
  assert.equal((await t.call("GET", "/api/auth/me", { token: login.body.accessToken })).status, 200);
  assert.equal((await audit("account.enable", u.id)).length, 1);
});

test("disable and enable: admins only, not one's own account, unknown ids 404, idempotent", async () => {
  const u = await t.user("staff");
  problem(await t.call("POST", `/api/auth/users/${u.id}/disable`, { token: staff.token }), 403);
  problem(await t.call("POST", `/api/auth/users/${u.id}/disable`, {}), 401);
  problem(await t.call("POST", `/api/auth/users/${u.id}/enable`, { token: staff.token }), 403);
  const self = await t.call("POST", `/api/auth/users/${admin.id}/disable`, { token: admin.token });
  problem(self, 409, "id");
  assert.equal((await t.call("GET", "/api/auth/me", { token: admin.token })).status, 200, "the admin is still signed in");
  problem(await t.call("POST", "/api/auth/users/user_nobody/disable", { token: admin.token }), 404);
  problem(await t.call("POST", `/api/auth/users/${"x".repeat(65)}/disable`, { token: admin.token }), 400, "param.id");
  const first = await t.call("POST", `/api/auth/users/${u.id}/disable`, { token: admin.token });
  const second = await t.call("POST", `/api/auth/users/${u.id}/disable`, { token: admin.token });
  assert.equal(second.status, 200);
  assert.equal(second.body.disabledAt, first.body.disabledAt, "disabling again changes nothing");
  assert.equal((await audit("account.disable", u.id)).length, 1, "and audits nothing new");
});

test("changing one's password: the current one is required, other sessions end, this one continues", async () => {
  const u = await t.user("staff");
  const other = await t.call("POST", "/api/auth/login", { body: { email: u.email, password: u.password } });
  const otherRefresh = refreshCookieOf(other)!;

  const wrong = await t.call("POST", "/api/auth/password", { token: u.token, body: { currentPassword: "not the password", newPassword: "a brand new password" } });
  problem(wrong, 422, "currentPassword");
  problem(await t.call("POST", "/api/auth/password", { token: u.token, body: { currentPassword: u.password, newPassword: u.password } }), 400, "newPassword");
  problem(await t.call("POST", "/api/auth/password", { token: u.token, body: { currentPassword: u.password, newPassword: "short" } }), 400, "newPassword");
  problem(await t.call("POST", "/api/auth/password", { body: { currentPassword: u.password, newPassword: "a brand new password" } }), 401);

  const changed = await t.call("POST", "/api/auth/password", { token: u.token, body: { currentPassword: u.password, newPassword: "a brand new password" } });
  assert.equal(changed.status, 200, JSON.stringify(changed.body));
  assert.ok(changed.body.accessToken);
  assert.equal(changed.body.refreshToken, undefined, "the refresh token is in the cookie, never the body");
  const newRefresh = refreshCookieOf(changed)!;
  assert.ok(newRefresh);

  // This session goes on with the new tokens; every token from before is dead.
  assert.equal((await t.call("GET", "/api/auth/me", { token: changed.body.accessToken })).status, 200);
  problem(await t.call("GET", "/api/auth/me", { token: u.token }), 401);
  problem(await t.call("GET", "/api/auth/me", { token: other.body.accessToken }), 401);
  problem(await t.call("POST", "/api/auth/refresh", { body: { refreshToken: u.refreshToken } }), 401);
  problem(await t.call("POST", "/api/auth/refresh", { body: { refreshToken: otherRefresh } }), 401);
  assert.equal((await t.call("POST", "/api/auth/refresh", { body: { refreshToken: newRefresh } })).status, 200);

  problem(await t.call("POST", "/api/auth/login", { body: { email: u.email, password: u.password } }), 401);
  assert.equal((await t.call("POST", "/api/auth/login", { body: { email: u.email, password: "a brand new password" } })).status, 200);
  const rows = await audit("auth.password_change", u.id);
  assert.deepEqual(rows.map((r) => r.outcome).sort(), ["failed", "success"].sort());
  assert.ok(!JSON.stringify(rows).includes("brand new"), "no password in the audit log");
});

test("wrong current passwords count towards the sign-in throttle: a stolen access token is no password oracle", async () => {
  const u = await t.user("staff");
  const statuses: number[] = [];
  for (let i = 0; i < 7; i++) {
    statuses.push((await t.call("POST", "/api/auth/password", { token: u.token, body: { currentPassword: `guess number ${i}`, newPassword: "a brand new password" } })).status);
  }
  assert.deepEqual(statuses.slice(0, 5), [422, 422, 422, 422, 422]);
  assert.equal(statuses.at(-1), 429, statuses.join(","));
  // And the lockout is the login's own: the right password is refused for now too.
  assert.equal((await t.call("POST", "/api/auth/login", { body: { email: u.email, password: u.password } })).status, 429);
});
