import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startTestApp, refreshCookieOf, type TestApp } from "@carebeat/local/testing";

let t: TestApp;
before(async () => (t = await startTestApp()));
after(async () => t?.stop());

const email = () => `p${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.com`;

function assertProblem(res: { status: number; contentType: string; body: any }, status: number, field?: string) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.match(res.contentType, /^application\/problem\+json/);
  assert.equal(res.body.status, status);
  assert.ok(res.body.type && res.body.title && res.body.detail);
  if (field)
    assert.ok(
      res.body.errors?.some((e: any) => e.field === field),
      `expected field ${field} in ${JSON.stringify(res.body.errors)}`,
    );
}

test("register → login → me", async () => {
  const e = email();
  const reg = await t.call("POST", "/api/auth/register", { body: { email: e.toUpperCase(), password: "correct horse battery", name: "Pat Doe" } });
  assert.equal(reg.status, 202);
  assert.deepEqual(Object.keys(reg.body).sort(), ["message", "status"]);

  // The email was normalised to lower case.
  const login = await t.call("POST", "/api/auth/login", { body: { email: e, password: "correct horse battery" } });
  assert.equal(login.status, 200);
  assert.equal(login.body.tokenType, "Bearer");
  assert.equal(login.body.expiresIn, 900);
  const me = await t.call("GET", "/api/auth/me", { token: login.body.accessToken });
  assert.equal(me.status, 200);
  assert.equal(me.body.email, e);
  assert.equal(me.body.role, "patient", "self-registration only yields patients");
  assert.ok(me.body.patientId, "with its own patient record");
  assert.equal(me.body.passwordHash, undefined);
});

test("registration cannot pick a role", async () => {
  const e = email();
  const res = await t.call("POST", "/api/auth/register", { body: { email: e, password: "correct horse battery", name: "Eve", role: "admin" } });
  assert.equal(res.status, 202);
  const login = await t.call("POST", "/api/auth/login", { body: { email: e, password: "correct horse battery" } });
  assert.equal(login.body.user.role, "patient");
});

test("registering an existing email answers exactly like a new one, in comparable time, changes nothing, and is audited", async () => {
  const e = email();
  const timed = async (body: object) => {
    const started = performance.now();
    const res = await t.call("POST", "/api/auth/register", { body });
    return { res, ms: performance.now() - started };
  };
  const first = await timed({ email: e, password: "correct horse battery", name: "A" });
  const again = await timed({ email: e, password: "another password 123", name: "B" });
  const fresh = await timed({ email: email(), password: "correct horse battery", name: "C" });
  for (const r of [first, again, fresh]) {
    assert.equal(r.res.status, 202);
    assert.deepEqual(r.res.body, first.res.body);
    assert.equal(r.res.contentType, first.res.contentType);
  }
  // Both paths wait for the same floor; neither runs much past it here.
  const times = [first.ms, again.ms, fresh.ms];
  assert.ok(Math.min(...times) >= 590, JSON.stringify(times));
  assert.ok(Math.max(...times) - Math.min(...times) < 300, `comparable: ${JSON.stringify(times)}`);
  // The original password still works, the second one does not: nothing was changed.
  assert.equal((await t.call("POST", "/api/auth/login", { body: { email: e, password: "correct horse battery" } })).status, 200);
  assert.equal((await t.call("POST", "/api/auth/login", { body: { email: e, password: "another password 123" } })).status, 401);
  const admin = await t.user("admin");
  const log = await t.call("GET", "/api/audit?action=auth.register&outcome=failed&limit=200", { token: admin.token });
  const row = log.body.items.find((r: any) => r.requestId === again.res.headers.get("x-request-id"));
  assert.ok(row, "the attempt on an existing account is in the log");
  assert.equal(row.detail.reason, "email_taken");
  assert.ok(row.resourceId?.startsWith("usr_"), "naming the account it aimed at");
});

test("missing field, bad email, malformed JSON, wrong content type → 400 problem naming the field", async () => {
  assertProblem(await t.call("POST", "/api/auth/register", { body: { email: email(), password: "correct horse battery" } }), 400, "name");
  assertProblem(await t.call("POST", "/api/auth/register", { body: { email: "nope", password: "correct horse battery", name: "X" } }), 400, "email");
  assertProblem(await t.call("POST", "/api/auth/register", { body: { email: email(), password: "short", name: "X" } }), 400, "password");
  // One line, no control characters or bidi overrides in a name (issue 18).
  assertProblem(await t.call("POST", "/api/auth/register", { body: { email: email(), password: "correct horse battery", name: "Eve\u202Eeve" } }), 400, "name");
  assertProblem(await t.call("POST", "/api/auth/register", { body: { email: email(), password: "correct horse battery", name: "Eve", familyName: "A\nB" } }), 400, "familyName");
  assertProblem(await t.call("POST", "/api/auth/login", { raw: '{"email": "a@b.c", ' }), 400, "(body)");
  assertProblem(await t.call("POST", "/api/auth/login", { raw: "email=a@b.c", headers: { "content-type": "application/x-www-form-urlencoded" } }), 415, "(body)");
  assertProblem(await t.call("POST", "/api/auth/login", { raw: "[]" }), 400);
});

test("wrong password and unknown email look the same", async () => {
  const u = await t.user("staff");
  const wrong = await t.call("POST", "/api/auth/login", { body: { email: u.email, password: "not the password" } });
  const unknown = await t.call("POST", "/api/auth/login", { body: { email: email(), password: "not the password" } });
  assertProblem(wrong, 401);
  assertProblem(unknown, 401);
  assert.equal(wrong.body.detail, unknown.body.detail);
});

test("tampered, expired, alg none and garbage tokens → 401", async () => {
  const u = await t.user("patient");
  const [h, p, s] = u.token.split(".");
  const payload = JSON.parse(Buffer.from(p!, "base64url").toString());
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const tampered = `${h}.${b64({ ...payload, role: "admin" })}.${s}`;
  const none = `${b64({ alg: "none", typ: "at+jwt" })}.${b64({ ...payload, role: "admin" })}.`;
  const { signAccessToken } = await import("@carebeat/core/auth/jwt-testing");
  const expired = await signAccessToken({ sub: u.id, role: "patient" }, -60);
  for (const token of [tampered, none, expired, "garbage", `${h}.${p}`]) {
    assertProblem(await t.call("GET", "/api/auth/me", { token }), 401);
  }
  assertProblem(await t.call("GET", "/api/auth/me"), 401);
  assertProblem(await t.call("GET", "/api/auth/me", { headers: { authorization: "Basic Zm9vOmJhcg==" } }), 401);
  assert.equal((await t.call("GET", "/api/auth/me", { token: u.token })).status, 200, "the untampered token still works");
});

test("a patient calling an admin route → 403; an admin → 200", async () => {
  const patient = await t.user("patient");
  const admin = await t.user("admin");
  assertProblem(await t.call("GET", "/api/auth/users", { token: patient.token }), 403);
  assertProblem(await t.call("POST", "/api/auth/users", { token: patient.token, body: { email: email(), password: "correct horse battery", name: "X", role: "admin" } }), 403);
  const list = await t.call("GET", "/api/auth/users", { token: admin.token });
  assert.equal(list.status, 200);
  assert.ok(list.body.items.some((u: any) => u.id === patient.id));
});

test("the role check runs before validation (no schema leak to the wrong role)", async () => {
  const patient = await t.user("patient");
  assertProblem(await t.call("POST", "/api/auth/users", { token: patient.token, body: { nonsense: true } }), 403);
});

test("admin creates a doctor account that can sign in", async () => {
  const admin = await t.user("admin");
  const e = email();
  // Links that name nothing are refused with 422 naming the field, and nothing is written (issue 18).
  const ghost = await t.call("POST", "/api/auth/users", {
    token: admin.token,
    body: { email: e, password: "correct horse battery", name: "Dr Ghost", role: "doctor", doctorId: "doc_01jzzzzzzzzzzzzzzzzzzzzzzz" },
  });
  assertProblem(ghost, 422, "doctorId");
  assertProblem(
    await t.call("POST", "/api/auth/users", {
      token: admin.token,
      body: { email: e, password: "correct horse battery", name: "Pat Ghost", role: "patient", patientId: "pat_01jzzzzzzzzzzzzzzzzzzzzzzz" },
    }),
    422,
    "patientId",
  );
  const created = await t.call("POST", "/api/auth/users", { token: admin.token, body: { email: e, password: "correct horse battery", name: "Dr Who", role: "doctor" } });
  assert.equal(created.status, 201);
  assert.equal(created.body.role, "doctor");
  const login = await t.call("POST", "/api/auth/login", { body: { email: e, password: "correct horse battery" } });
  assert.equal(login.status, 200);
  assert.equal(login.body.user.role, "doctor");
});

test("refresh rotates; replaying a rotated token ends the whole session", async () => {
  const u = await t.user("staff");
  const first = await t.call("POST", "/api/auth/refresh", { body: { refreshToken: u.refreshToken } });
  assert.equal(first.status, 200);
  const rotated = refreshCookieOf(first)!;
  assert.ok(rotated && rotated !== u.refreshToken);
  assert.equal(first.body.refreshToken, undefined, "never in the body");
  assert.equal((await t.call("GET", "/api/auth/me", { token: first.body.accessToken })).status, 200);

  const replay = await t.call("POST", "/api/auth/refresh", { body: { refreshToken: u.refreshToken } });
  assertProblem(replay, 401);
  assert.equal(replay.body.code, "auth.refresh_token_reused");
  // The legitimate successor is revoked too: the family is burned.
  assertProblem(await t.call("POST", "/api/auth/refresh", { body: { refreshToken: rotated } }), 401);
});

test("logout revokes the refresh token", async () => {
  const u = await t.user("staff");
  assert.equal((await t.call("POST", "/api/auth/logout", { body: { refreshToken: u.refreshToken } })).status, 204);
  assertProblem(await t.call("POST", "/api/auth/refresh", { body: { refreshToken: u.refreshToken } }), 401);
});

test("five failed logins lock the account with 429 and Retry-After, even for the right password", async () => {
  const u = await t.user("patient");
  for (let i = 0; i < 5; i++) assertProblem(await t.call("POST", "/api/auth/login", { body: { email: u.email, password: `wrong-${i}` } }), 401);
  const locked = await t.call("POST", "/api/auth/login", { body: { email: u.email, password: u.password } });
  assertProblem(locked, 429);
  assert.ok(Number(locked.headers.get("retry-after")) > 0);
  // Another account is unaffected.
  const other = await t.user("patient");
  assert.equal((await t.call("POST", "/api/auth/login", { body: { email: other.email, password: other.password } })).status, 200);
});

test("50 concurrent wrong logins: at most 5 are evaluated, the rest 429 with Retry-After; the right password is refused while locked", { timeout: 120_000 }, async () => {
  const u = await t.user("patient");
  const burst = await Promise.all(Array.from({ length: 50 }, (_, i) => t.call("POST", "/api/auth/login", { body: { email: u.email, password: `wrong-guess-${i}` } })));
  const evaluated = burst.filter((r) => r.status === 401).length;
  const refused = burst.filter((r) => r.status === 429);
  assert.ok(evaluated <= 5, `${evaluated} guesses were evaluated`);
  assert.equal(evaluated + refused.length, 50, JSON.stringify(burst.map((r) => r.status)));
  for (const r of refused) {
    assertProblem(r, 429);
    assert.ok(Number(r.headers.get("retry-after")) > 0 && Number(r.headers.get("retry-after")) <= 900);
  }
  // A burst with the right password in it cannot sign in either (nor reset the count).
  const mixed = await Promise.all([
    ...Array.from({ length: 10 }, () => t.call("POST", "/api/auth/login", { body: { email: u.email, password: "still-wrong" } })),
    t.call("POST", "/api/auth/login", { body: { email: u.email, password: u.password } }),
  ]);
  assert.ok(
    mixed.every((r) => r.status === 429),
    JSON.stringify(mixed.map((r) => r.status)),
  );
});

const cookieFor = (token: string) => ({ cookie: `__Secure-carebeat-refresh=${token}` });

test("login sets the refresh token as an HttpOnly, Secure, SameSite=Strict cookie for /api/auth, never in the body", async () => {
  const u = await t.user("patient");
  const login = await t.call("POST", "/api/auth/login", { body: { email: u.email, password: u.password } });
  assert.equal(login.status, 200);
  assert.equal(login.body.refreshToken, undefined);
  assert.ok(login.body.accessToken);
  const cookie = login.headers.getSetCookie().find((l) => l.startsWith("__Secure-carebeat-refresh="))!;
  assert.ok(cookie, "a refresh cookie is set");
  for (const attr of ["HttpOnly", "Secure", "SameSite=Strict", "Path=/api/auth", "Max-Age=1209600"]) assert.ok(cookie.split("; ").includes(attr), `${attr} in ${cookie}`);
});

test("refresh and logout with the cookie need the CSRF header and a same-origin Origin", async () => {
  const u = await t.user("staff");
  // Without the header, or from another origin: refused, and the token still works afterwards.
  assertProblem(await t.call("POST", "/api/auth/refresh", { headers: cookieFor(u.refreshToken) }), 403, "x-carebeat-csrf");
  assertProblem(await t.call("POST", "/api/auth/refresh", { headers: { ...cookieFor(u.refreshToken), "x-carebeat-csrf": "1", origin: "https://evil.example" } }), 403);
  assertProblem(await t.call("POST", "/api/auth/logout", { headers: cookieFor(u.refreshToken) }), 403);
  const ok = await t.call("POST", "/api/auth/refresh", { headers: { ...cookieFor(u.refreshToken), "x-carebeat-csrf": "1", origin: "http://localhost" } });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  const next = refreshCookieOf(ok)!;
  assert.equal((await t.call("GET", "/api/auth/me", { token: ok.body.accessToken })).status, 200);
  // Logout with the cookie revokes it and clears the cookie.
  const out = await t.call("POST", "/api/auth/logout", { headers: { ...cookieFor(next), "x-carebeat-csrf": "1" } });
  assert.equal(out.status, 204);
  assert.ok(out.headers.getSetCookie().some((l) => l.startsWith("__Secure-carebeat-refresh=;") && /Max-Age=0/.test(l)));
  const refused = await t.call("POST", "/api/auth/refresh", { headers: { ...cookieFor(next), "x-carebeat-csrf": "1" } });
  assertProblem(refused, 401);
  assert.ok(
    refused.headers.getSetCookie().some((l) => /Max-Age=0/.test(l)),
    "a refused cookie is cleared",
  );
  // No token at all.
  assertProblem(await t.call("POST", "/api/auth/refresh", { body: {} }), 401);
});

test("JWKS serves the public key that verifies issued tokens", async () => {
  const u = await t.user("patient");
  const res = await t.call("GET", "/api/auth/jwks.json");
  assert.equal(res.status, 200);
  const { createLocalJWKSet, jwtVerify } = await import("jose");
  const { payload } = await jwtVerify(u.token, createLocalJWKSet(res.body), { audience: "carebeat-api" });
  assert.equal(payload.sub, u.id);
  assert.equal(res.body.keys[0].d, undefined);
});

test("health reports each dependency", async () => {
  const res = await t.call("GET", "/health");
  assert.equal(res.status, 200);
  assert.equal(res.body.status, "ok");
  for (const dep of ["postgres", "dynamodb", "s3"]) assert.equal(res.body.checks[dep].status, "ok", dep);
});

test("unknown API path → 404 problem", async () => {
  assertProblem(await t.call("GET", "/api/nope"), 404);
});
