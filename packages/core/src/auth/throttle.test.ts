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

test("the limit holds across processes (three runtimes, like three Lambda containers, 20 attempts each at once)", { timeout: 120_000 }, async () => {
  const { spawn } = await import("node:child_process");
  const { fileURLToPath } = await import("node:url");
  const email = unique("procs");
  const script = `
    const { takeAttempt } = await import(${JSON.stringify(fileURLToPath(new URL("./throttle.ts", import.meta.url)))});
    const { closeDb } = await import(${JSON.stringify(fileURLToPath(new URL("../drizzle/index.ts", import.meta.url)))});
    const r = await Promise.allSettled(Array.from({ length: 20 }, () => takeAttempt(${JSON.stringify(email)}, undefined)));
    console.log(JSON.stringify({ granted: r.filter((x) => x.status === "fulfilled").length, refused: r.filter((x) => x.status === "rejected" && x.reason?.code === "auth.locked").length }));
    await closeDb();`;
  const run = () =>
    new Promise<{ granted: number; refused: number }>((resolve, reject) => {
      // The child inherits SST_RESOURCE_Database: it reaches the same database as this process.
      const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
        env: { ...process.env, CAREBEAT_DB_POOL: "5" },
        stdio: ["ignore", "pipe", "inherit"],
      });
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out.trim().split("\n").pop()!)) : reject(new Error(`child exited ${code}: ${out}`))));
    });
  const results = await Promise.all([run(), run(), run()]);
  assert.equal(
    results.reduce((n, r) => n + r.granted, 0),
    limits.email,
    JSON.stringify(results),
  );
  assert.equal(
    results.reduce((n, r) => n + r.refused, 0),
    60 - limits.email,
  );
});
