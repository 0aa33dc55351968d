import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startLocalStack, type LocalStack } from "@carebeat/local/stack";
import { takeAttempt, attemptSucceeded, ThrottledError, limits } from "./throttle";

/** The throttle's counting against the real database of this home (PGlite, or DATABASE_URL). */
let stack: LocalStack;
before(async () => (stack = await startLocalStack({ databaseUrl: process.env.DATABASE_URL, stage: "test" })));
after(async () => stack?.stop());

const unique = (tag: string) => `${tag}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@test.carebeat`;

async function settle(n: number, attempt: () => Promise<unknown>) {
  const results = await Promise.allSettled(Array.from({ length: n }, attempt));
  const granted = results.filter((r) => r.status === "fulfilled").length;
  const refused = results.filter((r) => r.status === "rejected" && r.reason instanceof ThrottledError);
  return { granted, refused: refused.length, other: n - granted - refused.length };
}

test("of 50 concurrent attempts for one email exactly 5 get a slot", async () => {
  const email = unique("burst");
  const r = await settle(50, () => takeAttempt(email, undefined));
  assert.deepEqual(r, { granted: limits.email, refused: 50 - limits.email, other: 0 });
});

test("a success clears the email's count and returns the address's slot", async () => {
  const email = unique("ok");
  const ip = `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
  for (let i = 0; i < 4; i++) await takeAttempt(email, ip);
  await attemptSucceeded(await takeAttempt(email, ip));
  // Five more for the email after the reset; the address has used 4 of its budget.
  for (let i = 0; i < limits.email; i++) await takeAttempt(email, ip);
  await assert.rejects(takeAttempt(email, ip), (e: ThrottledError) => e.scope === "email" && Number(e.headers["Retry-After"]) > 0);
});

test("one address cannot spray many accounts", async () => {
  const ip = `10.8.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
  const r = await settle(limits.ip + 20, () => takeAttempt(unique("spray"), ip));
  assert.deepEqual(r, { granted: limits.ip, refused: 20, other: 0 });
  await assert.rejects(takeAttempt(unique("spray"), ip), (e: ThrottledError) => e.scope === "ip");
});
