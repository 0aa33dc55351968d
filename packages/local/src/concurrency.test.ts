import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startTestApp, type TestApp } from "./testing";

/**
 * Regression: with several connections, pglite-socket interleaved the extended-protocol
 * messages of concurrent queries, so one query ran with another's parameters (22P02/08P01,
 * or worse, a wrong answer). Concurrent requests must each get their own right answer.
 */
let t: TestApp;
before(async () => (t = await startTestApp()));
after(async () => t?.stop());

test("concurrent reads, writes and transactions each get their own answer", { timeout: 120_000 }, async () => {
  const users = await Promise.all(["staff", "doctor", "patient", "admin"].map((r) => t.user(r as any)));
  for (let round = 0; round < 5; round++) {
    const calls = Array.from({ length: 24 }, (_, i) => {
      const u = users[i % users.length]!;
      if (i % 6 === 5) return t.call("POST", "/api/auth/refresh", { body: { refreshToken: "x".repeat(40) } }).then((r) => ({ r, expect: 401, u }));
      if (i % 6 === 4) return t.call("GET", "/api/audit?limit=5", { token: users[3]!.token }).then((r) => ({ r, expect: 200, u: users[3]! }));
      return t.call("GET", "/api/auth/me", { token: u.token }).then((r) => ({ r, expect: 200, u }));
    });
    for (const { r, expect, u } of await Promise.all(calls)) {
      assert.equal(r.status, expect, JSON.stringify(r.body));
      if (r.body?.email) assert.equal(r.body.id, u.id, "each caller sees their own account");
    }
  }
});
